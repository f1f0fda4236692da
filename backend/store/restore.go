package store

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// Restore replaces the database in dir with the backup at src. The caller
// must hold the data folder's lock (no wasync may have the database open).
// src must pass PRAGMA integrity_check first. The database it replaces is
// kept beside it as wasync.db.before-restore-TIME, and the old WAL and
// shared-memory files are moved with it so they cannot be replayed onto
// the restored file. It returns the path of the kept database ("" when
// there was none).
func Restore(ctx context.Context, src, dir string, now time.Time) (string, error) {
	if err := CheckFile(ctx, src); err != nil {
		return "", fmt.Errorf("restore: %w", err)
	}
	dst := filepath.Join(dir, FileName)
	tmp := dst + ".restoring"
	if err := copyFile(src, tmp); err != nil {
		return "", fmt.Errorf("restore: %w", err)
	}
	kept := ""
	if _, err := os.Stat(dst); err == nil {
		kept = dst + ".before-restore-" + now.UTC().Format("20060102-150405")
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Rename(dst+suffix, kept+suffix); err != nil && !os.IsNotExist(err) {
				_ = os.Remove(tmp)
				return "", fmt.Errorf("restore: keep the current database: %w", err)
			}
		}
	}
	if err := os.Rename(tmp, dst); err != nil {
		return kept, fmt.Errorf("restore: %w", err)
	}
	return kept, nil
}

// copyFile copies src to a new private file dst and syncs it.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(dst)
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
