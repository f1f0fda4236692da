package domain

import "net/url"

// RedactURL reduces a URL to its scheme and host for logs: webhook URLs
// often carry a token in their path or query (n8n, Home Assistant).
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "(unparsable URL)"
	}
	return u.Scheme + "://" + u.Host
}
