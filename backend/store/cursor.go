package store

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/wasync/wasync/backend/domain"
)

// A keyset cursor is the (timestamp, key) of the last row of a page, opaque
// to clients.
func encodeCursor(ts int64, key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(ts, 10) + "\x00" + key))
}

func decodeCursor(c string) (int64, string, error) {
	bad := domain.Errorf(domain.CodeInvalid, "cursor %q is not one this server gave out", c)
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, "", bad
	}
	tsPart, key, ok := strings.Cut(string(raw), "\x00")
	if !ok {
		return 0, "", bad
	}
	ts, err := strconv.ParseInt(tsPart, 10, 64)
	if err != nil {
		return 0, "", bad
	}
	return ts, key, nil
}
