package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Backup writes a consistent copy of the open database to dst with
// VACUUM INTO. It reads inside one WAL snapshot, so writers go on while it
// runs and the copy holds exactly the transactions committed before it
// began. dst must not exist; a failed backup leaves no file behind.
func (s *Store) Backup(ctx context.Context, dst string) error {
	return BackupFile(ctx, s.path, dst)
}

// BackupFile is Backup for a database file that another process (a running
// wasync) may have open: it opens its own connection, takes no write lock
// and leaves the source untouched.
func BackupFile(ctx context.Context, src, dst string) error {
	if err := checkHeader(src); err != nil {
		return err
	}
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := os.Stat(dst); err == nil {
		return fmt.Errorf("backup: %s already exists", dst)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	db, err := sql.Open("sqlite", "file:"+src+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return fmt.Errorf("backup: open %s: %w", src, err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", dst); err != nil {
		_ = os.Remove(dst)
		return fmt.Errorf("backup %s into %s: %w", src, dst, err)
	}
	if err := os.Chmod(dst, 0o600); err != nil {
		return fmt.Errorf("backup: make %s private: %w", dst, err)
	}
	return nil
}

// CheckFile opens the SQLite database at path read-only and runs
// PRAGMA integrity_check. It returns nil when SQLite answers "ok".
func CheckFile(ctx context.Context, path string) error {
	if err := checkHeader(path); err != nil {
		return err
	}
	info, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	if info.Size() == 0 {
		return fmt.Errorf("check %s: empty file", path)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return fmt.Errorf("check %s: %w", path, err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	if len(problems) > 0 {
		return errors.New("check " + path + ": " + strings.Join(problems, "; "))
	}
	return nil
}
