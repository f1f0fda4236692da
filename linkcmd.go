package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/wasync/wasync/backend/config"
	"github.com/wasync/wasync/backend/domain"
)

// linkPoll is how often `wasync-server link` looks at the session.
const linkPoll = 500 * time.Millisecond

// linkCommand links a phone to the running instance from a terminal
// (`wasync-server link [--phone NUMBER]`): it asks for pairing codes,
// prints each QR code (or the pair code) and waits until the phone is
// linked or the codes stop.
func linkCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	f, err := config.ParseClient("link", args, getenv, stderr)
	if err != nil {
		return flagExit(err, stderr)
	}
	c, err := dialRunning(f.DataDir, getenv)
	if err != nil {
		fmt.Fprintf(stderr, "wasync: %v\n", err)
		return 1
	}
	var sess domain.Session
	if f.Phone != "" {
		var out struct {
			PairCode string `json:"pair_code"`
		}
		if err := c.call(ctx, http.MethodPost, "/session/pair-code", map[string]string{"phone": f.Phone}, &out); err != nil {
			fmt.Fprintf(stderr, "wasync: %v\n", err)
			return 1
		}
		printPairCode(stdout, f.Phone, out.PairCode)
	} else if err := c.call(ctx, http.MethodPost, "/session/qr", nil, &sess); err != nil {
		fmt.Fprintf(stderr, "wasync: %v\n", err)
		return 1
	}
	return followLink(ctx, c, f.Phone == "", getenv("NO_COLOR") != "", stdout, stderr)
}

// followLink prints each new QR code (showQR) until the session is
// connected (exit 0) or the codes stop (exit 1).
func followLink(ctx context.Context, c *apiClient, showQR, plain bool, stdout, stderr io.Writer) int {
	shown, n := "", 0
	for {
		var sess domain.Session
		if err := c.call(ctx, http.MethodGet, "/session", nil, &sess); err != nil {
			fmt.Fprintf(stderr, "wasync: %v\n", err)
			return 1
		}
		switch sess.State {
		case domain.StateConnected:
			fmt.Fprintf(stdout, "\nLinked to %s.\n", sess.JID)
			return 0
		case domain.StateLoggedOut:
			fmt.Fprintf(stdout, "\n%s. %s\n", orDefault(sess.Reason, "Pairing ended"), codesStopped)
			return 1
		}
		if showQR && sess.QR != nil && sess.QR.Code != shown {
			shown, n = sess.QR.Code, n+1
			printQR(stdout, n, sess.QR.Code, sess.QR.ExpiresAt, time.Now(), plain)
		}
		select {
		case <-ctx.Done():
			return 1
		case <-time.After(linkPoll):
		}
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
