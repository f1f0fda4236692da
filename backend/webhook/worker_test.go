package webhook_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/webhook"
)

func TestDeliversSignedPayload(t *testing.T) {
	st, c := openStore(t, t.TempDir()), newClock()
	rc := newReceiver(t)
	wh := addWebhook(t, st, c, rc.srv.URL+"/hook")
	other := addWebhook(t, st, c, rc.srv.URL+"/only-qr", domain.EventConnectionQR)
	ev := enqueue(t, st, c, domain.EventHistorySyncComplete, map[string]any{"request_id": nil, "received": 3})
	flush(t, newWorker(st, c, webhook.Options{}))

	reqs := rc.requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1 (the qr-only webhook must not get it)", len(reqs))
	}
	g := reqs[0]
	verify(t, g, wh.Secret)
	h := g.header
	if h.Get("Content-Type") != "application/json" || h.Get("X-Webhook-Event") != domain.EventHistorySyncComplete ||
		h.Get("webhook-id") != ev.ID || h.Get("webhook-timestamp") != strconv.FormatInt(c.Now().Unix(), 10) {
		t.Fatalf("headers %v", h)
	}
	var body map[string]any
	if err := json.Unmarshal(g.body, &body); err != nil {
		t.Fatal(err)
	}
	if body["id"] != ev.ID || body["event_type"] != domain.EventHistorySyncComplete ||
		body["device_id"] != "1555@s.whatsapp.net" || body["timestamp"] != c.Now().Format(time.RFC3339) {
		t.Fatalf("body %s", g.body)
	}
	if d := deliveries(t, st, wh.ID); len(d) != 1 || d[0].Status != domain.DeliveryDelivered ||
		d[0].Attempts != 1 || d[0].ResponseStatus != 200 || d[0].ResponseBody != "ok" || d[0].EventID != ev.ID {
		t.Fatalf("delivery log %+v", d)
	}
	if d := deliveries(t, st, other.ID); len(d) != 0 {
		t.Fatalf("unsubscribed webhook got %d rows", len(d))
	}
}

