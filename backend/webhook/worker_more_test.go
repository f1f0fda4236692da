package webhook_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/events"
	"github.com/wasync/wasync/backend/store"
	"github.com/wasync/wasync/backend/webhook"
)

func TestRefusedTargets(t *testing.T) {
	st, c := openStore(t, t.TempDir()), newClock()
	rc := newReceiver(t)
	_, port, _ := net.SplitHostPort(rc.srv.Listener.Addr().String())
	resolve := func(_ context.Context, host string) ([]netip.Addr, error) {
		switch host {
		case "metadata.example":
			return []netip.Addr{netip.MustParseAddr("169.254.169.254")}, nil
		case "receiver.example":
			return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
		}
		return nil, fmt.Errorf("no such host %s", host)
	}
	meta := addWebhook(t, st, c, "http://metadata.example:"+port+"/latest/meta-data")
	literal := addWebhook(t, st, c, "http://169.254.169.254/latest/meta-data")
	good := addWebhook(t, st, c, "http://receiver.example:"+port+"/hook")
	enqueue(t, st, c, domain.EventConnectionConnected, nil)
	flush(t, newWorker(st, c, webhook.Options{Resolve: resolve}))
	for _, wh := range []domain.WebhookTarget{meta, literal} {
		d := deliveries(t, st, wh.ID)[0]
		if d.Status != domain.DeliveryPending || !strings.Contains(d.Error, "refused to connect to 169.254.169.254") ||
			!strings.Contains(d.Error, "link-local") {
			t.Errorf("%s: %+v", wh.URL, d)
		}
	}
	if d := deliveries(t, st, good.ID)[0]; d.Status != domain.DeliveryDelivered {
		t.Fatalf("resolved loopback receiver: %+v", d)
	}

	self := addWebhook(t, st, c, rc.srv.URL)
	enqueue(t, st, c, domain.EventConnectionConnected, nil)
	flush(t, newWorker(st, c, webhook.Options{APIAddr: rc.srv.Listener.Addr().String()}))
	if d := deliveries(t, st, self.ID)[0]; !strings.Contains(d.Error, "own API") {
		t.Fatalf("own API address: %+v", d)
	}
}

