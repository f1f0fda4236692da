package qr

import (
	"bytes"
	"encoding/base64"
	"image/png"
	"strings"
	"testing"
)

func TestPNGDataURLDecodes(t *testing.T) {
	url, err := PNGDataURL("2@abc,def,ghi,jkl")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(url, "data:image/png;base64,"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil || img.Bounds().Dx() != 320 {
		t.Fatalf("png: %v %v", err, img.Bounds())
	}
}

func TestTerminalHasBlocks(t *testing.T) {
	s, err := Terminal("2@abc,def")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.ContainsAny(s, "█▀▄") || strings.Count(s, "\n") < 10 {
		t.Fatalf("terminal QR:\n%s", s)
	}
}
