package core

import (
	"context"

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

// NewLoginLink returns a single-use token for the login link printed at start.
func (s *Service) NewLoginLink() string { return s.sessions.NewLoginLink() }

// SessionValid reports whether a browser session token is live.
func (s *Service) SessionValid(ctx context.Context, token string) bool {
	return s.sessions.Valid(ctx, token)
}

// Logout ends a browser session.
func (s *Service) Logout(ctx context.Context, token string) error {
	return s.sessions.End(ctx, token)
}
