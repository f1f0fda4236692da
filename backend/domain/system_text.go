package domain

import (
	"strconv"
	"strings"
	"time"
)

// SystemText is a system notice's readable text, as WhatsApp words it:
// "{actor}" is who did it ("You" when fromMe), "{targets}" whom it was done
// to and "{0}" its first parameter. Actor and targets are shown by the
// names in s.Names (filled at read time) or else as phone numbers. A kind
// with no template of its own reads as its humanised name.
func SystemText(s *System, fromMe bool) string {
	tmpl, ok := SystemTemplate(s.Kind)
	if !ok {
		return humanize(s.Kind)
	}
	if s.Kind == "CHANGE_EPHEMERAL_SETTING" && len(s.Params) > 0 {
		if secs, _ := strconv.Atoi(s.Params[0]); secs > 0 {
			tmpl = "{actor} set messages to disappear after " + duration(secs)
		} else {
			tmpl = "{actor} turned off disappearing messages"
		}
	}
	actor := "You"
	if !fromMe {
		actor = s.name(s.Actor)
	}
	targets := make([]string, 0, len(s.Targets))
	for _, t := range s.Targets {
		targets = append(targets, s.name(t))
	}
	param := ""
	if len(s.Params) > 0 {
		param = s.Params[0]
	}
	out := strings.NewReplacer("{actor}", actor, "{targets}", joinNames(targets), "{0}", param).Replace(tmpl)
	return strings.ToUpper(out[:1]) + out[1:]
}

// name is how a JID is shown: its known name, else its number.
func (s *System) name(jid string) string {
	if n := s.Names[jid]; n != "" {
		return n
	}
	if jid == "" {
		return "Someone"
	}
	user, server, _ := strings.Cut(jid, "@")
	user, _, _ = strings.Cut(user, ":")
	if server == "s.whatsapp.net" {
		return "+" + user
	}
	return user
}

// joinNames is "a", "a and b" or "a, b and c".
func joinNames(n []string) string {
	switch len(n) {
	case 0:
		return "someone"
	case 1:
		return n[0]
	}
	return strings.Join(n[:len(n)-1], ", ") + " and " + n[len(n)-1]
}

// humanize turns GROUP_CHANGE_NO_FREQUENTLY_FORWARDED into "Group change
// no frequently forwarded".
func humanize(kind string) string {
	if kind == "" {
		return "System message"
	}
	s := strings.ToLower(strings.ReplaceAll(kind, "_", " "))
	return strings.ToUpper(s[:1]) + s[1:]
}

// duration is a disappearing-message timer as WhatsApp names it.
func duration(secs int) string {
	d := time.Duration(secs) * time.Second
	switch {
	case d%(24*time.Hour) == 0 && d >= 24*time.Hour:
		n := int(d / (24 * time.Hour))
		if n == 1 {
			return "24 hours"
		}
		return strconv.Itoa(n) + " days"
	case d%time.Hour == 0:
		return strconv.Itoa(int(d/time.Hour)) + " hours"
	}
	return d.String()
}
