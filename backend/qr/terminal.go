package qr

import (
	"fmt"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// Terminal colours: 256-colour black on white, so the code reads the same
// on light and dark terminal themes (phones cannot read an inverted code).
const (
	darkOnLight = "\x1b[38;5;16;48;5;231m"
	reset       = "\x1b[0m"
)

// TerminalOptions choose how a code is drawn in a terminal.
type TerminalOptions struct {
	// Plain leaves out the colour escapes (NO_COLOR): the glyphs are the
	// dark modules, so the code then needs a light terminal background.
	Plain bool
}

// Terminal renders code with Unicode half blocks, two module rows per text
// line, inside the 4-module quiet zone the standard asks for. Every glyph
// drawn is a dark module: "█" both, "▀" the upper, "▄" the lower, " "
// neither. Unless opts.Plain, each line is black on white whatever the
// terminal's theme.
func Terminal(code string, opts TerminalOptions) (string, error) {
	q, err := qrcode.New(code, qrcode.Low)
	if err != nil {
		return "", fmt.Errorf("render QR code: %w", err)
	}
	bits := q.Bitmap() // includes the quiet zone
	var b strings.Builder
	for y := 0; y < len(bits); y += 2 {
		if !opts.Plain {
			b.WriteString(darkOnLight)
		}
		for x := range bits[y] {
			top := bits[y][x]
			bottom := y+1 < len(bits) && bits[y+1][x]
			switch {
			case top && bottom:
				b.WriteString("█")
			case top:
				b.WriteString("▀")
			case bottom:
				b.WriteString("▄")
			default:
				b.WriteString(" ")
			}
		}
		if !opts.Plain {
			b.WriteString(reset)
		}
		b.WriteString("\n")
	}
	return b.String(), nil
}
