package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/wasync/wasync/backend/domain"
)

// TestCompletionOutboxCommitsWithTheFact: the outbox row of a request's
// completion is written in the transaction that finishes it, once; a failed
// announcement rolls the finish back, so nothing is finished unannounced.
func TestCompletionOutboxCommitsWithTheFact(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	now := time.Now()
	if err := s.InsertWebhook(ctx, domain.WebhookTarget{ID: "wh1", URL: "http://127.0.0.1:9/", Secret: "whsec_c2VjcmV0c2VjcmV0c2VjcmV0", Enabled: true, CreatedAt: now, UpdatedAt: now}); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateHistoryRequest(ctx, "hreq_1", []domain.RequestChat{{ChatJID: "1@s.whatsapp.net", Requested: 10}}, now.Unix(), now.Unix()+60); err != nil {
		t.Fatal(err)
	}
	announce := func(req domain.HistoryRequest) ([]domain.OutboxEvent, error) {
		if req.Status != domain.RequestTimeout || len(req.Chats) != 1 || req.Chats[0].Status != domain.RequestTimeout {
			t.Errorf("announced request = %+v", req)
		}
		return []domain.OutboxEvent{{ID: "evt_1", Type: domain.EventHistorySyncComplete, Timestamp: now, Body: []byte(`{}`)}}, nil
	}
	failing := func(domain.HistoryRequest) ([]domain.OutboxEvent, error) { return nil, errors.New("boom") }
	if done, err := s.FinishHistoryRequest(ctx, "hreq_1", domain.RequestTimeout, domain.RequestTimeout, now.Unix(), failing); err == nil || done {
		t.Fatalf("failing announcement: done=%v err=%v", done, err)
	}
	if r, _ := s.HistoryRequest(ctx, "hreq_1"); r.Status != domain.RequestPending {
		t.Fatalf("finished without its announcement: %s", r.Status)
	}
	for i, want := range []bool{true, false} {
		done, err := s.FinishHistoryRequest(ctx, "hreq_1", domain.RequestTimeout, domain.RequestTimeout, now.Unix(), announce)
		if err != nil || done != want {
			t.Fatalf("finish #%d: done=%v err=%v", i+1, done, err)
		}
	}
	if n := count(t, s, `SELECT COUNT(*) FROM webhook_deliveries WHERE event_id = 'evt_1'`); n != 1 {
		t.Fatalf("%d outbox rows, want 1", n)
	}
}
