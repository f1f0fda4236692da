package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/wasync/wasync/backend/core"
	"github.com/wasync/wasync/backend/domain"
)

// terminal is where a headless server talks to the person who started it.
type terminal struct {
	in    io.Reader // nil: no Enter to wait for
	out   io.Writer
	plain bool // NO_COLOR: draw QR codes without colour escapes
}

// pairingConsole links a phone from the terminal of a headless server: it
// starts pairing when no phone is linked, prints each QR code (or the pair
// code for --pair-phone), says when the codes stop, and starts again when
// Enter is pressed.
type pairingConsole struct {
	svc   *core.Service
	term  terminal
	phone string // --pair-phone
	log   *slog.Logger
	now   func() time.Time
}

// start asks for pairing codes if no phone is linked.
func (p pairingConsole) start(ctx context.Context) {
	sess, err := p.svc.Session(ctx)
	if err != nil || sess.State != domain.StateLoggedOut {
		return
	}
	if p.phone != "" {
		code, err := p.svc.PairPhone(ctx, p.phone)
		if err != nil {
			fmt.Fprintf(p.term.out, "cannot get a pair code for %s: %v\n", p.phone, err)
			return
		}
		printPairCode(p.term.out, p.phone, code)
		return
	}
	if _, err := p.svc.StartPairing(ctx); err != nil {
		fmt.Fprintf(p.term.out, "cannot start pairing: %v\n%s\n", err, codesStopped)
	}
}

// readEnter starts pairing again on each line read, while no phone is linked.
func (p pairingConsole) readEnter(ctx context.Context) {
	if p.term.in == nil {
		return
	}
	sc := bufio.NewScanner(p.term.in)
	for sc.Scan() {
		if ctx.Err() != nil {
			return
		}
		p.start(ctx)
	}
}

// print follows the event stream and prints each pairing code as it comes,
// and what happened when the codes stop.
func (p pairingConsole) print(ctx context.Context) {
	events, cancel := p.svc.Events(64)
	defer cancel()
	n := 0
	linking := false // from the first code until connected or stopped
	for {
		select {
		case <-ctx.Done():
			return
		case ev, open := <-events:
			if !open {
				return
			}
			switch data := ev.Data.(type) {
			case map[string]string:
				if ev.EventType != domain.EventConnectionQR {
					continue
				}
				n++
				if p.phone == "" {
					printQR(p.term.out, n, data["code"], data["expires_at"], p.now(), p.term.plain)
				}
			case domain.Session:
				if ev.EventType != domain.EventConnectionState {
					continue
				}
				switch data.State {
				case domain.StateWaitingQR:
					if !linking {
						n = 0
					}
					linking = true
				case domain.StateLoggedOut:
					if linking {
						reason := data.Reason
						if reason == "" {
							reason = "Pairing ended"
						}
						fmt.Fprintf(p.term.out, "\n%s. %s\n", reason, codesStopped)
					}
					linking = false
				case domain.StateConnected:
					if linking {
						fmt.Fprintf(p.term.out, "\nLinked to %s. History arrives in the background.\n", data.JID)
					}
					linking = false
				}
			}
		}
	}
}

// printLoginLink prints a single-use login link, unless a browser session
// exists already (then the link would only be a secret in the journal).
func printLoginLink(ctx context.Context, svc *core.Service, base string, out io.Writer) {
	if !svc.LoginLinkWanted(ctx) {
		fmt.Fprintf(out, "A browser is logged in already, so no login link is printed; `wasync-server login-link` makes one.\n")
		return
	}
	token, exp := svc.NewLoginLink(ctx)
	fmt.Fprintf(out, "Open the UI (single-use login link, valid until %s): %s/auth/link?token=%s\n", exp.Local().Format("15:04:05"), base, token)
}
