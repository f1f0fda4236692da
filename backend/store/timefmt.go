package store

import "time"

// rfc3339 formats Unix seconds for clients; zero is "".
func rfc3339(sec int64) string {
	if sec == 0 {
		return ""
	}
	return time.Unix(sec, 0).UTC().Format(time.RFC3339)
}
