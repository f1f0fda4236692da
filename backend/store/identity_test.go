package store

import (
	"context"
	"testing"

	"github.com/wasync/wasync/backend/domain"
)

const (
	testLID = "777@lid"
	testPN  = "555@s.whatsapp.net"
)

// oneChat checks that lid and pn are one chat under pn holding want
// messages, reachable by either JID, with a consistent search index.
func oneChat(t *testing.T, s *Store, want int) {
	t.Helper()
	ctx := context.Background()
	if n := count(t, s, `SELECT COUNT(*) FROM chats`); n != 1 {
		t.Fatalf("chats = %d, want 1", n)
	}
	if n := count(t, s, `SELECT COUNT(*) FROM messages WHERE chat_jid = ?`, testPN); n != want {
		t.Fatalf("messages under the phone number = %d, want %d", n, want)
	}
	for _, jid := range []string{testLID, testPN} {
		if got, err := s.Chat(ctx, jid); err != nil || got.JID != testPN {
			t.Fatalf("chat by %s: %+v %v", jid, got, err)
		}
	}
	if _, err := s.w.Exec(`INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')`); err != nil {
		t.Fatalf("fts integrity: %v", err)
	}
}

// Both conversations in one history chunk used to fail the chunk with a
// FOREIGN KEY error (the LID chat was merged away before its messages were
// inserted), wedging the history queue.
func TestLIDAndPhoneChatInOneChunk(t *testing.T) {
	cases := map[string]func() domain.HistoryChunk{
		"lid conversation first": func() domain.HistoryChunk {
			c := chunk(testLID, 0, 3)
			p := chunk(testPN, 10, 3)
			c.Chats = append(c.Chats, domain.ChatUpsert{JID: testPN, AltJID: testLID})
			c.Messages = append(c.Messages, p.Messages...)
			return c
		},
		"phone conversation first": func() domain.HistoryChunk {
			c := chunk(testPN, 10, 3)
			c.Chats[0].AltJID = testLID
			l := chunk(testLID, 0, 3)
			c.Chats = append(c.Chats, l.Chats...)
			c.Messages = append(c.Messages, l.Messages...)
			return c
		},
		"mapping only": func() domain.HistoryChunk {
			c := chunk(testLID, 0, 3)
			p := chunk(testPN, 10, 3)
			c.Chats = append(c.Chats, p.Chats...)
			c.Messages = append(c.Messages, p.Messages...)
			c.LIDMappings = []domain.LIDMapping{{LID: testLID, PN: testPN}}
			return c
		},
	}
	for name, mk := range cases {
		t.Run(name, func(t *testing.T) {
			s := openTest(t)
			if _, err := s.ApplyHistory(context.Background(), 0, mk()); err != nil {
				t.Fatal(err)
			}
			oneChat(t, s, 6)
			// Replaying the chunk changes nothing.
			if res, err := s.ApplyHistory(context.Background(), 0, mk()); err != nil || res.NewMessages != 0 {
				t.Fatalf("replay: %+v %v", res, err)
			}
			oneChat(t, s, 6)
		})
	}
}

func live(chat, alt, id string, ts int64) domain.HistoryChunk {
	return domain.HistoryChunk{
		SyncType: "LIVE",
		Chats:    []domain.ChatUpsert{{JID: chat, AltJID: alt}},
		Messages: []domain.StoredMessage{{ChatJID: chat, ID: id, SenderJID: chat, Timestamp: ts, Type: "text", Text: "live " + id}},
	}
}

func TestHistoryUnderLIDThenLiveFromPhone(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if _, err := s.ApplyHistory(ctx, 0, chunk(testLID, 0, 5)); err != nil {
		t.Fatal(err)
	}
	// The live message names only the phone number; the mapping comes with it.
	c := live(testPN, "", "LIVE1", 1_800_000_000)
	c.LIDMappings = []domain.LIDMapping{{LID: testLID, PN: testPN}}
	if _, err := s.ApplyHistory(ctx, 0, c); err != nil {
		t.Fatal(err)
	}
	oneChat(t, s, 6)
	// Later traffic addressed to the LID alone lands in the same chat.
	if _, err := s.ApplyHistory(ctx, 0, live(testLID, "", "LIVE2", 1_800_000_001)); err != nil {
		t.Fatal(err)
	}
	oneChat(t, s, 7)
}

func TestHistoryUnderPhoneThenLiveFromLID(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	h := chunk(testPN, 0, 5)
	h.Chats[0].AltJID = testLID
	if _, err := s.ApplyHistory(ctx, 0, h); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ApplyHistory(ctx, 0, live(testLID, "", "LIVE1", 1_800_000_000)); err != nil {
		t.Fatal(err)
	}
	oneChat(t, s, 6)
}

func TestLiveFromLIDThenHistoryUnderPhone(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if _, err := s.ApplyHistory(ctx, 0, live(testLID, "", "LIVE1", 1_800_000_000)); err != nil {
		t.Fatal(err)
	}
	h := chunk(testPN, 0, 5)
	h.Chats[0].AltJID = testLID
	h.Chats[0].PhoneJID = testLID
	if _, err := s.ApplyHistory(ctx, 0, h); err != nil {
		t.Fatal(err)
	}
	oneChat(t, s, 6)
	if got, err := s.PhoneJID(ctx, testPN); err != nil || got != testLID {
		t.Fatalf("PhoneJID = %q %v, want the LID the phone keys the chat by", got, err)
	}
}

func TestPhoneJIDDefaultsToTheChat(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if _, err := s.ApplyHistory(ctx, 0, chunk(testPN, 0, 1)); err != nil {
		t.Fatal(err)
	}
	if got, err := s.PhoneJID(ctx, testPN); err != nil || got != testPN {
		t.Fatalf("PhoneJID = %q %v", got, err)
	}
	if _, err := s.PhoneJID(ctx, "nobody@s.whatsapp.net"); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Fatalf("unknown chat: %v", err)
	}
}

// Changes addressed to either JID reach the one chat, also when they wait
// for their target across a merge.
func TestChangesResolveThroughTheLID(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	// An edit under the LID, before anything is known.
	early := domain.MessageChange{Kind: domain.ChangeEdit, ChatJID: testLID, TargetID: "ID0001", Text: "edited via lid", Timestamp: 1_800_000_000}
	apply(t, s, changes(early))
	// History under the LID, with a message the edit does not target.
	apply(t, s, chunk(testLID, 0, 1))
	// The phone-number history with the mapping brings the target.
	h := chunk(testPN, 1, 1)
	h.Chats[0].AltJID = testLID
	apply(t, s, h)
	oneChat(t, s, 2)
	if m := message(t, s, "ID0001"); m.Text != "edited via lid" {
		t.Fatalf("pending edit lost in the merge: %+v", m)
	}
	// A revoke addressed to the LID after the merge.
	apply(t, s, changes(domain.MessageChange{Kind: domain.ChangeRevoke, ChatJID: testLID, TargetID: "ID0000", Timestamp: 1_800_000_001}))
	if m := message(t, s, "ID0000"); !m.Deleted {
		t.Fatalf("revoke via the LID: %+v", m)
	}
	if n := count(t, s, `SELECT COUNT(*) FROM pending_changes`); n != 0 {
		t.Fatalf("pending left = %d", n)
	}
	if _, err := s.PhoneJID(ctx, testLID); err != nil {
		t.Fatal(err)
	}
}
