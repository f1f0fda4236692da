package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

const (
	sessionInsert    = `INSERT INTO ui_sessions (token_hash, created_at, expires_at) VALUES (?, ?, ?)`
	sessionValid     = `SELECT 1 FROM ui_sessions WHERE token_hash = ? AND expires_at > ?`
	sessionDelete    = `DELETE FROM ui_sessions WHERE token_hash = ?`
	sessionPrune     = `DELETE FROM ui_sessions WHERE expires_at <= ?`
	sessionDeleteAll = `DELETE FROM ui_sessions WHERE token_hash <> ?`
	sessionAnyLive   = `SELECT 1 FROM ui_sessions WHERE expires_at > ? LIMIT 1`
)

// AnyUISession reports whether some browser session is still live.
func (s *Store) AnyUISession(ctx context.Context) (bool, error) {
	rows, err := s.r.QueryContext(ctx, sessionAnyLive, s.now().Unix())
	if err != nil {
		return false, fmt.Errorf("look for sessions: %w", err)
	}
	defer rows.Close()
	return rows.Next(), rows.Err()
}

// AddUISession records a browser session by the hash of its token.
func (s *Store) AddUISession(ctx context.Context, tokenHash []byte, expires time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		now := s.now().Unix()
		if _, err := tx.ExecContext(ctx, sessionPrune, now); err != nil {
			return fmt.Errorf("prune sessions: %w", err)
		}
		if _, err := tx.ExecContext(ctx, sessionInsert, tokenHash, now, expires.Unix()); err != nil {
			return fmt.Errorf("add session: %w", err)
		}
		return nil
	})
}

// UISessionValid reports whether a session with this token hash is live.
func (s *Store) UISessionValid(ctx context.Context, tokenHash []byte) (bool, error) {
	rows, err := s.r.QueryContext(ctx, sessionValid, tokenHash, s.now().Unix())
	if err != nil {
		return false, fmt.Errorf("check session: %w", err)
	}
	defer rows.Close()
	return rows.Next(), rows.Err()
}

// DeleteUISession ends one browser session.
func (s *Store) DeleteUISession(ctx context.Context, tokenHash []byte) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, sessionDelete, tokenHash)
		return err
	})
}

// DeleteOtherUISessions ends every browser session but keep's.
func (s *Store) DeleteOtherUISessions(ctx context.Context, keep []byte) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, sessionDeleteAll, keep)
		return err
	})
}