func TestRestartResumesPendingAndInFlight(t *testing.T) {
	dir, c := t.TempDir(), newClock()
	ctx := context.Background()
	rc := newReceiver(t)
	rc.setAnswer(func(_ int, w http.ResponseWriter) { w.WriteHeader(http.StatusServiceUnavailable) })
	st, err := store.Open(ctx, dir, store.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	wh := addWebhook(t, st, c, rc.srv.URL)
	want := map[string]bool{}
	for range 3 {
		want[enqueue(t, st, c, domain.EventMessageReceived, nil).ID] = true
	}
	w := newWorker(st, c, webhook.Options{})
	flush(t, w)

	// Kill mid-retry: the retries are on the wire, the receiver hangs, and
	// the process stops before any outcome is written. Two more events
	// wait behind them, never tried.
	release, hanging := make(chan struct{}), make(chan struct{}, 8)
	t.Cleanup(func() { close(release) })
	rc.setAnswer(func(int, http.ResponseWriter) { hanging <- struct{}{}; <-release })
	c.Advance(5 * time.Second)
	runCtx, kill := context.WithCancel(ctx)
	stopped := make(chan struct{})
	go func() { defer close(stopped); w.Run(runCtx) }()
	<-hanging
	<-hanging
	for range 2 {
		want[enqueue(t, st, c, domain.EventMessageReceived, nil).ID] = true
	}
	kill()
	<-stopped
	st.Close()

	rc.setAnswer(nil)
	st = openStore(t, dir)
	flush(t, newWorker(st, c, webhook.Options{}))
	seen := map[string]bool{}
	for _, d := range deliveries(t, st, wh.ID) {
		if d.Status != domain.DeliveryDelivered {
			t.Fatalf("after restart: %+v", d)
		}
		if want[d.EventID] && d.Attempts > 2 {
			t.Fatalf("an attempt cut short was counted: %+v", d)
		}
		seen[d.EventID] = true
	}
	if len(seen) != len(want) {
		t.Fatalf("delivered %d events, want %d", len(seen), len(want))
	}
	for _, g := range rc.requests() {
		if !want[g.header.Get("webhook-id")] {
			t.Fatalf("unknown webhook-id %s", g.header.Get("webhook-id"))
		}
	}
}

func TestDeadReceiverDoesNotDelayOthers(t *testing.T) {
	st := openStore(t, t.TempDir())
	c := newClock()
	release := make(chan struct{})
	var mu sync.Mutex
	stuck, maxStuck := 0, 0
	dead := newReceiver(t)
	t.Cleanup(func() { close(release) }) // runs before the server closes
	dead.setAnswer(func(int, http.ResponseWriter) {
		mu.Lock()
		stuck++
		maxStuck = max(maxStuck, stuck)
		mu.Unlock()
		<-release
	})
	healthy := newReceiver(t)
	arrived := make(chan struct{}, 100)
	healthy.setAnswer(func(int, http.ResponseWriter) { arrived <- struct{}{} })
	addWebhook(t, st, c, dead.srv.URL)
	addWebhook(t, st, c, healthy.srv.URL)
	const n = 20
	for i := range n {
		enqueue(t, st, c, domain.EventMessageReceived, map[string]int{"n": i})
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	w := webhook.New(st, webhook.Options{Now: c.Now, Timeout: time.Minute})
	go func() { defer close(done); w.Run(ctx) }()
	timeout := time.After(10 * time.Second)
	for i := range n {
		select {
		case <-arrived:
		case <-timeout:
			t.Fatalf("healthy receiver got %d of %d while the other hung", i, n)
		}
	}
	cancel()
	<-done
	mu.Lock()
	defer mu.Unlock()
	if maxStuck > 2 {
		t.Fatalf("%d attempts in flight to one receiver", maxStuck)
	}
}

func TestFailingForDaysDisables(t *testing.T) {
	st, c := openStore(t, t.TempDir()), newClock()
	rc := newReceiver(t)
	rc.setAnswer(func(_ int, w http.ResponseWriter) { w.WriteHeader(http.StatusInternalServerError) })
	wh := addWebhook(t, st, c, rc.srv.URL)
	w := newWorker(st, c, webhook.Options{})
	start := c.Now()
	for c.Now().Sub(start) <= 80*time.Hour {
		enqueue(t, st, c, domain.EventMessageReceived, nil)
		flush(t, w)
		tg, _ := st.WebhookTarget(context.Background(), wh.ID)
		failing := c.Now().Sub(start)
		if failing <= 72*time.Hour && !tg.Enabled {
			t.Fatalf("disabled after only %s", failing)
		}
		if failing > 72*time.Hour {
			if tg.Enabled || !strings.Contains(tg.DisabledReason, "3 days") {
				t.Fatalf("still enabled after %s: %+v", failing, tg)
			}
			return
		}
		c.Advance(6 * time.Hour)
	}
	t.Fatal("never disabled")
}

func TestTestPing(t *testing.T) {
	st, c := openStore(t, t.TempDir()), newClock()
	rc := newReceiver(t)
	rc.setAnswer(func(n int, w http.ResponseWriter) {
		if n == 1 {
			w.WriteHeader(http.StatusAccepted)
			fmt.Fprint(w, "thanks")
			return
		}
		w.WriteHeader(http.StatusInternalServerError)
	})
	wh := addWebhook(t, st, c, rc.srv.URL, domain.EventConnectionQR) // not subscribed to test.ping: sent anyway
	w := newWorker(st, c, webhook.Options{})
	ping := func() domain.WebhookTestResult {
		ev := domain.Event{ID: events.NewID("evt_"), EventType: domain.EventTestPing, Timestamp: c.Now()}
		res, err := w.Test(context.Background(), wh.ID, ev)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	if res := ping(); !res.Delivered || res.ResponseStatus != 202 || res.ResponseBody != "thanks" {
		t.Fatalf("%+v", res)
	}
	verify(t, rc.requests()[0], wh.Secret)
	if res := ping(); res.Delivered || res.ResponseStatus != 500 || res.Error == "" {
		t.Fatalf("%+v", res)
	}
	for _, d := range deliveries(t, st, wh.ID) {
		if d.Status == domain.DeliveryPending || d.EventType != domain.EventTestPing {
			t.Fatalf("test pings are never retried: %+v", d)
		}
	}
	if tg, _ := st.WebhookTarget(context.Background(), wh.ID); !tg.FailingSince.IsZero() {
		t.Fatal("a failed test ping marked the webhook failing")
	}
	if _, err := w.Test(context.Background(), "wh_nope", domain.Event{}); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Fatalf("unknown webhook: %v", err)
	}
}

func TestRunPrunesOldRows(t *testing.T) {
	st, c := openStore(t, t.TempDir()), newClock()
	rc := newReceiver(t)
	wh := addWebhook(t, st, c, rc.srv.URL)
	enqueue(t, st, c, domain.EventConnectionConnected, nil)
	flush(t, newWorker(st, c, webhook.Options{}))
	c.Advance(31 * 24 * time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); newWorker(st, c, webhook.Options{}).Run(ctx) }()
	deadline := time.Now().Add(5 * time.Second)
	for len(deliveries(t, st, wh.ID)) != 0 {
		if time.Now().After(deadline) {
			t.Fatal("old delivered row not pruned")
		}
		runtime.Gosched()
	}
	cancel()
	<-done
}
