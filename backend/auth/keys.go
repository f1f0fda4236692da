// Package auth owns the API key (made on first start, kept 0600 in the data
// folder, or given by WASYNC_API_KEY), its constant-time check, browser UI
// sessions and the one-time login link printed at start. It imports domain
// only; sessions are kept through a small store interface.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/wasync/wasync/backend/domain"
)

// KeyFile is the API key's file name in the data folder.
const KeyFile = "api_key"

// Keys holds the current API key.
type Keys struct {
	mu      sync.RWMutex
	key     string
	digest  [32]byte
	fromEnv bool
	path    string
}

// LoadKeys uses envKey when set; otherwise it reads the key file in dir,
// creating it with a fresh random key on first start.
func LoadKeys(dir, envKey string) (*Keys, error) {
	k := &Keys{path: filepath.Join(dir, KeyFile)}
	if envKey != "" {
		k.set(envKey)
		k.fromEnv = true
		return k, nil
	}
	b, err := os.ReadFile(k.path)
	switch {
	case err == nil:
		key := strings.TrimSpace(string(b))
		if len(key) < 16 {
			return nil, fmt.Errorf("API key file %s is damaged (too short): delete it to make a new key", k.path)
		}
		k.set(key)
		return k, nil
	case errors.Is(err, os.ErrNotExist):
		key := newKey()
		if err := writePrivate(k.path, key); err != nil {
			return nil, err
		}
		k.set(key)
		return k, nil
	default:
		return nil, fmt.Errorf("read API key: %w", err)
	}
}

func newKey() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return "wsk_" + base64.RawURLEncoding.EncodeToString(b[:])
}

// writePrivate writes a 0600 file atomically (temp file then rename).
func writePrivate(path, content string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".api_key-*")
	if err != nil {
		return fmt.Errorf("write API key: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("write API key: %w", err)
	}
	if _, err := tmp.WriteString(content + "\n"); err != nil {
		tmp.Close()
		return fmt.Errorf("write API key: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write API key: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write API key: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write API key: %w", err)
	}
	return nil
}

func (k *Keys) set(key string) {
	k.key = key
	k.digest = sha256.Sum256([]byte(key))
}

// Check compares a presented key with the current one in constant time
// (over SHA-256 digests, so the length leaks nothing either).
func (k *Keys) Check(presented string) bool {
	d := sha256.Sum256([]byte(presented))
	k.mu.RLock()
	defer k.mu.RUnlock()
	return subtle.ConstantTimeCompare(d[:], k.digest[:]) == 1
}

// Key returns the current key.
func (k *Keys) Key() string {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.key
}

// FromEnv reports whether the key came from WASYNC_API_KEY.
func (k *Keys) FromEnv() bool { return k.fromEnv }

// Rotate replaces the stored key with a fresh one. A key given in the
// environment cannot be rotated from inside the app.
func (k *Keys) Rotate() (string, error) {
	if k.fromEnv {
		return "", domain.Errorf(domain.CodeConflict, "the API key is set by WASYNC_API_KEY; change it there")
	}
	key := newKey()
	k.mu.Lock()
	defer k.mu.Unlock()
	if err := writePrivate(k.path, key); err != nil {
		return "", err
	}
	k.set(key)
	return key, nil
}
