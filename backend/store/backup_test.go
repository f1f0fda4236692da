package store

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
)

// TestBackupDuringIngestIsConsistent takes a backup while 100,000 messages
// are being ingested, then opens the copy as a data folder: it passes
// PRAGMA integrity_check and holds every message committed before the
// backup started.
func TestBackupDuringIngestIsConsistent(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests 100,000 messages")
	}
	ctx := context.Background()
	s := openTest(t)
	const batches, perBatch = 200, 500
	const chat = "123@s.whatsapp.net"
	var committed atomic.Int64 // batches whose transaction has committed
	done := make(chan error, 1)
	go func() {
		for b := range batches {
			if _, err := s.ApplyHistory(ctx, 0, chunk(chat, b*perBatch, perBatch)); err != nil {
				done <- err
				return
			}
			committed.Add(1)
		}
		done <- nil
	}()
	for committed.Load() < batches/4 {
		time.Sleep(5 * time.Millisecond)
	}
	before := committed.Load()
	dst := filepath.Join(t.TempDir(), "restored", FileName)
	start := time.Now()
	if err := s.Backup(ctx, dst); err != nil {
		t.Fatal(err)
	}
	after := committed.Load()
	t.Logf("backup took %s while ingest went from %d to %d batches", time.Since(start), before, after)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := CheckFile(ctx, dst); err != nil {
		t.Fatal(err)
	}
	restored, err := Open(ctx, filepath.Dir(dst), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	n := count(t, restored, `SELECT COUNT(*) FROM messages WHERE chat_jid = ?`, chat)
	if int64(n) < before*perBatch || int64(n) > after*perBatch || n%perBatch != 0 {
		t.Fatalf("backup holds %d messages; want whole batches between %d and %d", n, before*perBatch, after*perBatch)
	}
	// Every message committed before the backup, by ID, not only by count.
	missing := count(t, restored, `WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n+1 FROM i WHERE n+1 < ?)
		SELECT COUNT(*) FROM i WHERE NOT EXISTS (SELECT 1 FROM messages WHERE chat_jid = ? AND id = printf('ID%04d', i.n))`,
		before*perBatch, chat)
	if missing != 0 {
		t.Fatalf("%d messages committed before the backup are missing", missing)
	}
	if fts := count(t, restored, `SELECT COUNT(*) FROM messages_fts WHERE messages_fts MATCH 'number0'`); fts != 1 {
		t.Fatalf("search index in the backup finds %d rows for number0, want 1", fts)
	}
}

func TestBackupRefusesExistingFileAndChecksGarbage(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	dst := filepath.Join(t.TempDir(), "b.db")
	if err := s.Backup(ctx, dst); err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(ctx, dst); err == nil {
		t.Fatal("a second backup over the same file succeeded")
	}
	if err := CheckFile(ctx, filepath.Join(t.TempDir(), "none.db")); err == nil {
		t.Fatal("checking a missing file succeeded")
	}
}

func TestRestoreKeepsTheReplacedDatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ApplyHistory(ctx, 0, chunk("1@s.whatsapp.net", 0, 10)); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "b.db")
	if err := s.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ApplyHistory(ctx, 0, chunk("1@s.whatsapp.net", 10, 5)); err != nil {
		t.Fatal(err)
	}
	s.Close()

	kept, err := Restore(ctx, backup, dir, time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(kept) != "wasync.db.before-restore-20250102-030405" {
		t.Fatalf("kept %q", kept)
	}
	s, err = Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n := count(t, s, `SELECT COUNT(*) FROM messages`); n != 10 {
		t.Fatalf("restored database has %d messages, want the backup's 10", n)
	}
	if _, err := Restore(ctx, filepath.Join(dir, "lock"), dir, time.Now()); err == nil {
		t.Fatal("restoring a file that is not a database succeeded")
	}
}
