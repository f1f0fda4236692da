// Command fakewa runs the fake WhatsApp server and one fake phone as a
// separate process, so tests outside Go (the browser tests) can point a real
// wasync binary at it. It prints one JSON line on stdout:
//
//	{"env": {"WASYNC_WA_DIAL": ..., "WASYNC_WA_CA": ..., "WASYNC_WA_ROOT_KEY": ...},
//	 "control": "http://127.0.0.1:PORT", "phone": "15550001111"}
//
// and serves a loopback control API for the test: POST /scan {"code"},
// POST /pair-code {"code"}, POST /remove, POST /drop, GET /unhandled, and
// POST /history {"chats", "groups", "messages_per_chat", "chunk_messages",
// "inline", "extra_texts", "seed"}, which sends a generated history to every
// linked companion and answers {"counts", "merged_counts", "total", "names",
// "aliases"} (see history.go); with "initial_per_chat" only each chat's
// newest messages are sent and the phone answers on-demand history requests
// from the rest. POST /ondemand {"mode": "answer|nothing_more|silent",
// "chat" (optional)} sets how it answers; GET /ondemand lists the requests
// it received (see ondemand.go). POST /message sends one live message, an
// edit, a revoke, an unsupported kind or a garbled one (see message.go). It
// exits on SIGTERM or when stdin closes.
// Test use only.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"

	"github.com/wasync/wasync/backend/wa/fakewa"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "fakewa:", err)
		os.Exit(1)
	}
}

func run() error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv, err := fakewa.Start(ctx, fakewa.Config{})
	if err != nil {
		return err
	}
	defer srv.Close()
	phone, err := srv.NewPhone(fakewa.PhoneConfig{Number: "15550001111", LIDUser: "99000111"})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	control := &http.Server{Handler: controlAPI(srv, phone)}
	go func() { _ = control.Serve(ln) }()
	defer control.Close()

	hello, _ := json.Marshal(map[string]any{"env": srv.Env(), "control": "http://" + ln.Addr().String(), "phone": phone.Number()})
	fmt.Println(string(hello))

	stdinClosed := make(chan struct{})
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		close(stdinClosed)
	}()
	select {
	case <-ctx.Done():
	case <-stdinClosed:
	}
	return nil
}

func controlAPI(srv *fakewa.Server, phone *fakewa.Phone) http.Handler {
	mux := http.NewServeMux()
	withCode := func(fn func(ctx context.Context, code string) error) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			var body struct {
				Code string `json:"code"`
			}
			if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			if err := fn(r.Context(), body.Code); err != nil {
				http.Error(w, err.Error(), http.StatusConflict)
				return
			}
			w.WriteHeader(http.StatusNoContent)
		}
	}
	mux.HandleFunc("POST /scan", withCode(phone.ScanQR))
	mux.HandleFunc("POST /pair-code", withCode(phone.EnterPairCode))
	mux.HandleFunc("POST /remove", func(w http.ResponseWriter, r *http.Request) {
		for _, jid := range phone.Companions() {
			if err := phone.RemoveCompanion(r.Context(), jid); err != nil {
				http.Error(w, err.Error(), http.StatusConflict)
				return
			}
		}
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /drop", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, srv.DropConnections())
	})
	mux.HandleFunc("POST /history", historyHandler(phone))
	mux.HandleFunc("POST /ondemand", onDemandModeHandler(phone))
	mux.HandleFunc("GET /ondemand", onDemandListHandler(phone))
	mux.HandleFunc("POST /appstate", appStateHandler(phone))
	mux.HandleFunc("POST /message", messageHandler(phone))
	mux.HandleFunc("GET /unhandled", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(append([]string{}, srv.UnhandledIQs()...))
	})
	return mux
}
