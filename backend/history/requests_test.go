package history

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/store"
)

// phone records the pages a requester sends.
type phone struct {
	mu    sync.Mutex
	n     int
	pages []page
}

type page struct {
	id, chat string
	anchor   domain.Anchor
	count    int
}

func (p *phone) NewRequestID() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	return fmt.Sprintf("sess%d", p.n)
}

func (p *phone) RequestHistory(_ context.Context, id, chat string, a domain.Anchor, count int) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pages = append(p.pages, page{id, chat, a, count})
	return nil
}

func (p *phone) sent() []page {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]page(nil), p.pages...)
}

type reqRig struct {
	st    *store.Store
	phone *phone
	clock *testClock
	req   *Requester
	cap   int
}

func newReqRig(t *testing.T, dir string, hourlyCap int, chats int) *reqRig {
	t.Helper()
	st, err := store.Open(context.Background(), dir, store.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	r := &reqRig{st: st, phone: &phone{}, clock: &testClock{now: time.Unix(1_800_000_000, 0)}, cap: hourlyCap}
	for i := 0; i < chats; i++ {
		c := genChunk(domain.SyncFull, 1, 100, chatJID(i), 1000, 1)
		if _, err := st.ApplyHistory(context.Background(), 0, c); err != nil {
			t.Fatal(err)
		}
	}
	r.restart()
	return r
}

// restart makes a new requester on the same database, as after a crash.
func (r *reqRig) restart() {
	r.phone = &phone{}
	r.req = NewRequester(r.st, r.phone, &recorder{ch: make(chan string, 100)}, slog.New(slog.DiscardHandler),
		Limits{MaxChats: 10, MinSpacing: time.Millisecond, HourlyCap: r.cap, Timeout: 2 * time.Hour},
		Options{Now: r.clock.Now})
}

func chatJID(i int) string { return fmt.Sprintf("1555000%04d@s.whatsapp.net", i) }

func (r *reqRig) request(t *testing.T, chat string, count int) (string, error) {
	t.Helper()
	acc, err := r.req.Request(context.Background(), domain.HistorySyncInput{ChatJID: chat, Count: &count})
	return acc.RequestID, err
}

// send runs the dispatcher once, past the spacing.
func (r *reqRig) send() {
	r.clock.advance(time.Second)
	r.req.step(context.Background())
}

// answer delivers the phone's ON_DEMAND answer to a page: sent messages,
// of which kept are kinds the converter keeps.
func (r *reqRig) answer(t *testing.T, p page, sent, kept int, more bool) {
	t.Helper()
	c := genChunk(domain.SyncOnDemand, 0, 0, p.chat, 0, kept)
	c.SessionID = p.id
	c.Chats[0].Sent = sent
	c.Chats[0].MoreOnPhone = more
	res, err := r.st.ApplyHistory(context.Background(), 0, c)
	if err != nil {
		t.Fatal(err)
	}
	r.req.OnChunk(context.Background(), c, res)
}

func (r *reqRig) chatStatus(t *testing.T, id string) string {
	t.Helper()
	cs, err := r.st.RequestChats(context.Background(), id)
	if err != nil || len(cs) != 1 {
		t.Fatalf("request chats = %v, %v", cs, err)
	}
	return cs[0].Status
}

// together holds every caller at the anchor look-up until all have
// arrived, so the limit checks that follow really race.
type together struct {
	*store.Store
	arrived sync.WaitGroup
}

func (s *together) OldestMessage(ctx context.Context, chat string) (domain.Anchor, bool, error) {
	s.arrived.Done()
	s.arrived.Wait()
	return s.Store.OldestMessage(ctx, chat)
}

func TestConcurrentRequestsAgainstTheCapAcceptExactlyIt(t *testing.T) {
	r := newReqRig(t, t.TempDir(), 3, 20)
	st := &together{Store: r.st}
	st.arrived.Add(20)
	r.req.st = st
	var wg sync.WaitGroup
	var mu sync.Mutex
	accepted, limited := 0, 0
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := r.request(t, chatJID(i), 25)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				accepted++
			case domain.ErrorCode(err) == domain.CodeRateLimited:
				limited++
			default:
				t.Errorf("request %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	if accepted != 3 || limited != 17 {
		t.Fatalf("accepted %d, rate limited %d; want 3 and 17 against a cap of 3", accepted, limited)
	}
}

func TestConcurrentRequestsForOneChatAcceptOne(t *testing.T) {
	r := newReqRig(t, t.TempDir(), 100, 1)
	var wg sync.WaitGroup
	var mu sync.Mutex
	accepted := 0
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := r.request(t, chatJID(0), 25); err == nil {
				mu.Lock()
				accepted++
				mu.Unlock()
			} else if domain.ErrorCode(err) != domain.CodeRateLimited {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if accepted != 1 {
		t.Fatalf("accepted %d requests for one chat at once, want 1", accepted)
	}
}

func TestPagesBeyondTheCapWaitAndTheCountSurvivesARestart(t *testing.T) {
	dir := t.TempDir()
	r := newReqRig(t, dir, 2, 3)
	a, err := r.request(t, chatJID(0), 50)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.request(t, chatJID(1), 50); err != nil {
		t.Fatal(err)
	}
	r.send()
	r.send()
	if n := len(r.phone.sent()); n != 2 {
		t.Fatalf("%d pages sent, want 2", n)
	}
	// The phone answers chat 0 with 10 of 50: a second page is needed, but
	// the hour's two pages are spent.
	r.answer(t, r.phone.sent()[0], 10, 10, true)
	if s := r.chatStatus(t, a); s != domain.ChatQueued {
		t.Fatalf("chat 0 = %s, want queued for its next page", s)
	}
	r.send()
	r.send()
	if n := len(r.phone.sent()); n != 2 {
		t.Fatalf("%d pages sent, want 2: the third must wait for the cap", n)
	}

	// A restart keeps the count: a new request is still over the cap.
	r.restart()
	if _, err := r.request(t, chatJID(2), 25); domain.ErrorCode(err) != domain.CodeRateLimited {
		t.Fatalf("after restart: %v, want rate limited", err)
	}
	r.send()
	if n := len(r.phone.sent()); n != 0 {
		t.Fatalf("after restart %d pages went out over the cap", n)
	}

	// An hour later the waiting page goes out.
	r.clock.advance(time.Hour)
	r.send()
	sent := r.phone.sent()
	if len(sent) != 1 || sent[0].chat != chatJID(0) || sent[0].count != 40 {
		t.Fatalf("after an hour sent %+v, want chat 0's next 40", sent)
	}
}

func TestPagingContinuesPastAPageOfKindsNotKept(t *testing.T) {
	r := newReqRig(t, t.TempDir(), 100, 1)
	id, err := r.request(t, chatJID(0), 100)
	if err != nil {
		t.Fatal(err)
	}
	r.send()
	first := r.phone.sent()
	if len(first) != 1 || first[0].count != 50 {
		t.Fatalf("first page = %+v", first)
	}
	// 50 messages, none of a kind kept (say, all call logs).
	r.answer(t, first[0], 50, 0, true)
	if s := r.chatStatus(t, id); s != domain.ChatQueued {
		t.Fatalf("after a page of kinds not kept the chat is %s, want queued", s)
	}
	r.send()
	sent := r.phone.sent()
	if len(sent) != 2 || sent[1].count != 50 || sent[1].chat != chatJID(0) {
		t.Fatalf("pages = %+v, want a second page of 50", sent)
	}
	r.answer(t, sent[1], 50, 50, true)
	if s := r.chatStatus(t, id); s != domain.RequestComplete {
		t.Fatalf("after 100 = %s, want complete", s)
	}
}
