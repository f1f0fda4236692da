package store

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wasync/wasync/backend/domain"
)

var update = flag.Bool("update", false, "rewrite testdata/schema.sql from the migrations")

func openTest(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), t.TempDir(), Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// schema dumps wasync's part of the schema in a stable order.
func schema(t *testing.T, s *Store) string {
	t.Helper()
	rows, err := s.r.Query(`SELECT type, name, COALESCE(sql, '') FROM sqlite_master
		WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE 'whatsmeow_%' AND name <> 'wasync_migrations'
		ORDER BY type, name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var typ, name, sql string
		if err := rows.Scan(&typ, &name, &sql); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "-- %s %s\n%s;\n\n", typ, name, sql)
	}
	return b.String()
}

// TestMigrationsMatchSchema proves that a fresh database migrated from
// scratch has exactly the reviewed latest schema in testdata/schema.sql.
// After adding a migration, run go test ./backend/store -run Schema -update.
func TestMigrationsMatchSchema(t *testing.T) {
	got := schema(t, openTest(t))
	golden := filepath.Join("testdata", "schema.sql")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Fatalf("migrated schema differs from %s (run with -update after reviewing):\n%s", golden, got)
	}
}

func TestReopenKeepsDataAndSkipsApplied(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	s, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetSetting(ctx, "k", "v"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(ctx, dir, Options{})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	v, ok, err := s.Setting(ctx, "k")
	if err != nil || !ok || v != "v" {
		t.Fatalf("setting after reopen = %q %v %v", v, ok, err)
	}
	var n int
	if err := s.r.QueryRow(`SELECT COUNT(*) FROM wasync_migrations`).Scan(&n); err != nil || n != len(mustMigrations(t)) {
		t.Fatalf("migrations recorded = %d (%v)", n, err)
	}
	st, err := os.Stat(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("database mode = %v, want 0600", st.Mode().Perm())
	}
}

func mustMigrations(t *testing.T) []migration {
	m, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestOpenRefusesCorruptFileAndLeavesIt(t *testing.T) {
	for name, content := range map[string][]byte{
		"garbage":         bytes.Repeat([]byte("not a database "), 400),
		"damaged sqlite ": append([]byte(sqliteMagic), bytes.Repeat([]byte{0xff}, 8192)...),
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, FileName)
			if err := os.WriteFile(path, content, 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Open(context.Background(), dir, Options{})
			if err == nil {
				t.Fatal("opened a corrupt database")
			}
			if !strings.Contains(err.Error(), "left it untouched") {
				t.Fatalf("error does not explain: %v", err)
			}
			after, _ := os.ReadFile(path)
			if !bytes.Equal(after, content) {
				t.Fatal("corrupt file was modified")
			}
		})
	}
}

func TestSchemaNewerThanBinaryIsRefused(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	s, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.Exec(`INSERT INTO wasync_migrations VALUES (9999, 'future', 0)`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(ctx, dir, Options{}); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("err = %v", err)
	}
}

func TestUISessions(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	now := time.Unix(1_700_000_000, 0)
	s.now = func() time.Time { return now }
	if err := s.AddUISession(ctx, []byte("a"), now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.AddUISession(ctx, []byte("b"), now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.UISessionValid(ctx, []byte("a")); !ok {
		t.Fatal("live session not valid")
	}
	now = now.Add(2 * time.Hour)
	if ok, _ := s.UISessionValid(ctx, []byte("a")); ok {
		t.Fatal("expired session still valid")
	}
	now = now.Add(-2 * time.Hour)
	if err := s.DeleteOtherUISessions(ctx, []byte("b")); err != nil {
		t.Fatal(err)
	}
	a, _ := s.UISessionValid(ctx, []byte("a"))
	b, _ := s.UISessionValid(ctx, []byte("b"))
	if a || !b {
		t.Fatalf("after delete others: a=%v b=%v", a, b)
	}
}

// seed inserts chats and messages with raw SQL (ingest arrives with history).
func seed(t testing.TB, s *Store, chats, perChat int) {
	t.Helper()
	tx, err := s.w.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for c := 0; c < chats; c++ {
		jid := fmt.Sprintf("%d@s.whatsapp.net", 1000+c)
		if _, err := tx.Exec(`INSERT INTO chats (jid, name, last_message_ts) VALUES (?, ?, ?)`,
			jid, fmt.Sprintf("Chat %03d", c), 1_700_000_000+c%7); err != nil {
			t.Fatal(err)
		}
		for m := 0; m < perChat; m++ {
			if _, err := tx.Exec(`INSERT INTO messages (chat_jid, id, ts, text) VALUES (?, ?, ?, ?)`,
				jid, fmt.Sprintf("M%05d", m), 1_600_000_000+m/3, fmt.Sprintf("message %d about topic%d", m, m%10)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := tx.Exec(`INSERT INTO messages_fts (rowid, text) SELECT rowid, text FROM messages`); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func TestChatsPageThroughEverythingOnce(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	seed(t, s, 123, 0)
	seen := map[string]bool{}
	cursor := ""
	var prev domain.Chat
	for pages := 0; ; pages++ {
		page, err := s.Chats(ctx, domain.ChatQuery{Limit: 50, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range page.Chats {
			if seen[c.JID] {
				t.Fatalf("chat %s twice", c.JID)
			}
			seen[c.JID] = true
			if prev.JID != "" && c.LastMessageAt > prev.LastMessageAt {
				t.Fatalf("order: %s after %s", c.LastMessageAt, prev.LastMessageAt)
			}
			prev = c
		}
		if page.NextCursor == "" {
			break
		}
		cursor = page.NextCursor
		if pages > 5 {
			t.Fatal("paging does not end")
		}
	}
	if len(seen) != 123 {
		t.Fatalf("saw %d chats, want 123", len(seen))
	}
	got, err := s.Chats(ctx, domain.ChatQuery{Q: "Chat 01"})
	if err != nil || len(got.Chats) != 10 {
		t.Fatalf("filter: %d chats, %v", len(got.Chats), err)
	}
	if got, _ := s.Chats(ctx, domain.ChatQuery{Q: "%"}); len(got.Chats) != 0 {
		t.Fatalf("%% must match literally, got %d", len(got.Chats))
	}
	if _, err := s.Chats(ctx, domain.ChatQuery{Cursor: "garbage!"}); domain.ErrorCode(err) != domain.CodeInvalid {
		t.Fatalf("bad cursor: %v", err)
	}
}

func TestMessagesKeysetPaging(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	seed(t, s, 2, 230)
	jid := "1000@s.whatsapp.net"
	seen := map[string]bool{}
	before := ""
	for {
		page, err := s.Messages(ctx, domain.MessageQuery{ChatJID: jid, Before: before, Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range page.Messages {
			if seen[m.ID] || m.ChatJID != jid {
				t.Fatalf("message %s repeated or from another chat", m.ID)
			}
			seen[m.ID] = true
		}
		if page.NextCursor == "" {
			break
		}
		before = page.NextCursor
	}
	if len(seen) != 230 {
		t.Fatalf("saw %d messages, want 230", len(seen))
	}
	if _, err := s.Messages(ctx, domain.MessageQuery{ChatJID: "nobody@s.whatsapp.net"}); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Fatalf("unknown chat: %v", err)
	}
}

func TestSearch(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	seed(t, s, 3, 100)
	page, err := s.Search(ctx, domain.SearchQuery{Q: "topic7", Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Results) != 30 {
		t.Fatalf("got %d results, want 30", len(page.Results))
	}
	r := page.Results[0]
	if !strings.Contains(r.Snippet, MarkStart+"topic7"+MarkEnd) || r.ChatName == "" {
		t.Fatalf("result = %+v", r)
	}
	for _, q := range []string{`"unbalanced`, `AND OR NOT (`, `col:thing`, `*`} {
		if _, err := s.Search(ctx, domain.SearchQuery{Q: q}); err != nil {
			t.Errorf("query %q: %v", q, err)
		}
	}
	if _, err := s.Search(ctx, domain.SearchQuery{Q: "  "}); domain.ErrorCode(err) != domain.CodeInvalid {
		t.Fatalf("empty query: %v", err)
	}
	one, err := s.Search(ctx, domain.SearchQuery{Q: "topic7", ChatJID: "1001@s.whatsapp.net"})
	if err != nil || len(one.Results) != 10 {
		t.Fatalf("chat filter: %d, %v", len(one.Results), err)
	}
}
