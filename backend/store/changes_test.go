package store

import (
	"context"
	"testing"

	"github.com/wasync/wasync/backend/domain"
)

const chat1 = "555@s.whatsapp.net"

func changes(cs ...domain.MessageChange) domain.HistoryChunk {
	return domain.HistoryChunk{SyncType: "LIVE", Changes: cs}
}

func edit(id, text string, ts int64) domain.MessageChange {
	return domain.MessageChange{Kind: domain.ChangeEdit, ChatJID: chat1, TargetID: id, SenderJID: chat1, Text: text, Timestamp: ts,
		Raw: []byte("edit " + text)}
}

func revoke(id string, ts int64) domain.MessageChange {
	return domain.MessageChange{Kind: domain.ChangeRevoke, ChatJID: chat1, TargetID: id, SenderJID: chat1, Timestamp: ts}
}

func apply(t *testing.T, s *Store, c domain.HistoryChunk) domain.IngestResult {
	t.Helper()
	res, err := s.ApplyHistory(context.Background(), 0, c)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func message(t *testing.T, s *Store, id string) domain.Message {
	t.Helper()
	var found *domain.Message
	err := s.EachMessage(context.Background(), chat1, func(m domain.Message) error {
		if m.ID == id {
			found = &m
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found == nil {
		t.Fatalf("no message %s", id)
	}
	return *found
}

func matches(t *testing.T, s *Store, word string) int {
	t.Helper()
	return count(t, s, `SELECT COUNT(*) FROM messages_fts WHERE messages_fts MATCH ?`, word)
}

func versions(t *testing.T, s *Store, id string) []domain.MessageVersion {
	t.Helper()
	v, err := s.MessageVersions(context.Background(), chat1, id)
	if err != nil {
		t.Fatal(err)
	}
	return v.Versions
}

func TestEditAndRevokeBeforeTheirTargetApply(t *testing.T) {
	s := openTest(t)
	apply(t, s, changes(edit("ID0000", "edited zebra", 1_700_000_100), revoke("ID0001", 1_700_000_101)))
	if n := count(t, s, `SELECT COUNT(*) FROM pending_changes`); n != 2 {
		t.Fatalf("pending = %d, want 2", n)
	}
	res := apply(t, s, chunk(chat1, 0, 3))
	if res.Changes != 2 {
		t.Fatalf("applied on arrival = %d, want 2", res.Changes)
	}
	if m := message(t, s, "ID0000"); m.Text != "edited zebra" || !m.Edited || m.EditCount != 1 {
		t.Fatalf("edit: %+v", m)
	}
	if m := message(t, s, "ID0001"); !m.Deleted || m.Text != "hello number1" || m.DeletedAt == "" {
		t.Fatalf("revoke: %+v", m)
	}
	if n := count(t, s, `SELECT COUNT(*) FROM pending_changes`); n != 0 {
		t.Fatalf("pending left = %d", n)
	}
	if matches(t, s, "zebra") != 1 || matches(t, s, "number1") != 0 || matches(t, s, "number0") != 0 {
		t.Fatal("search index does not follow the edit and the revoke")
	}
	// Replays of everything change nothing.
	apply(t, s, changes(edit("ID0000", "edited zebra", 1_700_000_100), revoke("ID0001", 1_700_000_101)))
	if res := apply(t, s, chunk(chat1, 0, 3)); res.NewMessages != 0 {
		t.Fatalf("replay stored %d new", res.NewMessages)
	}
	if m := message(t, s, "ID0000"); m.EditCount != 1 || len(versions(t, s, "ID0000")) != 2 {
		t.Fatalf("replayed edit counted again: %+v", m)
	}
	if _, err := s.w.Exec(`INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')`); err != nil {
		t.Fatalf("fts integrity: %v", err)
	}
}

func TestEditKeepsEveryVersionAndNewestWins(t *testing.T) {
	s := openTest(t)
	apply(t, s, chunk(chat1, 0, 1))
	apply(t, s, changes(edit("ID0000", "third", 1_700_000_300)))
	apply(t, s, changes(edit("ID0000", "second", 1_700_000_200))) // older, arrives later
	m := message(t, s, "ID0000")
	if m.Text != "third" || m.EditCount != 2 {
		t.Fatalf("an older edit won: %+v", m)
	}
	v := versions(t, s, "ID0000")
	want := []string{"hello number0", "second", "third"}
	if len(v) != len(want) {
		t.Fatalf("versions = %+v", v)
	}
	for i := range want {
		if v[i].Text != want[i] {
			t.Fatalf("version %d = %q, want %q (%+v)", i, v[i].Text, want[i], v)
		}
	}
	if !v[0].Original || !v[2].Current || v[1].Current {
		t.Fatalf("flags: %+v", v)
	}
	if matches(t, s, "third") != 1 || matches(t, s, "second") != 0 || matches(t, s, "number0") != 0 {
		t.Fatal("search must find exactly the text shown")
	}
	if n := count(t, s, `SELECT COUNT(*) FROM message_versions WHERE raw IS NOT NULL`); n != 2 {
		t.Fatalf("edit raws kept = %d, want 2", n)
	}
}

func TestUneditedMessageHasOneVersion(t *testing.T) {
	s := openTest(t)
	apply(t, s, chunk(chat1, 0, 1))
	if v := versions(t, s, "ID0000"); len(v) != 1 || !v[0].Current || v[0].Text != "hello number0" {
		t.Fatalf("versions = %+v", v)
	}
	if _, err := s.MessageVersions(context.Background(), chat1, "nope"); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Fatalf("missing message: %v", err)
	}
}

func TestRevokeKeepsContentAndLeavesSearch(t *testing.T) {
	s := openTest(t)
	apply(t, s, chunk(chat1, 0, 2))
	apply(t, s, changes(revoke("ID0001", 1_700_000_500)))
	m := message(t, s, "ID0001")
	if !m.Deleted || m.Text != "hello number1" {
		t.Fatalf("revoke lost the content: %+v", m)
	}
	if matches(t, s, "number1") != 0 {
		t.Fatal("a deleted message is still found by search")
	}
	if c, _ := s.Chat(context.Background(), chat1); c.LastMessageText != "" {
		t.Fatalf("chat list shows deleted content: %q", c.LastMessageText)
	}
	// An edit after the revoke is kept but does not bring it back to search.
	apply(t, s, changes(edit("ID0001", "ghost", 1_700_000_600)))
	if matches(t, s, "ghost") != 0 {
		t.Fatal("an edit of a deleted message was indexed")
	}
}

func TestHistoryRevokeStubIsARow(t *testing.T) {
	s := openTest(t)
	c := chunk(chat1, 0, 1)
	c.Messages = append(c.Messages, domain.StoredMessage{ChatJID: chat1, ID: "GONE", SenderJID: chat1, Timestamp: 1_700_000_050,
		Type: domain.TypeDeleted, Deleted: true})
	apply(t, s, c)
	if m := message(t, s, "GONE"); !m.Deleted || m.Type != domain.TypeDeleted {
		t.Fatalf("stub: %+v", m)
	}
}

func TestStarAndDeleteForMeAreFlags(t *testing.T) {
	s := openTest(t)
	star := func(on bool, ts int64) domain.MessageChange {
		return domain.MessageChange{Kind: domain.ChangeStar, ChatJID: chat1, TargetID: "ID0000", Starred: on, Timestamp: ts}
	}
	apply(t, s, changes(star(true, 10))) // before its target
	apply(t, s, chunk(chat1, 0, 1))
	if m := message(t, s, "ID0000"); !m.Starred {
		t.Fatalf("star: %+v", m)
	}
	apply(t, s, changes(star(false, 5))) // older: ignored
	if m := message(t, s, "ID0000"); !m.Starred {
		t.Fatalf("an older unstar won: %+v", m)
	}
	apply(t, s, changes(domain.MessageChange{Kind: domain.ChangeDeleteForMe, ChatJID: chat1, TargetID: "ID0000", Timestamp: 20}))
	if m := message(t, s, "ID0000"); !m.DeletedForMe || m.Text != "hello number0" {
		t.Fatalf("delete for me: %+v", m)
	}
}

func waiting(id string) domain.StoredMessage {
	return domain.StoredMessage{ChatJID: chat1, ID: id, SenderJID: chat1, Timestamp: 1_700_000_000, Type: domain.TypeWaiting}
}

func TestPlaceholderIsReplacedByTheRealMessage(t *testing.T) {
	s := openTest(t)
	apply(t, s, domain.HistoryChunk{Messages: []domain.StoredMessage{waiting("ID0000")}})
	if m := message(t, s, "ID0000"); m.Type != domain.TypeWaiting {
		t.Fatalf("placeholder: %+v", m)
	}
	// An edit of the undecrypted message waits for the real one.
	apply(t, s, changes(edit("ID0000", "fixed typo", 1_700_000_100)))
	real := chunk(chat1, 0, 1)
	real.Messages[0].Raw = []byte("the real one")
	if res := apply(t, s, real); res.NewMessages != 1 {
		t.Fatalf("replacement not counted: %+v", res)
	}
	m := message(t, s, "ID0000")
	if m.Type != "text" || m.Text != "fixed typo" || m.EditCount != 1 {
		t.Fatalf("after the real message: %+v", m)
	}
	if n := count(t, s, `SELECT COUNT(*) FROM messages`); n != 1 {
		t.Fatalf("rows = %d, want 1", n)
	}
	if matches(t, s, "typo") != 1 {
		t.Fatal("the real message is not searchable")
	}
	// A placeholder never replaces a real row.
	apply(t, s, domain.HistoryChunk{Messages: []domain.StoredMessage{waiting("ID0000")}})
	if m := message(t, s, "ID0000"); m.Type != "text" {
		t.Fatalf("placeholder replaced a real row: %+v", m)
	}
	if _, err := s.w.Exec(`INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')`); err != nil {
		t.Fatalf("fts integrity: %v", err)
	}
}

func TestUnsupportedMessageIsKeptWithRaw(t *testing.T) {
	s := openTest(t)
	apply(t, s, domain.HistoryChunk{Messages: []domain.StoredMessage{{ChatJID: chat1, ID: "U1", SenderJID: chat1,
		Timestamp: 1_700_000_000, Type: domain.TypeUnsupported, Raw: []byte("some future message kind")}}})
	if m := message(t, s, "U1"); m.Type != domain.TypeUnsupported {
		t.Fatalf("unsupported: %+v", m)
	}
	if n := count(t, s, `SELECT COUNT(*) FROM message_raw`); n != 1 {
		t.Fatalf("raw rows = %d", n)
	}
}
