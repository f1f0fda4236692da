package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wasync/wasync/backend/domain"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func insertWebhook(t *testing.T, s *Store, id string, enabled bool, evs ...string) domain.WebhookTarget {
	t.Helper()
	w := domain.WebhookTarget{ID: id, URL: "http://localhost:9/" + id, Events: evs, Secret: "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=",
		Enabled: enabled, CreatedAt: t0, UpdatedAt: t0}
	if err := s.InsertWebhook(context.Background(), w); err != nil {
		t.Fatal(err)
	}
	return w
}

func outboxEvent(id, typ string, at time.Time) domain.OutboxEvent {
	return domain.OutboxEvent{ID: id, Type: typ, Timestamp: at, Body: []byte(`{"id":"` + id + `"}`)}
}

func TestWebhookCRUD(t *testing.T) {
	s, ctx := openTest(t), context.Background()
	w := insertWebhook(t, s, "wh_a", true, domain.EventMessageReceived)
	got, err := s.WebhookTarget(ctx, "wh_a")
	if err != nil || got.URL != w.URL || got.Secret != w.Secret || len(got.Events) != 1 || !got.CreatedAt.Equal(t0) {
		t.Fatalf("%+v %v", got, err)
	}
	list, err := s.Webhooks(ctx)
	if err != nil || len(list.Webhooks) != 1 || strings.Contains(list.Webhooks[0].Secret, "c2Vj") {
		t.Fatalf("list %+v %v", list, err)
	}
	got, err = s.ModifyWebhook(ctx, "wh_a", func(t *domain.WebhookTarget) error {
		t.Events, t.Enabled, t.DisabledReason = nil, false, "off"
		return nil
	})
	if err != nil || got.Enabled || got.Events != nil {
		t.Fatalf("modify %+v %v", got, err)
	}
	if got, _ := s.WebhookTarget(ctx, "wh_a"); got.Enabled || got.DisabledReason != "off" || len(got.Events) != 0 {
		t.Fatalf("modify not stored: %+v", got)
	}
	if _, err := s.ModifyWebhook(ctx, "wh_nope", func(*domain.WebhookTarget) error { return nil }); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Fatalf("modify unknown: %v", err)
	}
	if _, err := s.EnqueueEvent(ctx, outboxEvent("evt_1", domain.EventMessageReceived, t0)); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteWebhook(ctx, "wh_a"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteWebhook(ctx, "wh_a"); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Fatalf("delete twice: %v", err)
	}
	if _, err := s.WebhookTarget(ctx, "wh_a"); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Fatalf("get deleted: %v", err)
	}
}

func TestEnqueueMatchesSubscriptions(t *testing.T) {
	s, ctx := openTest(t), context.Background()
	insertWebhook(t, s, "wh_all", true)
	insertWebhook(t, s, "wh_msg", true, domain.EventMessageReceived, domain.EventHistorySync)
	insertWebhook(t, s, "wh_qr", true, domain.EventConnectionQR)
	insertWebhook(t, s, "wh_off", false)
	n, err := s.EnqueueEvent(ctx, outboxEvent("evt_1", domain.EventMessageReceived, t0))
	if err != nil || n != 2 {
		t.Fatalf("enqueued %d: %v", n, err)
	}
	var tx2 int
	err = s.WithTx(ctx, func(tx *Tx) error {
		var err error
		tx2, err = tx.EnqueueWebhookEvent(ctx, outboxEvent("evt_2", domain.EventConnectionQR, t0))
		return err
	})
	if err != nil || tx2 != 2 {
		t.Fatalf("in a transaction: %d %v", tx2, err)
	}
	for id, want := range map[string]int{"wh_all": 2, "wh_msg": 1, "wh_qr": 1, "wh_off": 0} {
		page, err := s.WebhookDeliveries(ctx, domain.DeliveryQuery{WebhookID: id})
		if err != nil || len(page.Deliveries) != want {
			t.Errorf("%s: %d deliveries, want %d (%v)", id, len(page.Deliveries), want, err)
		}
	}
	// The durable transaction puts the connection's level back.
	var level int
	if err := s.w.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&level); err != nil || level != 0 {
		t.Fatalf("synchronous level after the outbox write: %d %v", level, err)
	}
}

