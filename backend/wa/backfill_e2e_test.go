package wa_test

import (
	"context"
	"testing"
	"time"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/history"
	"github.com/wasync/wasync/backend/wa/fakewa"
)

// scaledClock runs scale times faster than the wall clock: the backfill
// and the requester run at the default limits, a test hour in 3600/scale s.
type scaledClock struct {
	start time.Time
	base  time.Time
	scale time.Duration
}

func newScaledClock(scale int) *scaledClock {
	return &scaledClock{start: time.Now(), base: time.Unix(1_800_000_000, 0), scale: time.Duration(scale)}
}

func (c *scaledClock) Now() time.Time { return c.base.Add(time.Since(c.start) * c.scale) }

func (c *scaledClock) After(d time.Duration) <-chan time.Time { return time.After(d / c.scale) }

// The scale the backfill tests run at: the default 2 s spacing is 80 ms,
// wide enough that delivery jitter on a loaded machine stays well inside it.
const backfillScale = 25

// testLimits are the defaults with an hourly cap that does not bind: the
// 65 pages of these tests would otherwise wait a (scaled) hour after 60.
var testLimits = history.Limits{MaxChats: 10, MinSpacing: 2 * time.Second, HourlyCap: 1000, Timeout: 2 * time.Minute}

// backfillHarness links a phone holding 600 older messages in each of 5
// chats (20 of each come in the initial sync) and runs the backfill at
// the default spacing on a time-scaled clock. Each chat's first page
// re-sends the 3 kinds not stored (reactions, edits) that came inline, so
// a chat takes 13 pages (603 messages) and the 5 take 65.
func backfillHarness(t *testing.T) (*harness, *fakewa.HistoryGenerator, *scaledClock) {
	t.Helper()
	h := newHarness(t, fakewa.Config{})
	clock := newScaledClock(backfillScale)
	h.limits = testLimits
	h.hopts = history.Options{Now: clock.Now, After: clock.After}
	h.withBackfill = true
	h.close()
	h.open(t)
	h.linkByQR(t)
	g := fakewa.NewHistoryGenerator(fakewa.GenOpts{Seed: 12, Chats: 5, MessagesPerChat: 620,
		ChunkMessages: 400, InitialPerChat: 20, Owner: h.phone.JID()})
	if g.Expected().OnDemandTotal == 0 {
		t.Fatal("the generator kept nothing on the phone")
	}
	if err := h.phone.SendGeneratedHistory(ctx(t), g, fakewa.HistoryOpts{}); err != nil {
		t.Fatal(err)
	}
	return h, g, clock
}

func onDemandTotal(g *fakewa.HistoryGenerator) int {
	n := 0
	for _, c := range g.Expected().OnDemandMessages {
		n += c
	}
	return n
}

