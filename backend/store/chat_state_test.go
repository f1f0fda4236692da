package store

import (
	"context"
	"testing"

	"github.com/wasync/wasync/backend/domain"
)

// TestChatStateOlderNeverWins: a history sync taken before a change made on
// the phone, but stored after it, does not put the older state back; it
// still sets the fields the change did not touch, and a later sync wins.
func TestChatStateOlderNeverWins(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	state := func(up domain.ChatUpsert) {
		t.Helper()
		up.JID = chat1
		apply(t, s, domain.HistoryChunk{SyncType: domain.SyncAppState, Chats: []domain.ChatUpsert{up}})
	}
	// The phone archives the chat at 200 and mutes it at 210.
	state(domain.ChatUpsert{Archived: ptr(true), StateTS: 200})
	state(domain.ChatUpsert{MutedUntil: ptr(int64(-1)), StateTS: 210})
	// A history sync from 100 arrives late: not archived, not muted, pinned.
	state(domain.ChatUpsert{Archived: ptr(false), MutedUntil: ptr(int64(0)), Pinned: ptr(true), Unread: ptr(4), StateTS: 100})
	c, err := s.Chat(ctx, chat1)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Archived || !c.Muted || !c.Pinned || c.Unread != 4 {
		t.Fatalf("after the older sync: %+v, want archived, muted (newer) and pinned, 4 unread (only the sync said)", c)
	}
	// A sync from 300 is newer than both changes.
	state(domain.ChatUpsert{Archived: ptr(false), MutedUntil: ptr(int64(0)), StateTS: 300})
	if c, _ = s.Chat(ctx, chat1); c.Archived || c.Muted || !c.Pinned {
		t.Fatalf("after the newer sync: %+v, want unarchived, unmuted, still pinned", c)
	}
	// State of unknown time (0) only fills what nothing stamped.
	state(domain.ChatUpsert{Pinned: ptr(false), StateTS: 0})
	if c, _ = s.Chat(ctx, chat1); !c.Pinned {
		t.Fatalf("unstamped state replaced stamped: %+v", c)
	}
}
