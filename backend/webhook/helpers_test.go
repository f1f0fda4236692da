package webhook_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/events"
	"github.com/wasync/wasync/backend/store"
	"github.com/wasync/wasync/backend/webhook"
)

var _ webhook.Store = (*store.Store)(nil)

// clock is a settable clock: tests move time instead of sleeping.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func openStore(t testing.TB, dir string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), dir, store.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// addWebhook registers url with a fresh Standard Webhooks secret.
func addWebhook(t testing.TB, st *store.Store, c *clock, url string, evs ...string) domain.WebhookTarget {
	t.Helper()
	secret, err := webhook.NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	wh := domain.WebhookTarget{ID: events.NewID("wh_"), URL: url, Events: evs, Secret: secret,
		Enabled: true, CreatedAt: c.Now(), UpdatedAt: c.Now()}
	if err := st.InsertWebhook(context.Background(), wh); err != nil {
		t.Fatal(err)
	}
	return wh
}

// enqueue stores an event in the outbox as core.Publish would.
func enqueue(t testing.TB, st *store.Store, c *clock, typ string, data any) domain.Event {
	t.Helper()
	ev := domain.Event{ID: events.NewID("evt_"), EventType: typ, DeviceID: "1555@s.whatsapp.net", Timestamp: c.Now(), Data: data}
	oe, err := domain.OutboxEventOf(ev)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.EnqueueEvent(context.Background(), oe); err != nil {
		t.Fatal(err)
	}
	return ev
}

// got is one request a receiver saw.
type got struct {
	header http.Header
	body   []byte
}

// receiver is a loopback HTTP receiver answering with answer (200 if nil).
type receiver struct {
	srv    *httptest.Server
	mu     sync.Mutex
	reqs   []got
	answer func(n int, w http.ResponseWriter)
}

func newReceiver(t testing.TB) *receiver {
	rc := &receiver{}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.reqs = append(rc.reqs, got{header: r.Header.Clone(), body: body})
		n, answer := len(rc.reqs), rc.answer
		rc.mu.Unlock()
		if answer != nil {
			answer(n, w)
			return
		}
		io.WriteString(w, "ok")
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) setAnswer(fn func(n int, w http.ResponseWriter)) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.answer = fn
}

func (rc *receiver) requests() []got {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]got(nil), rc.reqs...)
}

func newWorker(st *store.Store, c *clock, opts webhook.Options) *webhook.Worker {
	opts.Now = c.Now
	if opts.Jitter == nil {
		opts.Jitter = func() float64 { return 0 }
	}
	return webhook.New(st, opts)
}

func flush(t testing.TB, w *webhook.Worker) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := w.Flush(ctx); err != nil {
		t.Fatal(err)
	}
}

func deliveries(t testing.TB, st *store.Store, webhookID string) []domain.WebhookDelivery {
	t.Helper()
	page, err := st.WebhookDeliveries(context.Background(), domain.DeliveryQuery{WebhookID: webhookID, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	return page.Deliveries
}

// verify checks a request's signatures with HMACs computed here, not with
// the package's own signing code.
func verify(t testing.TB, g got, secret string) {
	t.Helper()
	if !hubOK(g, secret) || !standardOK(g, secret) {
		t.Fatalf("signatures do not verify with %s: %v", secret, g.header)
	}
}

// hubOK checks X-Hub-Signature-256 and X-Webhook-Signature.
func hubOK(g got, secret string) bool {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(g.body)
	hub := "sha256=" + hex.EncodeToString(mac.Sum(nil))
	return g.header.Get("X-Hub-Signature-256") == hub && g.header.Get("X-Webhook-Signature") == hub
}

// standardOK checks that one webhook-signature entry is secret's, as the
// Standard Webhooks specification computes it.
func standardOK(g got, secret string) bool {
	h := g.header
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil || !strings.HasPrefix(secret, "whsec_") {
		key = []byte(secret)
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(h.Get("webhook-id") + "." + h.Get("webhook-timestamp") + "." + string(g.body)))
	want := "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
	for _, sig := range strings.Fields(h.Get("webhook-signature")) {
		if sig == want {
			return true
		}
	}
	return false
}
