package api

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasync/wasync/backend/backup"
	"github.com/wasync/wasync/backend/store"
)

// TestBackupDownload checks POST /backup: key-protected, 503 until backups
// are wired, then a SQLite file that passes integrity_check, named as a
// download, with no temporary file left behind.
func TestBackupDownload(t *testing.T) {
	h := newHarness(t)
	if r := h.do(t, "POST", "/backup", "", nil); r.code != 401 {
		t.Fatalf("without a key: %d", r.code)
	}
	if r := h.do(t, "POST", "/backup", "", withKey); r.code != 503 {
		t.Fatalf("with no backup maker: %d %s", r.code, r.raw)
	}
	dir := filepath.Dir(h.st.Path())
	h.svc.SetBackups(backup.New(h.st, dir, backup.Options{}))
	r := h.do(t, "POST", "/backup", "", withKey)
	if r.code != 200 {
		t.Fatalf("backup: %d %s", r.code, r.raw)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/vnd.sqlite3" {
		t.Fatalf("Content-Type %q", ct)
	}
	if cd := r.header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment; filename=wasync-") {
		t.Fatalf("Content-Disposition %q", cd)
	}
	if !strings.HasPrefix(r.raw, "SQLite format 3\x00") {
		t.Fatalf("body is not a SQLite database: %q", r.raw[:min(32, len(r.raw))])
	}
	got := filepath.Join(t.TempDir(), "got.db")
	if err := os.WriteFile(got, []byte(r.raw), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := store.CheckFile(context.Background(), got); err != nil {
		t.Fatal(err)
	}
	left, _ := os.ReadDir(filepath.Join(dir, backup.DirName))
	if len(left) != 0 {
		t.Fatalf("the download left %d files in backups/", len(left))
	}
}
