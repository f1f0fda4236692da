package history

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/wasync/wasync/backend/domain"
)

// slowPhone is a phone the pages reach after a delay (a slow booking, a
// slow link): the clock moves on while a page is being sent, and the page
// is stamped when it arrives, as the real phone stamps it.
type slowPhone struct {
	phone
	clock  *testClock
	delays []time.Duration // the i-th page's; none: instant
	during func()          // runs while a page is on its way
	at     []time.Time
}

func (p *slowPhone) RequestHistory(ctx context.Context, id, chat string, a domain.Anchor, count int) error {
	if i := len(p.at); i < len(p.delays) {
		p.clock.advance(p.delays[i])
	}
	if p.during != nil {
		p.during()
	}
	p.at = append(p.at, p.clock.Now())
	return p.phone.RequestHistory(ctx, id, chat, a, count)
}

const testSpacing = 2 * time.Second

func (r *reqRig) spacedRequester(p *slowPhone) {
	p.clock = r.clock
	r.req = NewRequester(r.st, p, &recorder{ch: make(chan string, 100)}, slog.New(slog.DiscardHandler),
		Limits{MaxChats: 10, MinSpacing: testSpacing, HourlyCap: 100, Timeout: 2 * time.Hour},
		Options{Now: r.clock.Now})
}

// drain runs the dispatcher, moving the clock to whenever it says the next
// page may go, until n pages arrived.
func drain(t *testing.T, r *reqRig, p *slowPhone, n int) {
	t.Helper()
	for i := 0; len(p.at) < n; i++ {
		if i > 100 {
			t.Fatalf("%d of %d pages sent", len(p.at), n)
		}
		r.clock.advance(r.req.step(context.Background()))
	}
}

func checkSpacing(t *testing.T, at []time.Time) {
	t.Helper()
	for i := 1; i < len(at); i++ {
		if gap := at[i].Sub(at[i-1]); gap < testSpacing {
			t.Fatalf("pages %d and %d reached the phone %v apart, under the %v spacing", i-1, i, gap, testSpacing)
		}
	}
}

// TestSpacingCountsFromWhenAPageWentOut: a page that takes long to book
// and send must not eat into the next page's spacing. The spacing runs
// from when the send returned, not from when the slot was claimed.
func TestSpacingCountsFromWhenAPageWentOut(t *testing.T) {
	r := newReqRig(t, t.TempDir(), 100, 3)
	p := &slowPhone{delays: []time.Duration{1500 * time.Millisecond}}
	r.spacedRequester(p)
	count := 25
	if _, err := r.req.Request(context.Background(), domain.HistorySyncInput{Count: &count}); err != nil {
		t.Fatal(err)
	}
	drain(t, r, p, 3)
	checkSpacing(t, p.at)
}

// TestSpacingHoldsWhileAPageIsOnItsWay: while one sender (the backfill,
// the requests) is booking and sending a page, the other cannot claim the
// slot, however long that send takes.
func TestSpacingHoldsWhileAPageIsOnItsWay(t *testing.T) {
	r := newReqRig(t, t.TempDir(), 100, 1)
	p := &slowPhone{delays: []time.Duration{3 * time.Second}}
	r.spacedRequester(p)
	claimed := false
	p.during = func() {
		if p.during = nil; len(p.at) == 0 {
			if release, wait := r.req.claimSlot(context.Background()); wait == 0 {
				claimed = true
				release(false)
			}
		}
	}
	if _, err := r.request(t, chatJID(0), 25); err != nil {
		t.Fatal(err)
	}
	r.req.step(context.Background())
	if len(p.at) != 1 {
		t.Fatalf("%d pages sent", len(p.at))
	}
	if claimed {
		t.Fatal("a second sender claimed the slot while a page was on its way")
	}
	// Right after the send, the spacing still runs from its return.
	if _, wait := r.req.claimSlot(context.Background()); wait != testSpacing {
		t.Fatalf("right after a send the slot frees in %v, want %v", wait, testSpacing)
	}
}

// TestSpacingHoldsAcrossARestart: the log keeps the last page to the
// second; a restart 1.2 s after a page sent at .9 s must still wait.
func TestSpacingHoldsAcrossARestart(t *testing.T) {
	r := newReqRig(t, t.TempDir(), 100, 2)
	r.clock.advance(900 * time.Millisecond)
	p := &slowPhone{}
	r.spacedRequester(p)
	count := 25
	if _, err := r.req.Request(context.Background(), domain.HistorySyncInput{Count: &count}); err != nil {
		t.Fatal(err)
	}
	r.req.step(context.Background())
	if len(p.at) != 1 {
		t.Fatalf("%d pages sent", len(p.at))
	}
	r.clock.advance(1200 * time.Millisecond)
	q := &slowPhone{}
	r.spacedRequester(q) // restart
	drain(t, r, q, 1)
	checkSpacing(t, append(p.at, q.at...))
}
