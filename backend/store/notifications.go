package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/wasync/wasync/backend/domain"
)

const (
	notificationInsert = `INSERT INTO history_notifications
		(sync_type, chunk_order, progress, session_id, notification, received_at) VALUES (?, ?, ?, ?, ?, ?)`
	notificationsPending = `SELECT id, sync_type, chunk_order, progress, session_id, notification
		FROM history_notifications WHERE status = 'pending' ORDER BY id LIMIT ?`
	notificationsReady = `SELECT id, sync_type, chunk_order, progress, session_id, notification, attempts, received_at
		FROM history_notifications WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?`
	notificationNextAttempt = `SELECT MIN(next_attempt_at) FROM history_notifications WHERE status = 'pending'`
	notificationDefer       = `UPDATE history_notifications SET attempts = ?, next_attempt_at = ?, last_error = ?
		WHERE id = ? AND status = 'pending'`
	// A failed notification keeps its raw notification: a later version
	// (or a retry once the cause is gone) can fetch the blob again.
	notificationFail = `UPDATE history_notifications SET status = 'failed', error = ?1, last_error = ?1,
		attempts = attempts + 1, next_attempt_at = 0, done_at = ?2 WHERE id = ?3`
	notificationDone = `UPDATE history_notifications SET status = 'done', notification = x'', done_at = ? WHERE id = ?`
)

// AddHistoryNotification persists a notification before it is acknowledged,
// so a crash before its blob is stored loses nothing.
func (s *Store) AddHistoryNotification(ctx context.Context, n domain.HistoryNotification) (int64, error) {
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, notificationInsert, n.SyncType, n.ChunkOrder, n.Progress, n.SessionID, n.Raw, s.now().Unix())
		if err != nil {
			return fmt.Errorf("store history notification: %w", err)
		}
		id, err = res.LastInsertId()
		return err
	})
	return id, err
}

// PendingHistoryNotifications returns notifications not yet processed, in
// arrival order, whether or not they are waiting out a backoff.
func (s *Store) PendingHistoryNotifications(ctx context.Context, limit int) ([]domain.HistoryNotification, error) {
	rows, err := s.r.QueryContext(ctx, notificationsPending, limit)
	if err != nil {
		return nil, fmt.Errorf("list pending notifications: %w", err)
	}
	defer rows.Close()
	var out []domain.HistoryNotification
	for rows.Next() {
		var n domain.HistoryNotification
		if err := rows.Scan(&n.ID, &n.SyncType, &n.ChunkOrder, &n.Progress, &n.SessionID, &n.Raw); err != nil {
			return nil, fmt.Errorf("scan notification: %w", err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// ReadyHistoryNotifications returns the pending notifications whose next
// attempt is due at now (Unix seconds), in arrival order. Those still
// backing off are left out, so they hold back nothing behind them.
func (s *Store) ReadyHistoryNotifications(ctx context.Context, now int64, limit int) ([]domain.QueuedNotification, error) {
	rows, err := s.r.QueryContext(ctx, notificationsReady, now, limit)
	if err != nil {
		return nil, fmt.Errorf("list ready notifications: %w", err)
	}
	defer rows.Close()
	var out []domain.QueuedNotification
	for rows.Next() {
		var n domain.QueuedNotification
		if err := rows.Scan(&n.ID, &n.SyncType, &n.ChunkOrder, &n.Progress, &n.SessionID, &n.Raw, &n.Attempts, &n.ReceivedAt); err != nil {
			return nil, fmt.Errorf("scan notification: %w", err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// NextHistoryAttempt returns when the earliest pending notification is due
// (Unix seconds); false when none is pending.
func (s *Store) NextHistoryAttempt(ctx context.Context) (int64, bool, error) {
	var at sql.NullInt64
	if err := s.r.QueryRowContext(ctx, notificationNextAttempt).Scan(&at); err != nil {
		return 0, false, fmt.Errorf("next history attempt: %w", err)
	}
	return at.Int64, at.Valid, nil
}

// DeferHistoryNotification records a failed attempt of a pending
// notification: its attempt count, when to try again (Unix seconds) and why
// it failed.
func (s *Store) DeferHistoryNotification(ctx context.Context, id int64, attempts int, next int64, reason string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, notificationDefer, attempts, next, reason, id); err != nil {
			return fmt.Errorf("defer history notification %d: %w", id, err)
		}
		return nil
	})
}

// FailHistoryNotification marks a notification that cannot be processed
// (its blob is gone or undecodable, or it ran out of attempts). It is kept,
// raw notification included, for inspection and a later retry.
func (s *Store) FailHistoryNotification(ctx context.Context, id int64, reason string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, notificationFail, reason, s.now().Unix(), id); err != nil {
			return fmt.Errorf("fail history notification %d: %w", id, err)
		}
		return nil
	})
}

// markNotificationDone is called inside the transaction that stores the
// notification's rows, so the two commit together.
func (s *Store) markNotificationDone(ctx context.Context, tx *sql.Tx, id int64) error {
	if id == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, notificationDone, s.now().Unix(), id); err != nil {
		return fmt.Errorf("mark notification %d done: %w", id, err)
	}
	return nil
}