// waitBackfill waits until the backfill's status satisfies ok.
func (h *harness) waitBackfill(t *testing.T, what string, within time.Duration, ok func(domain.BackfillStatus) bool) domain.BackfillStatus {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		s, err := h.backfill.Status(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("backfill never %s: %+v", what, s)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func backfillDone(s domain.BackfillStatus) bool { return s.State == domain.BackfillStateComplete }

// checkRate checks the phone's own log of requests: never two closer than
// the default spacing, never more than the hourly cap in an hour (both in
// the scaled time the app ran on).
func checkRate(t *testing.T, reqs []fakewa.OnDemandRequest) {
	t.Helper()
	l := testLimits
	// The phone stamps a request when it decrypts it: delivery jitter of
	// up to a quarter of the spacing (20 real ms) is allowed.
	const jitter = 20 * time.Millisecond
	for i := 1; i < len(reqs); i++ {
		gap := reqs[i].ReceivedAt.Sub(reqs[i-1].ReceivedAt)
		if (gap+jitter)*backfillScale < l.MinSpacing {
			t.Fatalf("requests %d and %d reached the phone %v apart (scaled %v), under the %v spacing", i-1, i, gap, gap*backfillScale, l.MinSpacing)
		}
	}
	hour := time.Hour / backfillScale
	for i := range reqs {
		n := 0
		for j := i; j < len(reqs) && reqs[j].ReceivedAt.Sub(reqs[i].ReceivedAt) < hour; j++ {
			n++
		}
		if n > l.HourlyCap {
			t.Fatalf("%d requests within an hour from request %d; cap %d", n, i, l.HourlyCap)
		}
	}
}

// TestBackfillFetchesEverythingWithinTheLimits: 5 chats x 600 older
// messages are fetched, 50 a page, each chat until the phone says there
// is no more, at the default limits, with one history.backfill_complete.
func TestBackfillFetchesEverythingWithinTheLimits(t *testing.T) {
	h, g, clock := backfillHarness(t)
	want := onDemandTotal(g)
	startScaled := clock.Now()
	s := h.waitBackfill(t, "complete", 30*time.Second, backfillDone)
	took := clock.Now().Sub(startScaled)
	if s.Messages < want || want != 3000 || s.Chats != 5 || s.Done != 5 {
		t.Fatalf("fetched %d of %d in %d/%d chats: %+v", s.Messages, want, s.Done, s.Chats, s)
	}
	for _, c := range s.PerChat {
		if c.Status != domain.RequestNoMoreHistory {
			t.Fatalf("chat %s ended %s", c.ChatJID, c.Status)
		}
	}
	reqs := h.phone.OnDemandRequests()
	checkRate(t, reqs)
	if stored := countStored(t, h); stored != g.Expected().Total+g.Expected().OnDemandTotal {
		t.Fatalf("%d storable messages stored, want %d", stored, g.Expected().Total+g.Expected().OnDemandTotal)
	}
	t.Logf("FIGURE: %d requests, %v of scaled time (x%d) at the default limits", len(reqs), took.Round(time.Second), backfillScale)
	for _, r := range reqs {
		if r.Count != domain.MaxPageCount {
			t.Fatalf("a page asked for %d", r.Count)
		}
	}
	time.Sleep(100 * time.Millisecond)
	h.backfill.Wake()
	time.Sleep(100 * time.Millisecond)
	if n := countEvents(h, domain.EventBackfillComplete); n != 1 {
		t.Fatalf("%d history.backfill_complete events", n)
	}
	if n := countEvents(h, domain.EventBackfillProgress); n != len(reqs) {
		t.Fatalf("%d progress events for %d pages", n, len(reqs))
	}
}

func countEvents(h *harness, typ string) int {
	h.sink.mu.Lock()
	defer h.sink.mu.Unlock()
	n := 0
	for _, e := range h.sink.events {
		if e == typ {
			n++
		}
	}
	return n
}

// TestBackfillPausesAndResumesAcrossARestart pauses the backfill mid-way
// (no request goes out while paused), restarts the app, resumes it, and
// checks it continued where it was rather than starting over.
func TestBackfillPausesAndResumesAcrossARestart(t *testing.T) {
	h, g, _ := backfillHarness(t)
	h.waitBackfill(t, "half way", 30*time.Second, func(s domain.BackfillStatus) bool { return s.Requests >= 25 })
	if _, err := h.backfill.SetPaused(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // a page in flight may still be answered
	before := len(h.phone.OnDemandRequests())
	time.Sleep(500 * time.Millisecond) // 12.5 s scaled: 6 pages' worth of spacing
	if n := len(h.phone.OnDemandRequests()); n != before {
		t.Fatalf("%d requests went out while paused", n-before)
	}
	paused, err := h.backfill.Status(context.Background())
	if err != nil || paused.State != domain.BackfillStatePaused || paused.Messages == 0 {
		t.Fatalf("paused: %+v %v", paused, err)
	}
	h.close()
	h.open(t) // restart: still paused
	time.Sleep(200 * time.Millisecond)
	if n := len(h.phone.OnDemandRequests()); n != before {
		t.Fatalf("%d requests went out after a restart while paused", n-before)
	}
	if _, err := h.backfill.SetPaused(context.Background(), false); err != nil {
		t.Fatal(err)
	}
	s := h.waitBackfill(t, "complete", 30*time.Second, backfillDone)
	if s.Messages < onDemandTotal(g) {
		t.Fatalf("fetched %d of %d", s.Messages, onDemandTotal(g))
	}
	reqs := h.phone.OnDemandRequests()
	checkRate(t, reqs)
	// Continued where it was: 65 pages in all (13 a chat), none repeated.
	seen := map[string]bool{}
	for _, r := range reqs {
		key := r.Chat.String() + "/" + r.OldestMsgID
		if seen[key] {
			t.Fatalf("asked twice from the same anchor: %s", key)
		}
		seen[key] = true
	}
	if len(reqs) != 65 {
		t.Fatalf("%d requests for 5 chats x 600 messages", len(reqs))
	}
}

func countStored(t *testing.T, h *harness) int {
	t.Helper()
	n := 0
	for _, c := range storedCounts(t, h) {
		n += c
	}
	return n
}