func TestClaimLeaseAndRecord(t *testing.T) {
	s, ctx := openTest(t), context.Background()
	insertWebhook(t, s, "wh_a", true)
	for _, id := range []string{"evt_1", "evt_2", "evt_3"} {
		if _, err := s.EnqueueEvent(ctx, outboxEvent(id, domain.EventConnectionConnected, t0)); err != nil {
			t.Fatal(err)
		}
	}
	if due, _ := s.DueWebhookDeliveries(ctx, "wh_a", t0.Add(-time.Millisecond), 8); len(due) != 0 {
		t.Fatalf("rows due before their time: %+v", due)
	}
	jobs, err := s.DueWebhookDeliveries(ctx, "wh_a", t0, 2)
	if err != nil || len(jobs) != 2 || jobs[0].EventID != "evt_1" || string(jobs[0].Payload) != `{"id":"evt_1"}` {
		t.Fatalf("due %+v %v", jobs, err)
	}
	if next, ok, _ := s.NextWebhookDelivery(ctx); !ok || !next.Equal(t0) {
		t.Fatalf("next due %s %v", next, ok)
	}
	at := t0.Add(time.Second)
	err = s.RecordWebhookAttempts(ctx, []domain.DeliveryAttempt{
		{DeliveryID: jobs[0].ID, WebhookID: "wh_a", At: at, StatusCode: 200, Status: domain.DeliveryDelivered, Duration: 12 * time.Millisecond},
		{DeliveryID: jobs[1].ID, WebhookID: "wh_a", At: at, StatusCode: 500, Error: "boom", Status: domain.DeliveryPending,
			NextAttempt: at.Add(5 * time.Second), FailingCutoff: at.Add(-72 * time.Hour), FailingReason: "too long"},
	})
	if err != nil {
		t.Fatal(err)
	}
	d, _ := s.WebhookDelivery(ctx, "wh_a", jobs[1].ID)
	if d.Status != domain.DeliveryPending || d.Attempts != 1 || d.Error != "boom" || d.NextAttemptAt == "" {
		t.Fatalf("failed attempt %+v", d)
	}
	w, _ := s.WebhookTarget(ctx, "wh_a")
	if !w.FailingSince.Equal(at) || !w.Enabled {
		t.Fatalf("health %+v", w)
	}
	// A failure past the cutoff disables the webhook with the reason.
	late := at.Add(73 * time.Hour)
	if err := s.RecordWebhookAttempts(ctx, []domain.DeliveryAttempt{{DeliveryID: jobs[1].ID, WebhookID: "wh_a", At: late,
		Status: domain.DeliveryPending, NextAttempt: late, FailingCutoff: late.Add(-72 * time.Hour), FailingReason: "too long"}}); err != nil {
		t.Fatal(err)
	}
	if w, _ = s.WebhookTarget(ctx, "wh_a"); w.Enabled || w.DisabledReason != "too long" {
		t.Fatalf("not disabled: %+v", w)
	}
	if _, ok, _ := s.NextWebhookDelivery(ctx); ok {
		t.Fatal("a disabled webhook's backlog keeps the worker awake")
	}
}

