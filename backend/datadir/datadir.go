// Package datadir owns the data folder on disk: creating it private (0700),
// proving it is writable, and the lock that keeps a second wasync process off
// the same folder. It imports only the standard library.
package datadir

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// LockFile is the name of the lock file inside the data folder.
const LockFile = "wasync.lock"

// Owner describes the process holding the data folder.
type Owner struct {
	PID     int    `json:"pid"`
	APIAddr string `json:"api_addr"`
	Mode    string `json:"mode"`
	// TLS says the API is served over HTTPS.
	TLS bool `json:"tls,omitempty"`
}

// RunningError says another process already holds the data folder.
type RunningError struct {
	Dir   string
	Owner Owner
}

// Error implements error.
func (e *RunningError) Error() string {
	if e.Owner.PID == 0 {
		return fmt.Sprintf("wasync is already running on data folder %s", e.Dir)
	}
	return fmt.Sprintf("wasync is already running on data folder %s (pid %d, %s, API on %s)",
		e.Dir, e.Owner.PID, e.Owner.Mode, e.Owner.APIAddr)
}

// Prepare creates dir with mode 0700 if needed, tightens an existing one, and
// checks that files can be created in it.
func Prepare(dir string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("data folder %s: %w", dir, err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return fmt.Errorf("cannot create data folder %s: %w", abs, err)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return fmt.Errorf("data folder %s: %w", abs, err)
	}
	if !st.IsDir() {
		return fmt.Errorf("data folder %s is not a folder", abs)
	}
	if st.Mode().Perm() != 0o700 {
		if err := os.Chmod(abs, 0o700); err != nil {
			return fmt.Errorf("cannot make data folder %s private: %w", abs, err)
		}
	}
	probe, err := os.CreateTemp(abs, ".write-test-*")
	if err != nil {
		return fmt.Errorf("data folder %s is not writable: %w", abs, err)
	}
	name := probe.Name()
	probe.Close()
	return os.Remove(name)
}

// Lock holds the data folder for this process until Release.
type Lock struct {
	f *os.File
}

// Acquire takes the data folder's lock and records owner in it. When another
// live process holds it, the error is a *RunningError naming that process.
// The lock is an OS file lock, so it vanishes with a crashed process.
func Acquire(dir string, owner Owner) (*Lock, error) {
	path := filepath.Join(dir, LockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open lock file: %w", err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		if errors.Is(err, errLocked) {
			return nil, &RunningError{Dir: dir, Owner: ReadOwner(dir)}
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	l := &Lock{f: f}
	if err := l.Update(owner); err != nil {
		l.Release()
		return nil, err
	}
	return l, nil
}

// ReadOwner reads who holds the folder; the zero Owner when unknown.
func ReadOwner(dir string) Owner {
	var o Owner
	b, err := os.ReadFile(filepath.Join(dir, LockFile))
	if err == nil {
		_ = json.Unmarshal(b, &o)
	}
	return o
}

// Release gives up the lock. The file stays; its content is cleared.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	_ = l.f.Truncate(0)
	err := unlockFile(l.f)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	return err
}

// Update rewrites the owner recorded in the lock (once the real API address
// is known).
func (l *Lock) Update(owner Owner) error {
	body, err := json.Marshal(owner)
	if err != nil {
		return err
	}
	if err := l.f.Truncate(0); err != nil {
		return fmt.Errorf("update lock file: %w", err)
	}
	if _, err := l.f.WriteAt(body, 0); err != nil {
		return fmt.Errorf("update lock file: %w", err)
	}
	return nil
}
