// Package qr renders pairing codes: a PNG data: URL for the UI and API, and
// text for a terminal on a headless server. It is the only importer of
// skip2/go-qrcode.
package qr

import (
	"encoding/base64"
	"fmt"

	qrcode "github.com/skip2/go-qrcode"
)

// PNGDataURL renders code as a 320x320 PNG in a data: URL.
func PNGDataURL(code string) (string, error) {
	png, err := qrcode.Encode(code, qrcode.Medium, 320)
	if err != nil {
		return "", fmt.Errorf("render QR code: %w", err)
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(png), nil
}