func TestRedeliverAndPrune(t *testing.T) {
	s, ctx := openTest(t), context.Background()
	insertWebhook(t, s, "wh_a", true)
	for _, id := range []string{"evt_1", "evt_2"} {
		if _, err := s.EnqueueEvent(ctx, outboxEvent(id, domain.EventConnectionConnected, t0)); err != nil {
			t.Fatal(err)
		}
	}
	jobs, _ := s.DueWebhookDeliveries(ctx, "wh_a", t0, 2)
	if err := s.RecordWebhookAttempts(ctx, []domain.DeliveryAttempt{
		{DeliveryID: jobs[0].ID, WebhookID: "wh_a", At: t0, Status: domain.DeliveryDelivered},
		{DeliveryID: jobs[1].ID, WebhookID: "wh_a", At: t0, Status: domain.DeliveryFailed, Error: "gone"},
	}); err != nil {
		t.Fatal(err)
	}
	if n, err := s.RedeliverFailedWebhookDeliveries(ctx, "wh_a", t0.Add(time.Hour)); err != nil || n != 1 {
		t.Fatalf("redeliver failed: %d %v", n, err)
	}
	if _, err := s.RedeliverWebhookDelivery(ctx, "wh_a", jobs[1].ID, t0); domain.ErrorCode(err) != domain.CodeConflict {
		t.Fatalf("redeliver a pending one: %v", err)
	}
	d, err := s.RedeliverWebhookDelivery(ctx, "wh_a", jobs[0].ID, t0.Add(time.Hour))
	if err != nil || d.Status != domain.DeliveryPending || d.Attempts != 1 || d.FinishedAt != "" {
		t.Fatalf("redeliver: %+v %v", d, err)
	}
	if _, err := s.RedeliverWebhookDelivery(ctx, "wh_a", "dlv_nope", t0); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Fatalf("unknown delivery: %v", err)
	}
	again, _ := s.DueWebhookDeliveries(ctx, "wh_a", t0.Add(time.Hour), 2)
	if len(again) != 2 || again[0].RetryIndex != 0 || again[0].Attempts != 1 {
		t.Fatalf("requeued jobs %+v", again)
	}
	if err := s.RecordWebhookAttempts(ctx, []domain.DeliveryAttempt{
		{DeliveryID: again[0].ID, WebhookID: "wh_a", At: t0, Status: domain.DeliveryDelivered},
	}); err != nil {
		t.Fatal(err)
	}
	n, err := s.PruneWebhookDeliveries(ctx, t0.Add(time.Second))
	if err != nil || n != 1 {
		t.Fatalf("pruned %d: %v", n, err)
	}
	if page, _ := s.WebhookDeliveries(ctx, domain.DeliveryQuery{WebhookID: "wh_a"}); len(page.Deliveries) != 1 ||
		page.Deliveries[0].Status != domain.DeliveryPending {
		t.Fatalf("pending row pruned: %+v", page)
	}
}

func TestDeliveriesPage(t *testing.T) {
	s, ctx := openTest(t), context.Background()
	insertWebhook(t, s, "wh_a", true)
	for i := range 5 {
		ev := outboxEvent("evt_"+string(rune('a'+i)), domain.EventConnectionConnected, t0.Add(time.Duration(i/2)*time.Second))
		if _, err := s.EnqueueEvent(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	var ids []string
	cursor := ""
	for {
		page, err := s.WebhookDeliveries(ctx, domain.DeliveryQuery{WebhookID: "wh_a", Limit: 2, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range page.Deliveries {
			ids = append(ids, d.EventID)
		}
		if cursor = page.NextCursor; cursor == "" {
			break
		}
	}
	if strings.Join(ids, ",") != "evt_e,evt_d,evt_c,evt_b,evt_a" {
		t.Fatalf("pages %v", ids)
	}
	if _, err := s.WebhookDeliveries(ctx, domain.DeliveryQuery{WebhookID: "wh_a", Cursor: "junk"}); domain.ErrorCode(err) != domain.CodeInvalid {
		t.Fatalf("bad cursor: %v", err)
	}
	if _, err := s.WebhookDeliveries(ctx, domain.DeliveryQuery{WebhookID: "wh_nope"}); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Fatalf("unknown webhook: %v", err)
	}
}
