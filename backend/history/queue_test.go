package history

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/wasync/wasync/backend/domain"
)

// testClock is a clock the test moves while the processor reads it.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// queueRig is a rig whose processor runs on a clock the test moves.
func queueRig(t *testing.T, opts Options) (*rig, *testClock) {
	t.Helper()
	r := newRig(t, t.TempDir())
	clock := &testClock{now: r.clock}
	opts.Now = clock.Now
	opts.After = func(time.Duration) <-chan time.Time { return r.tick }
	r.proc = New(r.st, r.dec, r.pub, slog.New(slog.DiscardHandler), opts)
	return r, clock
}

func (r *rig) setErr(session string, err error) {
	r.dec.mu.Lock()
	defer r.dec.mu.Unlock()
	if err == nil {
		delete(r.dec.err, session)
	} else {
		r.dec.err[session] = err
	}
}

func (r *rig) notify(t *testing.T, session, chat string, order, n int) {
	t.Helper()
	c := genChunk(domain.SyncFull, order, 10*order, chat, order*100, n)
	c.SessionID = session
	if err := r.proc.Notified(context.Background(), notification(t, c)); err != nil {
		t.Fatal(err)
	}
}

func (r *rig) listed(t *testing.T, status string) []domain.NotificationInfo {
	t.Helper()
	page, err := r.st.HistoryNotifications(context.Background(), domain.NotificationQuery{Status: status})
	if err != nil {
		t.Fatal(err)
	}
	return page.Notifications
}

func TestCorruptBlobFailsAndTheGoodOnesBehindItAreStored(t *testing.T) {
	r, _ := queueRig(t, Options{})
	r.setErr("bad", fmt.Errorf("%w: zlib: invalid header", ErrGone))
	r.notify(t, "bad", "10@s.whatsapp.net", 1, 5)
	r.notify(t, "good1", "11@s.whatsapp.net", 2, 7)
	r.notify(t, "good2", "12@s.whatsapp.net", 3, 9)
	r.run()
	r.waitEvent(t, domain.EventHistorySync, 3)
	if a, b := messages(t, r.st, "11@s.whatsapp.net"), messages(t, r.st, "12@s.whatsapp.net"); a != 7 || b != 9 {
		t.Fatalf("good chunks stored %d and %d messages, want 7 and 9", a, b)
	}
	failed := r.listed(t, domain.NotificationFailed)
	if len(failed) != 1 {
		t.Fatalf("failed = %+v, want the corrupt one", failed)
	}
	f := failed[0]
	if f.Error != "gone: zlib: invalid header" || f.Attempts != 1 || !f.Retryable || f.ChunkOrder != 1 {
		t.Fatalf("failed notification = %+v", f)
	}
	if e := r.pub.last(domain.EventHistorySync); e != nil && e["error"] != nil {
		t.Fatalf("the last event is a failure; the good ones should follow the bad one: %v", e)
	}

	// A retry (once a later version can read it) stores it after all.
	r.setErr("bad", nil)
	if _, err := r.st.RetryHistoryNotification(context.Background(), f.ID); err != nil {
		t.Fatal(err)
	}
	r.proc.Wake()
	r.waitEvent(t, domain.EventHistorySync, 4)
	if n := messages(t, r.st, "10@s.whatsapp.net"); n != 5 {
		t.Fatalf("retried chunk stored %d messages, want 5", n)
	}
	if got := r.listed(t, domain.NotificationFailed); len(got) != 0 {
		t.Fatalf("still failed: %+v", got)
	}
}

func TestRetryLaterBacksOffWithoutBlockingTheNext(t *testing.T) {
	r, clock := queueRig(t, Options{})
	r.setErr("flaky", fmt.Errorf("%w: 503 from the media server", ErrRetryLater))
	r.notify(t, "flaky", "20@s.whatsapp.net", 1, 4)
	r.notify(t, "next", "21@s.whatsapp.net", 2, 6)
	r.run()
	r.waitEvent(t, domain.EventHistorySync, 1)
	if n := messages(t, r.st, "21@s.whatsapp.net"); n != 6 {
		t.Fatalf("the notification behind the flaky one stored %d messages, want 6", n)
	}
	pending := r.listed(t, domain.NotificationPending)
	if len(pending) != 1 {
		t.Fatalf("pending = %+v", pending)
	}
	p := pending[0]
	wantNext := clock.Now().Add(30 * time.Second).UTC().Format(time.RFC3339)
	if p.Attempts != 1 || p.LastError != "retry later: 503 from the media server" || p.NextAttemptAt != wantNext || p.Error != "" {
		t.Fatalf("flaky notification = %+v, want attempt 1 due at %s", p, wantNext)
	}
	if e := r.pub.last(domain.EventHistorySync); e["error"] != nil {
		t.Fatalf("a retry-later attempt reported a failure: %v", e)
	}

	// Woken before its backoff ends, it is left alone.
	r.setErr("flaky", nil)
	r.tick <- time.Now()
	if got := r.listed(t, domain.NotificationPending); len(got) != 1 || got[0].Attempts != 1 {
		t.Fatalf("retried before its backoff ended: %+v", got)
	}
	clock.advance(31 * time.Second)
	r.tick <- time.Now()
	r.waitEvent(t, domain.EventHistorySync, 2)
	if n := messages(t, r.st, "20@s.whatsapp.net"); n != 4 {
		t.Fatalf("after the backoff stored %d messages, want 4", n)
	}
}

func TestUnclassifiedErrorsFailAfterMaxAttempts(t *testing.T) {
	r, clock := queueRig(t, Options{MaxAttempts: 3, Backoff: func(int) time.Duration { return 10 * time.Second }})
	r.setErr("odd", errors.New("something nobody expected"))
	r.notify(t, "odd", "30@s.whatsapp.net", 1, 2)
	r.run()
	for r.pub.count(domain.EventHistorySync) == 0 {
		clock.advance(11 * time.Second)
		select {
		case r.tick <- time.Now():
		case <-r.pub.ch:
		case <-time.After(10 * time.Second):
			t.Fatal("the notification never failed")
		}
	}
	failed := r.listed(t, domain.NotificationFailed)
	if len(failed) != 1 || failed[0].Attempts != 3 || failed[0].Error != "gave up after 3 attempts: something nobody expected" {
		t.Fatalf("failed = %+v", failed)
	}
	if e := r.pub.last(domain.EventHistorySync); e["error"] == nil || e["notification_id"] != failed[0].ID {
		t.Fatalf("failure event = %v", e)
	}
}

func TestNotReadyWaitsWithoutCountingAttempts(t *testing.T) {
	r, _ := queueRig(t, Options{})
	r.setErr("offline", fmt.Errorf("%w: not connected", ErrNotReady))
	r.notify(t, "offline", "40@s.whatsapp.net", 1, 3)
	r.run()
	for i := 0; i < 3; i++ {
		r.tick <- time.Now()
	}
	if got := r.listed(t, domain.NotificationPending); len(got) != 1 || got[0].Attempts != 0 || got[0].LastError != "" {
		t.Fatalf("pending = %+v, want one with no attempt counted", got)
	}
}
