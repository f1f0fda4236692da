package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/wasync/wasync/backend/qr"
)

// codesStopped is printed when WhatsApp's batch of QR codes has run out.
const codesStopped = "codes stopped: run `wasync-server link` or press Enter / restart / POST /session/qr for new ones"

// printQR writes pairing code n of a batch to out: a separator line with
// its expiry, the code as half blocks, and what to do with it.
func printQR(out io.Writer, n int, code, expiresAt string, now time.Time, plain bool) {
	text, err := qr.Terminal(code, qr.TerminalOptions{Plain: plain})
	if err != nil {
		fmt.Fprintf(out, "cannot draw pairing code %d: %v\n", n, err)
		return
	}
	until := expiresAt
	if t, err := time.Parse(time.RFC3339, expiresAt); err == nil {
		until = fmt.Sprintf("%s (in %d s)", t.Local().Format("15:04:05"), int(t.Sub(now).Round(time.Second).Seconds()))
	}
	head := fmt.Sprintf("── pairing QR code %d · expires %s ", n, until)
	fmt.Fprintf(out, "\n%s%s\n%s", head, strings.Repeat("─", max(0, 72-len([]rune(head)))), text)
	fmt.Fprintln(out, "Scan with WhatsApp > Settings > Linked devices > Link a device. A new code follows when this one expires.")
}

// printPairCode writes the 8-character code to type on the phone.
func printPairCode(out io.Writer, phone, code string) {
	fmt.Fprintf(out, "\nPair code for %s: %s\nOn the phone: WhatsApp > Settings > Linked devices > Link a device > Link with phone number instead, then type the code.\n", phone, code)
}
