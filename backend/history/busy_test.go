package history

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/wasync/wasync/backend/domain"
)

// TestRequestNamingNoChatSkipsBusyChats: a request without chat_jid leaves
// out the chats still waiting on an earlier request and says which; when
// every chat is busy it is a 429 whose Retry-After is the earliest deadline
// in the way, to the second.
func TestRequestNamingNoChatSkipsBusyChats(t *testing.T) {
	r := newReqRig(t, t.TempDir(), 100, 3)
	if _, err := r.request(t, chatJID(0), 25); err != nil {
		t.Fatal(err)
	}
	count := 25
	acc, err := r.req.Request(context.Background(), domain.HistorySyncInput{Count: &count})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(acc.Skipped, []string{chatJID(0)}) || len(acc.Chats) != 2 || slices.Contains(acc.Chats, chatJID(0)) {
		t.Fatalf("accepted %v, skipped %v", acc.Chats, acc.Skipped)
	}

	r.clock.advance(90 * time.Second)
	_, err = r.req.Request(context.Background(), domain.HistorySyncInput{Count: &count})
	var de *domain.Error
	if !errors.As(err, &de) || de.Code != domain.CodeRateLimited {
		t.Fatalf("all busy: %v", err)
	}
	// The first request's deadline: its timeout plus one page's spacing,
	// rounded up to the second, from when it was made 90 s ago.
	want := int((2*time.Hour+time.Millisecond+time.Second-1)/time.Second) - 90
	if de.RetryAfterSeconds != want {
		t.Fatalf("Retry-After %d, want %d", de.RetryAfterSeconds, want)
	}

	// Naming a busy chat is still refused outright.
	if _, err := r.request(t, chatJID(1), 25); !errors.As(err, &de) || de.Code != domain.CodeRateLimited {
		t.Fatalf("busy named chat: %v", err)
	}
}

// TestRetryAfterIsTheCapsNextFreeSlot: with the hourly cap spent, the wait
// is until the oldest page sent leaves the hour, not a constant.
func TestRetryAfterIsTheCapsNextFreeSlot(t *testing.T) {
	r := newReqRig(t, t.TempDir(), 1, 2)
	if _, err := r.request(t, chatJID(0), 25); err != nil {
		t.Fatal(err)
	}
	r.send() // the page goes out one second later
	r.clock.advance(600 * time.Second)
	_, err := r.request(t, chatJID(1), 25)
	var de *domain.Error
	if !errors.As(err, &de) || de.Code != domain.CodeRateLimited {
		t.Fatalf("over the cap: %v", err)
	}
	if want := 3600 - 600; de.RetryAfterSeconds != want {
		t.Fatalf("Retry-After %d, want %d", de.RetryAfterSeconds, want)
	}
}