func TestRotatedSecretSignsTooForADay(t *testing.T) {
	st, c := openStore(t, t.TempDir()), newClock()
	rc := newReceiver(t)
	wh := addWebhook(t, st, c, rc.srv.URL)
	old := wh.Secret
	fresh, _ := webhook.NewSecret()
	if _, err := st.ModifyWebhook(context.Background(), wh.ID, func(t *domain.WebhookTarget) error {
		t.PreviousSecret, t.PreviousExpiresAt, t.Secret = t.Secret, c.Now().Add(24*time.Hour), fresh
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	w := newWorker(st, c, webhook.Options{})
	enqueue(t, st, c, domain.EventMessageReceived, map[string]string{"text": "hi"})
	flush(t, w)
	g := rc.requests()[0]
	if n := len(strings.Fields(g.header.Get("webhook-signature"))); n != 2 {
		t.Fatalf("%d signatures during the overlap", n)
	}
	verify(t, g, fresh) // hub headers use the new secret
	if hubOK(g, old) || !standardOK(g, old) {
		t.Fatal("the previous secret must sign webhook-signature only")
	}

	c.Advance(24*time.Hour + time.Second)
	enqueue(t, st, c, domain.EventMessageReceived, map[string]string{"text": "later"})
	flush(t, w)
	g = rc.requests()[1]
	if n := len(strings.Fields(g.header.Get("webhook-signature"))); n != 1 {
		t.Fatalf("%d signatures after the overlap", n)
	}
	verify(t, g, fresh)
}

func TestReceiverDownForHoursThenUp(t *testing.T) {
	st, c := openStore(t, t.TempDir()), newClock()
	rc := newReceiver(t)
	rc.setAnswer(func(_ int, w http.ResponseWriter) {
		http.Error(w, "restarting", http.StatusInternalServerError)
	})
	wh := addWebhook(t, st, c, rc.srv.URL)
	w := newWorker(st, c, webhook.Options{})
	want := map[string]bool{}
	for i := range 5 {
		want[enqueue(t, st, c, domain.EventMessageReceived, map[string]int{"n": i}).ID] = true
	}
	flush(t, w)
	for _, step := range []time.Duration{5 * time.Second, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour} {
		c.Advance(step)
		flush(t, w)
	}
	if n := len(rc.requests()); n != 25 {
		t.Fatalf("%d attempts while down, want 5 events x 5 attempts", n)
	}
	for _, d := range deliveries(t, st, wh.ID) {
		if d.Status != domain.DeliveryPending || d.Attempts != 5 || !strings.Contains(d.Error, "500") {
			t.Fatalf("while down: %+v", d)
		}
	}
	rc.setAnswer(nil)
	c.Advance(5 * time.Hour)
	flush(t, w)
	seen := map[string]int{}
	for _, g := range rc.requests() {
		seen[g.header.Get("webhook-id")]++
		verify(t, g, wh.Secret)
	}
	for id := range want {
		if seen[id] != 6 {
			t.Errorf("event %s seen %d times with the same webhook-id, want 6", id, seen[id])
		}
	}
	for _, d := range deliveries(t, st, wh.ID) {
		if d.Status != domain.DeliveryDelivered || !want[d.EventID] {
			t.Fatalf("after recovery: %+v", d)
		}
	}
	if tg, _ := st.WebhookTarget(context.Background(), wh.ID); !tg.FailingSince.IsZero() || !tg.Enabled {
		t.Fatalf("webhook health not restored: %+v", tg)
	}
}

func TestScheduleExhaustedFails(t *testing.T) {
	st, c := openStore(t, t.TempDir()), newClock()
	rc := newReceiver(t)
	rc.setAnswer(func(_ int, w http.ResponseWriter) { w.WriteHeader(http.StatusBadGateway) })
	wh := addWebhook(t, st, c, rc.srv.URL)
	w := newWorker(st, c, webhook.Options{})
	enqueue(t, st, c, domain.EventConnectionConnected, nil)
	flush(t, w)
	for range 7 {
		c.Advance(10 * time.Hour)
		flush(t, w)
	}
	d := deliveries(t, st, wh.ID)[0]
	if d.Status != domain.DeliveryFailed || d.Attempts != 8 || len(rc.requests()) != 8 {
		t.Fatalf("%+v after %d requests", d, len(rc.requests()))
	}
}

func TestGoneDisablesWebhook(t *testing.T) {
	st, c := openStore(t, t.TempDir()), newClock()
	rc := newReceiver(t)
	rc.setAnswer(func(_ int, w http.ResponseWriter) { w.WriteHeader(http.StatusGone) })
	wh := addWebhook(t, st, c, rc.srv.URL)
	w := newWorker(st, c, webhook.Options{})
	enqueue(t, st, c, domain.EventConnectionConnected, nil)
	flush(t, w)
	tg, err := st.WebhookTarget(context.Background(), wh.ID)
	if err != nil || tg.Enabled || !strings.Contains(tg.DisabledReason, "410") {
		t.Fatalf("after 410: %+v %v", tg, err)
	}
	if d := deliveries(t, st, wh.ID)[0]; d.Status != domain.DeliveryFailed {
		t.Fatalf("delivery %+v", d)
	}
	enqueue(t, st, c, domain.EventConnectionConnected, nil)
	c.Advance(time.Hour)
	flush(t, w)
	if n := len(rc.requests()); n != 1 || len(deliveries(t, st, wh.ID)) != 1 {
		t.Fatalf("a disabled webhook still gets events: %d requests", n)
	}
}

func TestRedirectIsAFailure(t *testing.T) {
	st, c := openStore(t, t.TempDir()), newClock()
	final := newReceiver(t)
	rc := newReceiver(t)
	rc.setAnswer(func(_ int, w http.ResponseWriter) {
		w.Header().Set("Location", final.srv.URL)
		w.WriteHeader(http.StatusTemporaryRedirect)
	})
	wh := addWebhook(t, st, c, rc.srv.URL)
	enqueue(t, st, c, domain.EventConnectionConnected, nil)
	flush(t, newWorker(st, c, webhook.Options{}))
	d := deliveries(t, st, wh.ID)[0]
	if d.Status != domain.DeliveryPending || d.ResponseStatus != 307 || !strings.Contains(d.Error, "redirect") {
		t.Fatalf("%+v", d)
	}
	if len(final.requests()) != 0 {
		t.Fatal("redirect followed")
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	st, c := openStore(t, t.TempDir()), newClock()
	rc := newReceiver(t)
	rc.setAnswer(func(n int, w http.ResponseWriter) {
		if n == 1 {
			w.Header().Set("Retry-After", "120")
			w.WriteHeader(http.StatusTooManyRequests)
		}
	})
	wh := addWebhook(t, st, c, rc.srv.URL)
	w := newWorker(st, c, webhook.Options{})
	enqueue(t, st, c, domain.EventConnectionConnected, nil)
	flush(t, w)
	d := deliveries(t, st, wh.ID)[0]
	if want := c.Now().Add(120 * time.Second).Format(time.RFC3339Nano); d.NextAttemptAt != want {
		t.Fatalf("next attempt %s, want %s (Retry-After, not the 5 s step)", d.NextAttemptAt, want)
	}
	// A second event is held too: the receiver asked to be left alone.
	enqueue(t, st, c, domain.EventConnectionConnected, nil)
	c.Advance(60 * time.Second)
	flush(t, w)
	if n := len(rc.requests()); n != 1 {
		t.Fatalf("%d requests before Retry-After passed", n)
	}
	c.Advance(61 * time.Second)
	flush(t, w)
	if n := len(rc.requests()); n != 3 {
		t.Fatalf("%d requests after Retry-After", n)
	}
	for _, d := range deliveries(t, st, wh.ID) {
		if d.Status != domain.DeliveryDelivered {
			t.Fatalf("%+v", d)
		}
	}
}
