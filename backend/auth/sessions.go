package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"sync"
	"time"
)

// SessionStore keeps browser sessions by token hash.
type SessionStore interface {
	AddUISession(ctx context.Context, tokenHash []byte, expires time.Time) error
	UISessionValid(ctx context.Context, tokenHash []byte) (bool, error)
	DeleteUISession(ctx context.Context, tokenHash []byte) error
	DeleteOtherUISessions(ctx context.Context, keep []byte) error
	AnyUISession(ctx context.Context) (bool, error)
}

// SessionTTL is how long a browser session lasts.
const SessionTTL = 30 * 24 * time.Hour

// LinkTTL is how long a login link stays usable. Links are printed on a
// console that may end in a journal, so they are short-lived and single-use.
const LinkTTL = 10 * time.Minute

// Sessions issues and checks browser sessions and one-time login links.
// Only hashes of tokens are kept; links live in memory (a restart or
// `wasync-server login-link` mints new ones).
type Sessions struct {
	st  SessionStore
	now func() time.Time

	mu    sync.Mutex
	links map[[32]byte]time.Time
}

// NewSessions returns a session manager over st using the clock now.
func NewSessions(st SessionStore, now func() time.Time) *Sessions {
	if now == nil {
		now = time.Now
	}
	return &Sessions{st: st, now: now, links: map[[32]byte]time.Time{}}
}

func token() (string, [32]byte) {
	var b [32]byte
	_, _ = rand.Read(b[:])
	t := base64.RawURLEncoding.EncodeToString(b[:])
	return t, sha256.Sum256([]byte(t))
}

func hash(t string) []byte {
	h := sha256.Sum256([]byte(t))
	return h[:]
}

// Create starts a browser session and returns its cookie token.
func (s *Sessions) Create(ctx context.Context) (string, error) {
	t, h := token()
	if err := s.st.AddUISession(ctx, h[:], s.now().Add(SessionTTL)); err != nil {
		return "", err
	}
	return t, nil
}

// Valid reports whether a cookie token names a live session.
func (s *Sessions) Valid(ctx context.Context, t string) bool {
	if t == "" {
		return false
	}
	ok, err := s.st.UISessionValid(ctx, hash(t))
	return err == nil && ok
}

// End ends the session of a cookie token.
func (s *Sessions) End(ctx context.Context, t string) error {
	return s.st.DeleteUISession(ctx, hash(t))
}

// EndOthers ends every session but the one of keep (after a key rotation).
func (s *Sessions) EndOthers(ctx context.Context, keep string) error {
	return s.st.DeleteOtherUISessions(ctx, hash(keep))
}

// Any reports whether some browser session is live (then a start prints no
// login link: the browser already has its way in).
func (s *Sessions) Any(ctx context.Context) (bool, error) {
	return s.st.AnyUISession(ctx)
}

// NewLoginLink returns a single-use token for a login link, valid LinkTTL.
func (s *Sessions) NewLoginLink() (string, time.Time) {
	t, h := token()
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for k, exp := range s.links {
		if now.After(exp) {
			delete(s.links, k)
		}
	}
	s.links[h] = now.Add(LinkTTL)
	return t, now.Add(LinkTTL)
}

// RedeemLoginLink consumes a login link token; it works once.
func (s *Sessions) RedeemLoginLink(t string) bool {
	h := sha256.Sum256([]byte(t))
	s.mu.Lock()
	defer s.mu.Unlock()
	exp, ok := s.links[h]
	delete(s.links, h)
	return ok && s.now().Before(exp)
}
