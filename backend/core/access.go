package core

import (
	"context"
	"time"

	"github.com/wasync/wasync/backend/domain"
)

// CheckAPIKey reports whether key is the current API key.
func (s *Service) CheckAPIKey(key string) bool { return s.keys.Check(key) }

// Login starts a browser session for the holder of the API key.
func (s *Service) Login(ctx context.Context, key string) (string, error) {
	if !s.keys.Check(key) {
		return "", domain.Errorf(domain.CodeUnauthorized, "that key is not valid")
	}
	return s.sessions.Create(ctx)
}

// LoginWithLink starts a browser session from a one-time login link.
func (s *Service) LoginWithLink(ctx context.Context, token string) (string, error) {
	if !s.sessions.RedeemLoginLink(token) {
		return "", domain.Errorf(domain.CodeUnauthorized, "this login link was already used or has expired; log in with the API key")
	}
	return s.sessions.Create(ctx)
}

// NewLoginLink returns a single-use token for a login link and when it
// expires (auth.LinkTTL from now).
func (s *Service) NewLoginLink(context.Context) (string, time.Time) {
	return s.sessions.NewLoginLink()
}

// LoginLinkWanted reports whether a start should print a login link: only
// while no browser session is live. On a store error it says yes, so the
// user is never left without a way in.
func (s *Service) LoginLinkWanted(ctx context.Context) bool {
	any, err := s.sessions.Any(ctx)
	if err != nil {
		s.log.Warn("look for browser sessions", "err", err)
		return true
	}
	return !any
}

// SessionValid reports whether a browser session token is live.
func (s *Service) SessionValid(ctx context.Context, token string) bool {
	return s.sessions.Valid(ctx, token)
}

// Logout ends a browser session.
func (s *Service) Logout(ctx context.Context, token string) error {
	return s.sessions.End(ctx, token)
}
