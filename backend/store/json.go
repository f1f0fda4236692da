package store

import "encoding/json"

// jsonArray encodes strings for json_each(?) parameters.
func jsonArray(v []string) string {
	b, _ := json.Marshal(v)
	return string(b)
}
