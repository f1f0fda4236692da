//go:build unix

package main

import (
	"fmt"
	"os"
	"syscall"
)

// matchOwner gives files that a root-run command created in the data
// folder (the restored database, SQLite's -wal and -shm) to the folder's
// owner, so the service user (DynamicUser) can still open them. It does
// nothing unless run as root; missing files are skipped.
func matchOwner(dir string, paths ...string) error {
	if os.Geteuid() != 0 {
		return nil
	}
	info, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("data folder owner: %w", err)
	}
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	for _, p := range paths {
		if err := os.Lchown(p, int(st.Uid), int(st.Gid)); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("give %s to the data folder's owner: %w", p, err)
		}
	}
	return nil
}
