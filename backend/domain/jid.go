package domain

import "strings"

// UserServer is the JID server of phone-number accounts.
const UserServer = "s.whatsapp.net"

// NormalizeChatJID lets scripts name a chat by phone number: "+1 555 0100",
// "1-555-0100" or "15550100" become "15550100@s.whatsapp.net". A value with
// an "@" is a JID already and is returned as it is (trimmed); anything else
// that is not a phone number is returned unchanged, for the store to answer
// 404.
func NormalizeChatJID(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.Contains(s, "@") {
		return s
	}
	var digits strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case strings.ContainsRune("+ -.()", r):
		default:
			return s
		}
	}
	if d := digits.String(); len(d) >= 5 && len(d) <= 15 {
		return d + "@" + UserServer
	}
	return s
}
