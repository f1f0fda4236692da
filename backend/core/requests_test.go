package core

import (
	"context"
	"errors"
	"log/slog"
	"testing"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/history"
	"github.com/wasync/wasync/backend/store"
)

// stateLink reports a fixed link state; pairing is not under test here.
type stateLink struct{ state string }

func (l stateLink) Session() domain.Session                         { return domain.Session{State: l.state} }
func (stateLink) StartPairing(context.Context) error                { return nil }
func (stateLink) PairPhone(context.Context, string) (string, error) { return "", nil }
func (stateLink) Logout(context.Context) error                      { return nil }

// noPhone fails the test if a request ever reaches the phone.
type noPhone struct{ t *testing.T }

func (p noPhone) NewRequestID() string { return "id" }
func (p noPhone) RequestHistory(context.Context, string, string, domain.Anchor, int) error {
	p.t.Error("a request reached the phone")
	return errors.New("unexpected")
}

func TestHistorySyncRefusals(t *testing.T) {
	svc, st := newTestService(t, func(s *store.Store) Store { return s })
	ctx := context.Background()
	// A chat with no stored message: nothing to anchor on.
	if _, err := st.ApplyHistory(ctx, 0, domain.HistoryChunk{Chats: []domain.ChatUpsert{{JID: "1@s.whatsapp.net"}}}); err != nil {
		t.Fatal(err)
	}
	svc.SetRequests(history.NewRequester(st, noPhone{t}, svc, slog.New(slog.DiscardHandler), domain.DefaultHistoryLimits, history.Options{}))
	n := func(i int) *int { return &i }
	cases := []struct {
		name  string
		state string
		in    domain.HistorySyncInput
		code  domain.Code
	}{
		{"count checked first", domain.StateLoggedOut, domain.HistorySyncInput{Count: n(0)}, domain.CodeInvalid},
		{"not linked", domain.StateLoggedOut, domain.HistorySyncInput{}, domain.CodeConflict},
		{"pairing is not linked", domain.StateWaitingQR, domain.HistorySyncInput{}, domain.CodeConflict},
		{"not connected", domain.StateDisconnected, domain.HistorySyncInput{}, domain.CodeUnavailable},
		{"still connecting", domain.StateConnecting, domain.HistorySyncInput{}, domain.CodeUnavailable},
		{"unknown chat", domain.StateConnected, domain.HistorySyncInput{ChatJID: "9@s.whatsapp.net"}, domain.CodeNotFound},
		{"no anchor", domain.StateConnected, domain.HistorySyncInput{ChatJID: "1@s.whatsapp.net"}, domain.CodeConflict},
		{"nothing known to be on the phone", domain.StateConnected, domain.HistorySyncInput{}, domain.CodeConflict},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			svc.SetLinker(stateLink{c.state})
			_, err := svc.RequestHistorySync(ctx, c.in)
			if domain.ErrorCode(err) != c.code {
				t.Fatalf("err = %v, want code %s", err, c.code)
			}
		})
	}
}
