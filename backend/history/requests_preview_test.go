package history

import (
	"context"
	"reflect"
	"sync"
	"testing"

	"github.com/wasync/wasync/backend/domain"
)

// targetsTogether holds every caller at the targets look-up until all have
// arrived, so their read-snapshot previews and admissions really race.
type targetsTogether struct {
	RequestStore
	arrived sync.WaitGroup
}

func (s *targetsTogether) RequestTargets(ctx context.Context, limit int) ([]domain.RequestChat, domain.Admission, error) {
	s.arrived.Done()
	s.arrived.Wait()
	return s.RequestStore.RequestTargets(ctx, limit)
}

func TestConcurrentRequestsForTheSameChatsAcceptOne(t *testing.T) {
	r := newReqRig(t, t.TempDir(), 100, 5)
	st := &targetsTogether{RequestStore: r.st}
	st.arrived.Add(20)
	r.req.st = st
	var wg sync.WaitGroup
	var mu sync.Mutex
	accepted, limited := 0, 0
	for range 20 {
		wg.Go(func() {
			_, err := r.request(t, "", 25)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				accepted++
			case domain.ErrorCode(err) == domain.CodeRateLimited:
				limited++
			default:
				t.Errorf("request: %v", err)
			}
		})
	}
	wg.Wait()
	if accepted != 1 || limited != 19 {
		t.Fatalf("accepted %d, rate limited %d; want 1 and 19 (one request per chat)", accepted, limited)
	}
}

func TestPreviewRefusesExactlyWhatAdmissionRefuses(t *testing.T) {
	ctx := context.Background()
	r := newReqRig(t, t.TempDir(), 2, 3)
	chats, busy, err := r.st.RequestTargets(ctx, 10)
	if err != nil || len(chats) != 3 || busy.BusyChat != "" {
		t.Fatalf("targets = %v, %+v, %v", chats, busy, err)
	}
	jids, err := r.st.ChatsWithMoreOnPhone(ctx, 10)
	if err != nil || len(jids) != len(chats) {
		t.Fatalf("chats with more = %v, %v", jids, err)
	}
	for i, c := range chats {
		if c.ChatJID != jids[i] {
			t.Fatalf("target %d is %s, want %s", i, c.ChatJID, jids[i])
		}
		a, ok, err := r.st.OldestMessage(ctx, c.ChatJID)
		if err != nil || !ok || a != c.Anchor {
			t.Fatalf("target %s anchor %+v, oldest message %+v %v %v", c.ChatJID, c.Anchor, a, ok, err)
		}
	}
	now := r.clock.Now()
	budget := r.req.budget(now)
	one := func(i int) []domain.RequestChat {
		c := chats[i]
		c.Requested = 25
		return []domain.RequestChat{c}
	}
	check := func(step string, cs []domain.RequestChat, pages int, wantAccepted bool) {
		t.Helper()
		p, err := r.st.PreviewHistoryAdmission(ctx, cs, pages, now.Unix(), budget, false)
		if err != nil {
			t.Fatal(err)
		}
		if p.Accepted != wantAccepted {
			t.Fatalf("%s: preview %+v, want accepted %v", step, p, wantAccepted)
		}
		if wantAccepted {
			return
		}
		a, err := r.st.AdmitHistoryRequest(ctx, "hreq_refused", cs, pages, now.Unix(), now.Unix()+60, budget, false)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a, p) {
			t.Fatalf("%s: preview %+v, admission %+v", step, p, a)
		}
	}
	check("free", one(0), 1, true)
	if _, err := r.request(t, chats[0].ChatJID, 25); err != nil {
		t.Fatal(err)
	}
	check("chat busy", one(0), 1, false)
	// A request naming no chat skips the busy one and asks about the others.
	if rest, busy, err := r.st.RequestTargets(ctx, 10); err != nil || len(rest) != 2 || busy.BusyChat != "" ||
		len(busy.Skipped) != 1 || busy.Skipped[0] != chats[0].ChatJID {
		t.Fatalf("targets = %v, %+v, %v; want the other two, %s skipped", rest, busy, err, chats[0].ChatJID)
	}
	if busy, err := r.st.PreviewHistoryAdmission(ctx, one(0), 1, now.Unix(), budget, false); err != nil || busy.BusyChat != chats[0].ChatJID {
		t.Fatalf("preview = %+v, %v", busy, err)
	}
	check("other chat", one(1), 1, true)
	check("over the cap", one(1), 2, false)
	if _, err := r.request(t, chats[1].ChatJID, 25); err != nil {
		t.Fatal(err)
	}
	check("cap full", one(2), 1, false)
}
