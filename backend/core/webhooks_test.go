package core

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/wasync/wasync/backend/auth"
	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/events"
	"github.com/wasync/wasync/backend/store"
)

// brokenOutbox is the real store whose outbox write fails.
type brokenOutbox struct{ *store.Store }

func (brokenOutbox) EnqueueEvent(context.Context, domain.OutboxEvent) (int, error) {
	return 0, errors.New("disk full")
}

// wakeCounter stands in for the delivery worker.
type wakeCounter struct{ wakes int }

func (w *wakeCounter) Wake() { w.wakes++ }
func (w *wakeCounter) Test(context.Context, string, domain.Event) (domain.WebhookTestResult, error) {
	return domain.WebhookTestResult{}, nil
}

func newTestService(t *testing.T, wrap func(*store.Store) Store) (*Service, *store.Store) {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(context.Background(), dir, store.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	keys, err := auth.LoadKeys(dir, "test-key-0123456789abcdef")
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) }
	return New(wrap(st), events.New(now), keys, Info{DataDir: dir, Mode: "headless"}, slog.New(slog.DiscardHandler), now), st
}

func TestPublishEnqueuesThenEmits(t *testing.T) {
	ctx := context.Background()
	svc, st := newTestService(t, func(s *store.Store) Store { return s })
	wk := &wakeCounter{}
	svc.SetWebhookSender(wk)
	wh, err := svc.CreateWebhook(ctx, domain.WebhookInput{URL: "http://localhost:9/x"})
	if err != nil {
		t.Fatal(err)
	}
	sub, cancel := svc.Events(4)
	defer cancel()
	ev, err := svc.Publish(ctx, domain.EventHistorySyncComplete, map[string]any{"request_id": nil})
	if err != nil || ev.Timestamp.IsZero() || (<-sub).ID != ev.ID {
		t.Fatalf("publish %+v %v", ev, err)
	}
	if _, err := svc.Publish(ctx, domain.EventAppUIReady, nil); err != nil || (<-sub).EventType != domain.EventAppUIReady {
		t.Fatalf("UI-only event: %v", err)
	}
	page, err := st.WebhookDeliveries(ctx, domain.DeliveryQuery{WebhookID: wh.WebhookID})
	if err != nil || len(page.Deliveries) != 1 || page.Deliveries[0].EventID != ev.ID || wk.wakes != 2 { // create, publish
		t.Fatalf("outbox %+v %v, %d wakes", page, err, wk.wakes)
	}
}

func TestPublishReachesTheBusWhenTheOutboxFails(t *testing.T) {
	svc, _ := newTestService(t, func(s *store.Store) Store { return brokenOutbox{s} })
	sub, cancel := svc.Events(4)
	defer cancel()
	ev, err := svc.Publish(context.Background(), domain.EventConnectionConnected, nil)
	if err == nil || (<-sub).ID != ev.ID {
		t.Fatalf("err %v", err)
	}
}
