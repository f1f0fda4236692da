package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/wasync/wasync/backend/domain"
)

func chunk(chat string, from, n int) domain.HistoryChunk {
	c := domain.HistoryChunk{
		SyncType: domain.SyncInitialBootstrap,
		Chats:    []domain.ChatUpsert{{JID: chat, Name: "Alice", EndOfHistory: 1, MoreOnPhone: true, Unread: ptr(2)}},
		Contacts: []domain.Contact{{JID: "555@s.whatsapp.net", PushName: "Alice P"}},
	}
	for i := from; i < from+n; i++ {
		c.Messages = append(c.Messages, domain.StoredMessage{
			ChatJID: chat, ID: fmt.Sprintf("ID%04d", i), SenderJID: "555@s.whatsapp.net",
			Timestamp: int64(1_700_000_000 + i), Type: "text", Text: fmt.Sprintf("hello number%d", i),
		})
	}
	return c
}

func ptr[T any](v T) *T { return &v }

func count(t *testing.T, s *Store, q string, args ...any) int {
	t.Helper()
	var n int
	if err := s.r.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestApplyHistoryIsIdempotentAndIndexed(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	id, err := s.AddHistoryNotification(ctx, domain.HistoryNotification{SyncType: domain.SyncInitialBootstrap, Raw: []byte{1, 2}})
	if err != nil {
		t.Fatal(err)
	}
	const chat = "555@s.whatsapp.net"
	res, err := s.ApplyHistory(ctx, id, chunk(chat, 0, 100))
	if err != nil || res.NewMessages != 100 || res.OldestPerChat[chat] != 1_700_000_000 {
		t.Fatalf("first apply: %+v %v", res, err)
	}
	if p, _ := s.PendingHistoryNotifications(ctx, 10); len(p) != 0 {
		t.Fatalf("notification still pending: %d", len(p))
	}
	// The same chunk again, and an overlapping one.
	if res, err := s.ApplyHistory(ctx, 0, chunk(chat, 0, 100)); err != nil || res.NewMessages != 0 {
		t.Fatalf("re-apply: %+v %v", res, err)
	}
	if res, err := s.ApplyHistory(ctx, 0, chunk(chat, 50, 100)); err != nil || res.NewMessages != 50 {
		t.Fatalf("overlap: %+v %v", res, err)
	}
	if n := count(t, s, `SELECT COUNT(*) FROM messages`); n != 150 {
		t.Fatalf("messages = %d, want 150", n)
	}
	if n := count(t, s, `SELECT COUNT(*) FROM messages_fts WHERE messages_fts MATCH 'hello'`); n != 150 {
		t.Fatalf("indexed = %d, want 150", n)
	}
	c, err := s.Chat(ctx, chat)
	if err != nil || c.Name != "Alice" || !c.MoreOnPhone || c.Unread != 2 || c.LastMessageText != "hello number149" {
		t.Fatalf("chat = %+v %v", c, err)
	}
	page, _ := s.Messages(ctx, domain.MessageQuery{ChatJID: chat, Limit: 1})
	if page.Messages[0].SenderName != "Alice P" {
		t.Fatalf("sender name from contacts: %+v", page.Messages[0])
	}
}

func TestEditsRevokesAndReactions(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	const chat = "555@s.whatsapp.net"
	c := chunk(chat, 0, 3)
	c.Changes = []domain.MessageChange{
		{Kind: domain.ChangeEdit, ChatJID: chat, TargetID: "ID0000", Text: "edited zebra", Timestamp: 1_700_000_100},
		{Kind: domain.ChangeRevoke, ChatJID: chat, TargetID: "ID0001", Timestamp: 1_700_000_101},
		{Kind: domain.ChangeReaction, ChatJID: chat, TargetID: "ID0002", SenderJID: "1@s.whatsapp.net", Emoji: "👍", Timestamp: 5},
		{Kind: domain.ChangeEdit, ChatJID: chat, TargetID: "missing", Text: "x"},
	}
	res, err := s.ApplyHistory(ctx, 0, c)
	if err != nil || res.Changes != 3 {
		t.Fatalf("apply: %+v %v", res, err)
	}
	if n := count(t, s, `SELECT COUNT(*) FROM messages_fts WHERE messages_fts MATCH 'zebra'`); n != 1 {
		t.Fatalf("edit not indexed: %d", n)
	}
	if n := count(t, s, `SELECT COUNT(*) FROM messages_fts WHERE messages_fts MATCH 'number0 OR number1'`); n != 0 {
		t.Fatalf("old texts still indexed: %d", n)
	}
	page, _ := s.Messages(ctx, domain.MessageQuery{ChatJID: chat})
	byID := map[string]domain.Message{}
	for _, m := range page.Messages {
		byID[m.ID] = m
	}
	if m := byID["ID0000"]; !m.Edited || m.Text != "edited zebra" {
		t.Errorf("edit: %+v", m)
	}
	if m := byID["ID0001"]; !m.Deleted || m.Text != "hello number1" {
		t.Errorf("revoke: %+v", m)
	}
	if m := byID["ID0002"]; len(m.Reactions) != 1 || m.Reactions[0].Emoji != "👍" {
		t.Errorf("reaction: %+v", m)
	}
	// FTS integrity: the external-content index agrees with the table.
	if _, err := s.w.Exec(`INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')`); err != nil {
		t.Fatalf("fts integrity: %v", err)
	}
}

func TestLIDChatMergesIntoPhoneChat(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	const lid, pn = "777@lid", "555@s.whatsapp.net"
	if _, err := s.ApplyHistory(ctx, 0, chunk(lid, 0, 10)); err != nil {
		t.Fatal(err)
	}
	c := chunk(pn, 5, 10)
	c.Chats[0].AltJID = lid
	if _, err := s.ApplyHistory(ctx, 0, c); err != nil {
		t.Fatal(err)
	}
	if n := count(t, s, `SELECT COUNT(*) FROM chats`); n != 1 {
		t.Fatalf("chats = %d, want 1", n)
	}
	if n := count(t, s, `SELECT COUNT(*) FROM messages WHERE chat_jid = ?`, pn); n != 15 {
		t.Fatalf("merged messages = %d, want 15", n)
	}
	if got, err := s.Chat(ctx, lid); err != nil || got.JID != pn {
		t.Fatalf("lookup by LID: %+v %v", got, err)
	}
	if _, err := s.w.Exec(`INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')`); err != nil {
		t.Fatalf("fts integrity: %v", err)
	}
}
