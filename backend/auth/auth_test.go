package auth

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestKeyMadeOnceKeptPrivateAndRotated(t *testing.T) {
	dir := t.TempDir()
	k, err := LoadKeys(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	first := k.Key()
	st, err := os.Stat(filepath.Join(dir, KeyFile))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", st, err)
	}
	again, err := LoadKeys(dir, "")
	if err != nil || again.Key() != first {
		t.Fatalf("key not kept across starts: %v", err)
	}
	if !k.Check(first) || k.Check(first+"x") || k.Check("") {
		t.Fatal("check wrong")
	}
	rotated, err := k.Rotate()
	if err != nil || rotated == first || k.Check(first) || !k.Check(rotated) {
		t.Fatalf("rotate: %v", err)
	}
	reread, _ := LoadKeys(dir, "")
	if reread.Key() != rotated {
		t.Fatal("rotated key not stored")
	}
}

func TestEnvKeyWinsAndCannotRotate(t *testing.T) {
	dir := t.TempDir()
	k, err := LoadKeys(dir, "from-the-environment-123")
	if err != nil {
		t.Fatal(err)
	}
	if !k.FromEnv() || !k.Check("from-the-environment-123") {
		t.Fatal("env key not used")
	}
	if _, err := k.Rotate(); err == nil {
		t.Fatal("rotated an env key")
	}
	if _, err := os.Stat(filepath.Join(dir, KeyFile)); !os.IsNotExist(err) {
		t.Fatal("env key written to disk")
	}
}

func TestDamagedKeyFileIsAnError(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, KeyFile), []byte("x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadKeys(dir, ""); err == nil {
		t.Fatal("short key accepted")
	}
}

type memStore struct{ m map[string]time.Time }

func (s *memStore) AddUISession(_ context.Context, h []byte, exp time.Time) error {
	s.m[string(h)] = exp
	return nil
}
func (s *memStore) UISessionValid(_ context.Context, h []byte) (bool, error) {
	exp, ok := s.m[string(h)]
	return ok && time.Now().Before(exp), nil
}
func (s *memStore) DeleteUISession(_ context.Context, h []byte) error {
	delete(s.m, string(h))
	return nil
}
func (s *memStore) DeleteOtherUISessions(_ context.Context, keep []byte) error {
	for k := range s.m {
		if k != string(keep) {
			delete(s.m, k)
		}
	}
	return nil
}

func (s *memStore) AnyUISession(context.Context) (bool, error) {
	for _, exp := range s.m {
		if time.Now().Before(exp) {
			return true, nil
		}
	}
	return false, nil
}

func TestSessionsAndSingleUseLinks(t *testing.T) {
	ctx := context.Background()
	now := time.Now()
	s := NewSessions(&memStore{m: map[string]time.Time{}}, func() time.Time { return now })
	if any, _ := s.Any(ctx); any {
		t.Fatal("a session before any was made")
	}
	tok, err := s.Create(ctx)
	if any, _ := s.Any(ctx); !any {
		t.Fatal("no session after one was made")
	}
	if err != nil || !s.Valid(ctx, tok) || s.Valid(ctx, "other") || s.Valid(ctx, "") {
		t.Fatalf("session: %v", err)
	}
	if err := s.End(ctx, tok); err != nil || s.Valid(ctx, tok) {
		t.Fatal("ended session still valid")
	}
	link, exp := s.NewLoginLink()
	if !exp.Equal(now.Add(LinkTTL)) {
		t.Fatalf("expiry %s", exp)
	}
	if !s.RedeemLoginLink(link) {
		t.Fatal("fresh link refused")
	}
	if s.RedeemLoginLink(link) {
		t.Fatal("link worked twice")
	}
	if LinkTTL > 10*time.Minute {
		t.Fatalf("login links live %s; minutes at most", LinkTTL)
	}
	old, _ := s.NewLoginLink()
	now = now.Add(LinkTTL + time.Second)
	if s.RedeemLoginLink(old) {
		t.Fatal("expired link accepted")
	}
}
