package qr

import (
	"bytes"
	"encoding/base64"
	"image/png"
	"strings"
	"testing"

	qrcode "github.com/skip2/go-qrcode"
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

// TestTerminalIsTheModuleMatrix reads the half blocks back into modules and
// compares them with the encoder's own bitmap, quiet zone included.
func TestTerminalIsTheModuleMatrix(t *testing.T) {
	const code = "2@abc,def,ghi,jkl"
	q, err := qrcode.New(code, qrcode.Low)
	if err != nil {
		t.Fatal(err)
	}
	want := q.Bitmap()
	for _, opts := range []TerminalOptions{{}, {Plain: true}} {
		s, err := Terminal(code, opts)
		if err != nil {
			t.Fatal(err)
		}
		if opts.Plain == strings.Contains(s, "\x1b[") {
			t.Fatalf("plain=%v but escapes present=%v", opts.Plain, !opts.Plain)
		}
		lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
		if len(lines) != (len(want)+1)/2 {
			t.Fatalf("%d lines for %d module rows", len(lines), len(want))
		}
		for i, line := range lines {
			line = strings.TrimSuffix(strings.TrimPrefix(line, darkOnLight), reset)
			for x, r := range []rune(line) {
				top := r == '█' || r == '▀'
				bottom := r == '█' || r == '▄'
				if top != want[2*i][x] || (2*i+1 < len(want) && bottom != want[2*i+1][x]) {
					t.Fatalf("module (%d,%d) differs", x, 2*i)
				}
			}
		}
		for _, r := range lines[0] {
			if r == '█' || r == '▀' {
				t.Fatal("no quiet zone on top")
			}
		}
	}
}
