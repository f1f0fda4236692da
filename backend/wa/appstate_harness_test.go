package wa_test

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/types"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/store"
	"github.com/wasync/wasync/backend/wa"
	"github.com/wasync/wasync/backend/wa/fakewa"
)

// recordingSink keeps every chunk the client hands over, so tests see the
// exact domain values; it can be told to fail the next stores.
type recordingSink struct {
	mu      sync.Mutex
	session domain.Session
	chunks  []domain.HistoryChunk
	fail    int // LiveMessage calls still to fail
	failed  int
	changed chan struct{}
}

func (s *recordingSink) signal() {
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *recordingSink) SessionChanged(sess domain.Session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.session = sess
	s.signal()
}

func (s *recordingSink) Emit(string, any) {}

func (s *recordingSink) HistoryNotified(context.Context, domain.HistoryNotification) error {
	return nil
}

func (s *recordingSink) LiveMessage(_ context.Context, c domain.HistoryChunk) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.signal()
	if c.SyncType == domain.SyncAppState && s.fail > 0 {
		s.fail--
		s.failed++
		return errors.New("disk full")
	}
	s.chunks = append(s.chunks, c)
	return nil
}

// appStateEnv is a wasync client linked to a fake phone that has shared its
// app-state key with it.
type appStateEnv struct {
	srv       *fakewa.Server
	phone     *fakewa.Phone
	cli       *wa.Client
	sink      *recordingSink
	clock     *manualClock
	companion types.JID
}

// newAppStateEnv links a fresh client by QR code. before runs on the phone
// before the key share (changes that reach the client in its first, full
// sync).
func newAppStateEnv(t *testing.T, before func(p *fakewa.Phone)) *appStateEnv {
	t.Helper()
	srv := fakewa.NewTest(t, fakewa.Config{})
	t.Cleanup(func() {
		if u := srv.UnhandledIQs(); len(u) > 0 {
			t.Errorf("the client sent IQs the fake did not handle: %v", u)
		}
	})
	phone, err := srv.NewPhone(fakewa.PhoneConfig{Number: "15550001111", LIDUser: "99000111"})
	if err != nil {
		t.Fatal(err)
	}
	c := context.Background()
	st, err := store.Open(c, t.TempDir(), store.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	devices, err := wa.OpenDevices(c, st.WhatsmeowDB(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	env := srv.Env()
	ep, err := wa.EndpointFromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	e := &appStateEnv{srv: srv, phone: phone, sink: &recordingSink{changed: make(chan struct{})},
		clock: &manualClock{now: time.Unix(1_800_000_000, 0)}}
	e.cli = wa.New(devices, ep, slog.New(slog.DiscardHandler), e.sink, wa.Options{Clock: e.clock})
	t.Cleanup(func() { e.cli.Close(); st.Close() })
	if err := e.cli.Start(c); err != nil {
		t.Fatal(err)
	}
	rctx, cancel := context.WithCancel(c)
	err = e.cli.StartPairing(rctx)
	cancel()
	if err != nil {
		t.Fatal(err)
	}
	if before != nil {
		before(phone)
	}
	if err := phone.ScanQR(ctx(t), e.cli.Session().QR.Code); err != nil {
		t.Fatal(err)
	}
	e.waitFor(t, "connected", func(s domain.Session, _ []domain.HistoryChunk) bool { return s.State == domain.StateConnected })
	e.companion = phone.Companions()[0]
	if err := phone.ShareAppStateKeys(ctx(t), e.companion); err != nil {
		t.Fatal(err)
	}
	return e
}

// waitFor waits until ok holds for the session and the recorded chunks.
func (e *appStateEnv) waitFor(t *testing.T, what string, ok func(domain.Session, []domain.HistoryChunk) bool) {
	t.Helper()
	deadline := time.After(waitTimeout)
	for {
		e.sink.mu.Lock()
		done, changed := ok(e.sink.session, e.sink.chunks), e.sink.changed
		e.sink.mu.Unlock()
		if done {
			return
		}
		select {
		case <-changed:
		case <-deadline:
			e.sink.mu.Lock()
			defer e.sink.mu.Unlock()
			t.Fatalf("no %s within %v; chunks: %+v", what, waitTimeout, e.sink.chunks)
		}
	}
}

// chat waits for an APP_STATE chunk with a ChatUpsert for jid satisfying ok.
func (e *appStateEnv) chat(t *testing.T, what, jid string, ok func(domain.ChatUpsert) bool) domain.ChatUpsert {
	t.Helper()
	var found domain.ChatUpsert
	e.waitFor(t, what, func(_ domain.Session, chunks []domain.HistoryChunk) bool {
		for _, c := range chunks {
			for _, up := range c.Chats {
				if c.SyncType == domain.SyncAppState && up.JID == jid && ok(up) {
					found = up
					return true
				}
			}
		}
		return false
	})
	return found
}

// change waits for an APP_STATE MessageChange of kind on message id.
func (e *appStateEnv) change(t *testing.T, kind, id string) domain.MessageChange {
	t.Helper()
	var found domain.MessageChange
	e.waitFor(t, kind+" of "+id, func(_ domain.Session, chunks []domain.HistoryChunk) bool {
		for _, c := range chunks {
			for _, ch := range c.Changes {
				if c.SyncType == domain.SyncAppState && ch.Kind == kind && ch.TargetID == id {
					found = ch
					return true
				}
			}
		}
		return false
	})
	return found
}

// contact waits for an APP_STATE Contact for jid satisfying ok.
func (e *appStateEnv) contact(t *testing.T, what, jid string, ok func(domain.Contact) bool) domain.Contact {
	t.Helper()
	var found domain.Contact
	e.waitFor(t, what, func(_ domain.Session, chunks []domain.HistoryChunk) bool {
		for _, c := range chunks {
			for _, ct := range c.Contacts {
				if c.SyncType == domain.SyncAppState && ct.JID == jid && ok(ct) {
					found = ct
					return true
				}
			}
		}
		return false
	})
	return found
}
