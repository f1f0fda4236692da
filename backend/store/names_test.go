package store

import (
	"context"
	"testing"

	"github.com/wasync/wasync/backend/domain"
)

func TestOnDemandUpsertLeavesChatState(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	full := domain.ChatUpsert{JID: chat1, Name: "Alice", Archived: ptr(true), Pinned: ptr(true), MutedUntil: ptr(int64(-1)),
		Unread: ptr(4), MarkedUnread: ptr(true)}
	apply(t, s, domain.HistoryChunk{SyncType: domain.SyncInitialBootstrap, Chats: []domain.ChatUpsert{full}})
	// An ON_DEMAND answer carries none of the state.
	od := chunk(chat1, 0, 2)
	od.SyncType = domain.SyncOnDemand
	od.Chats = []domain.ChatUpsert{{JID: chat1, EndOfHistory: 2}}
	apply(t, s, od)
	c, err := s.Chat(ctx, chat1)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Archived || !c.Pinned || !c.Muted || c.Unread != 4 || !c.MarkedUnread || c.Name != "Alice" {
		t.Fatalf("state reset by a sync that did not carry it: %+v", c)
	}
	// An app-state change is one field.
	apply(t, s, domain.HistoryChunk{Chats: []domain.ChatUpsert{{JID: chat1, Archived: ptr(false), Unread: ptr(0)}}})
	c, _ = s.Chat(ctx, chat1)
	if c.Archived || !c.Pinned || c.Unread != 0 || !c.Muted {
		t.Fatalf("app-state change: %+v", c)
	}
}

func TestNamePrecedence(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	name := func() string {
		t.Helper()
		c, err := s.Chat(ctx, chat1)
		if err != nil {
			t.Fatal(err)
		}
		return c.Name
	}
	apply(t, s, chunk(chat1, 0, 1))
	s.w.Exec(`UPDATE chats SET name = '' WHERE jid = ?`, chat1)
	steps := []struct {
		contact domain.Contact
		want    string
	}{
		{domain.Contact{JID: chat1, PushName: "Newer push", PushNameTS: 200}, "Newer push"},
		{domain.Contact{JID: chat1, PushName: "Older push", PushNameTS: 100}, "Newer push"},
		{domain.Contact{JID: chat1, PushName: "Unknown time"}, "Newer push"},
		{domain.Contact{JID: chat1, BusinessName: "Alice Ltd"}, "Alice Ltd"},
		{domain.Contact{JID: chat1, PushName: "Newest push", PushNameTS: 300}, "Alice Ltd"},
		{domain.Contact{JID: chat1, FullName: "Alice Address Book"}, "Alice Address Book"},
		{domain.Contact{JID: chat1, PushName: "Even newer", PushNameTS: 400, BusinessName: ""}, "Alice Address Book"},
	}
	for i, st := range steps {
		apply(t, s, domain.HistoryChunk{Contacts: []domain.Contact{st.contact}})
		if got := name(); got != st.want {
			t.Fatalf("step %d: name = %q, want %q", i, got, st.want)
		}
	}
	if n := count(t, s, `SELECT COUNT(*) FROM contacts WHERE push_name = 'Even newer' AND push_name_ts = 400`); n != 1 {
		t.Fatal("the newest push name is not kept")
	}
}

func TestGroupSubjectBeatsBusinessAndPushNames(t *testing.T) {
	s := openTest(t)
	const group = "123-456@g.us"
	apply(t, s, domain.HistoryChunk{
		Chats:    []domain.ChatUpsert{{JID: group, Name: "Climbing club", IsGroup: true}},
		Contacts: []domain.Contact{{JID: group, PushName: "x", BusinessName: "y"}},
	})
	if c, _ := s.Chat(context.Background(), group); c.Name != "Climbing club" {
		t.Fatalf("name = %q", c.Name)
	}
}

func TestLIDSenderShownByName(t *testing.T) {
	s := openTest(t)
	const group = "123-456@g.us"
	msg := func(id, sender string) domain.StoredMessage {
		return domain.StoredMessage{ChatJID: group, ID: id, SenderJID: sender, Timestamp: 1_700_000_000, Type: "text", Text: id}
	}
	apply(t, s, domain.HistoryChunk{
		Chats:    []domain.ChatUpsert{{JID: group, Name: "Club", IsGroup: true}},
		Contacts: []domain.Contact{{JID: testPN, FullName: "Bob Book"}},
		Messages: []domain.StoredMessage{msg("A", testLID), msg("B", "888@lid")},
	})
	// The mapping arrives later; the contact named under the LID too.
	apply(t, s, domain.HistoryChunk{
		LIDMappings: []domain.LIDMapping{{LID: testLID, PN: testPN}, {LID: "888@lid", PN: "999@s.whatsapp.net"}},
	})
	page, err := s.Messages(context.Background(), domain.MessageQuery{ChatJID: group})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, m := range page.Messages {
		got[m.ID] = m.SenderName
	}
	if got["A"] != "Bob Book" || got["B"] != "+999" {
		t.Fatalf("sender names = %v", got)
	}
}
