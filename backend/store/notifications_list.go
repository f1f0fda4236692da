package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/wasync/wasync/backend/domain"
)

const (
	notificationColumns = `id, sync_type, chunk_order, progress, status, error, last_error, attempts,
		next_attempt_at, received_at, done_at, length(notification) > 0`
	notificationsPage = `SELECT ` + notificationColumns + ` FROM history_notifications
		WHERE (?1 = '' OR status = ?1) AND (?2 = 0 OR id < ?2) ORDER BY id DESC LIMIT ?3`
	notificationByID = `SELECT ` + notificationColumns + ` FROM history_notifications WHERE id = ?`
	// Retrying puts a notification back at its place in arrival order, with
	// a clean slate; only one whose raw notification is kept can be retried.
	notificationRetry = `UPDATE history_notifications SET status = 'pending', attempts = 0, next_attempt_at = 0,
		error = '', last_error = '', done_at = 0 WHERE id = ? AND status != 'done' AND length(notification) > 0`
	notificationsRetryFailed = `UPDATE history_notifications SET status = 'pending', attempts = 0, next_attempt_at = 0,
		error = '', last_error = '', done_at = 0 WHERE status = 'failed' AND length(notification) > 0`
)

func scanNotification(row interface{ Scan(...any) error }) (domain.NotificationInfo, error) {
	var n domain.NotificationInfo
	var next, received, done int64
	if err := row.Scan(&n.ID, &n.SyncType, &n.ChunkOrder, &n.Progress, &n.Status, &n.Error, &n.LastError, &n.Attempts,
		&next, &received, &done, &n.Retryable); err != nil {
		return n, err
	}
	if n.Status != domain.NotificationPending {
		next = 0
	}
	n.Retryable = n.Retryable && n.Status != domain.NotificationDone
	n.NextAttemptAt, n.ReceivedAt, n.DoneAt = rfc3339(next), rfc3339(received), rfc3339(done)
	return n, nil
}

// HistoryNotifications lists history sync notifications, newest first,
// optionally only those of one status. The cursor is the last id seen.
func (s *Store) HistoryNotifications(ctx context.Context, q domain.NotificationQuery) (domain.NotificationPage, error) {
	out := domain.NotificationPage{Notifications: []domain.NotificationInfo{}}
	var before int64
	if q.Cursor != "" {
		id, err := strconv.ParseInt(q.Cursor, 10, 64)
		if err != nil || id <= 0 {
			return out, domain.Errorf(domain.CodeInvalid, "cursor %q is not one this server gave out", q.Cursor)
		}
		before = id
	}
	limit := domain.ClampLimit(q.Limit)
	rows, err := s.r.QueryContext(ctx, notificationsPage, q.Status, before, limit+1)
	if err != nil {
		return out, fmt.Errorf("list history notifications: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		n, err := scanNotification(rows)
		if err != nil {
			return out, fmt.Errorf("scan history notification: %w", err)
		}
		out.Notifications = append(out.Notifications, n)
	}
	if err := rows.Err(); err != nil {
		return out, fmt.Errorf("list history notifications: %w", err)
	}
	if len(out.Notifications) > limit {
		out.Notifications = out.Notifications[:limit]
		out.NextCursor = strconv.FormatInt(out.Notifications[limit-1].ID, 10)
	}
	return out, nil
}

// HistoryNotification returns one notification.
func (s *Store) HistoryNotification(ctx context.Context, id int64) (domain.NotificationInfo, error) {
	n, err := scanNotification(s.r.QueryRowContext(ctx, notificationByID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return n, domain.Errorf(domain.CodeNotFound, "history notification %d not found", id)
	}
	if err != nil {
		return n, fmt.Errorf("history notification %d: %w", id, err)
	}
	return n, nil
}

// RetryHistoryNotification puts a failed (or backing-off) notification back
// in the queue with its attempts reset. A stored one has nothing to retry.
func (s *Store) RetryHistoryNotification(ctx context.Context, id int64) (domain.NotificationInfo, error) {
	var n domain.NotificationInfo
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, notificationRetry, id)
		if err != nil {
			return fmt.Errorf("retry history notification %d: %w", id, err)
		}
		changed, _ := res.RowsAffected()
		n, err = scanNotification(tx.QueryRowContext(ctx, notificationByID, id))
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return domain.Errorf(domain.CodeNotFound, "history notification %d not found", id)
		case err != nil:
			return fmt.Errorf("history notification %d: %w", id, err)
		case changed == 0:
			return domain.Errorf(domain.CodeConflict, "history notification %d is %s: nothing to retry", id, n.Status)
		}
		return nil
	})
	return n, err
}

// RetryFailedHistoryNotifications puts every failed notification back in
// the queue and says how many.
func (s *Store) RetryFailedHistoryNotifications(ctx context.Context) (int, error) {
	var n int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, notificationsRetryFailed)
		if err != nil {
			return fmt.Errorf("retry failed history notifications: %w", err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}
