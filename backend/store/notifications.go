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
	notificationFail = `UPDATE history_notifications SET status = 'failed', error = ?, done_at = ? WHERE id = ?`
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
// arrival order.
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

// FailHistoryNotification marks a notification that cannot be processed
// (its blob is gone or undecodable); it is kept for inspection.
func (s *Store) FailHistoryNotification(ctx context.Context, id int64, reason string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, notificationFail, reason, s.now().Unix(), id)
		return err
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
