package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasync/wasync/backend/datadir"
	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/store"
)

// TestBackupThenRestore runs `backup FILE` while the data folder is held
// by a running instance (it must work), `restore FILE` while it is held
// (it must refuse), then once released (it must put the backup back).
func TestBackupThenRestore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	msgs := func(from, n int) domain.HistoryChunk {
		c := domain.HistoryChunk{Chats: []domain.ChatUpsert{{JID: "1@s.whatsapp.net", Name: "Ana"}}}
		for i := from; i < from+n; i++ {
			c.Messages = append(c.Messages, domain.StoredMessage{ChatJID: "1@s.whatsapp.net", ID: "M" + string(rune('a'+i)), Timestamp: int64(1_700_000_000 + i), Type: "text", Text: "hi"})
		}
		return c
	}
	if _, err := st.ApplyHistory(ctx, 0, msgs(0, 3)); err != nil {
		t.Fatal(err)
	}
	lock, err := datadir.Acquire(dir, datadir.Owner{PID: 4242, APIAddr: "127.0.0.1:7999", Mode: "headless"})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "b.db")
	if code, out := runWith(t, nil, "backup", "--data-dir", dir, file); code != 0 || !strings.Contains(out, "Backed up") {
		t.Fatalf("backup while running: exit %d\n%s", code, out)
	}
	if _, err := st.ApplyHistory(ctx, 0, msgs(3, 2)); err != nil {
		t.Fatal(err)
	}
	if code, out := runWith(t, nil, "restore", "--data-dir", dir, file); code != 1 || !strings.Contains(out, "stop it first") {
		t.Fatalf("restore while running: exit %d\n%s", code, out)
	}
	st.Close()
	lock.Release()
	code, out := runWith(t, nil, "restore", "--data-dir", dir, file)
	if code != 0 || !strings.Contains(out, "before-restore") {
		t.Fatalf("restore: exit %d\n%s", code, out)
	}
	st, err = store.Open(ctx, dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	page, err := st.Messages(ctx, domain.MessageQuery{ChatJID: "1@s.whatsapp.net", Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Messages) != 3 {
		t.Fatalf("restored database has %d messages, want the backup's 3", len(page.Messages))
	}
	if code, _ := runWith(t, nil, "backup"); code != 2 {
		t.Fatalf("backup without FILE: exit %d, want 2", code)
	}
}
