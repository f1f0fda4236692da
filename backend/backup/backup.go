// Package backup makes and keeps copies of the database in the data
// folder's backups/ directory: timestamped files written by the store's
// online backup (VACUUM INTO, so wasync keeps serving and ingesting while
// it runs), pruned to the newest N, optionally on a schedule. It imports
// only domain; main wires it to the store.
package backup

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/wasync/wasync/backend/domain"
)

// DirName is the backups folder inside the data folder.
const DirName = "backups"

// prefix and suffix frame every backup file name: wasync-20250102-030405.db.
const (
	prefix  = "wasync-"
	suffix  = ".db"
	stamp   = "20060102-150405"
	partial = ".partial-"
)

// Source writes a consistent copy of the database to a new file.
type Source interface {
	Backup(ctx context.Context, dst string) error
}

// Options configure a Manager.
type Options struct {
	// Every is the time between scheduled backups; zero disables them.
	Every time.Duration
	// Keep is how many backup files to keep; older ones are removed after
	// each new one. Zero keeps them all.
	Keep int
	// Now is the clock; nil for the wall clock.
	Now func() time.Time
	// Log receives scheduled backups' outcomes.
	Log *slog.Logger
}

// Manager writes backups into one folder.
type Manager struct {
	src  Source
	dir  string
	opts Options
	mu   sync.Mutex // one backup at a time
}

// New returns a Manager writing into dataDir/backups.
func New(src Source, dataDir string, opts Options) *Manager {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	return &Manager{src: src, dir: filepath.Join(dataDir, DirName), opts: opts}
}

// Dir is the folder backups are written to.
func (m *Manager) Dir() string { return m.dir }

// Create writes a new backup file into the backups folder, then prunes to
// Keep files.
func (m *Manager) Create(ctx context.Context) (domain.Backup, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.opts.Now().UTC()
	path := filepath.Join(m.dir, FileName(now))
	for i := 2; exists(path); i++ {
		path = filepath.Join(m.dir, strings.TrimSuffix(FileName(now), suffix)+fmt.Sprintf("-%d", i)+suffix)
	}
	start := time.Now()
	if err := m.src.Backup(ctx, path); err != nil {
		return domain.Backup{}, err
	}
	info, err := os.Stat(path)
	if err != nil {
		return domain.Backup{}, fmt.Errorf("backup: %w", err)
	}
	b := domain.Backup{Path: path, FileName: filepath.Base(path), Size: info.Size(), CreatedAt: now, TookMS: time.Since(start).Milliseconds()}
	if err := m.prune(); err != nil {
		return b, err
	}
	return b, nil
}

// WriteTo writes a fresh consistent copy of the database to w (for a
// download): it is made in the backups folder under a temporary name and
// removed once sent. It returns the file name a download should carry.
func (m *Manager) WriteTo(ctx context.Context, w io.Writer, started func(name string, size int64)) error {
	m.mu.Lock()
	now := m.opts.Now().UTC()
	tmp := filepath.Join(m.dir, partial+FileName(now))
	_ = os.Remove(tmp) // a leftover of a crashed download
	err := m.src.Backup(ctx, tmp)
	m.mu.Unlock()
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	f, err := os.Open(tmp)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if started != nil {
		started(FileName(now), info.Size())
	}
	if _, err := io.Copy(w, f); err != nil {
		return fmt.Errorf("backup: send: %w", err)
	}
	return nil
}

// List returns the backup files, newest first.
func (m *Manager) List() ([]string, error) {
	entries, err := os.ReadDir(m.dir)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list backups: %w", err)
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if e.Type().IsRegular() && strings.HasPrefix(n, prefix) && strings.HasSuffix(n, suffix) {
			names = append(names, n)
		}
	}
	// The timestamp makes names sort by time; a "-2" twin sorts after its
	// first, so compare the stamp first and the full name second.
	sort.Slice(names, func(i, j int) bool {
		si, sj := names[i][len(prefix):len(prefix)+len(stamp)], names[j][len(prefix):len(prefix)+len(stamp)]
		if si != sj {
			return si > sj
		}
		return len(names[i]) > len(names[j]) || (len(names[i]) == len(names[j]) && names[i] > names[j])
	})
	return names, nil
}

// prune removes all but the newest Keep backups.
func (m *Manager) prune() error {
	if m.opts.Keep <= 0 {
		return nil
	}
	names, err := m.List()
	if err != nil {
		return err
	}
	for _, n := range names[min(m.opts.Keep, len(names)):] {
		if err := os.Remove(filepath.Join(m.dir, n)); err != nil {
			return fmt.Errorf("prune backups: %w", err)
		}
	}
	return nil
}

// Run makes a backup every Options.Every until ctx ends; it returns at
// once when no schedule is set. A failed backup is logged and retried at
// the next tick.
func (m *Manager) Run(ctx context.Context) {
	if m.opts.Every <= 0 {
		return
	}
	t := time.NewTicker(m.opts.Every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			b, err := m.Create(ctx)
			if err != nil {
				m.opts.Log.Error("scheduled backup failed", "module", "backup", "err", err)
				continue
			}
			m.opts.Log.Info("scheduled backup written", "module", "backup", "path", b.Path, "bytes", b.Size, "ms", b.TookMS)
		}
	}
}

// FileName is the name of a backup taken at t.
func FileName(t time.Time) string { return prefix + t.UTC().Format(stamp) + suffix }

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
