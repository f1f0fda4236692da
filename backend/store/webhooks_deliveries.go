package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/wasync/wasync/backend/domain"
)

const (
	deliveryColumns = `rowid, id, webhook_id, event_id, event_type, status, attempts, payload, last_status_code,
		last_response, last_error, last_duration_ms, created_at, last_attempt_ms, next_attempt_ms, finished_at`
	deliveriesFirst = `SELECT ` + deliveryColumns + ` FROM webhook_deliveries
		WHERE webhook_id = ?1 AND (?2 = '' OR status = ?2) ORDER BY created_at DESC, rowid DESC LIMIT ?3`
	deliveriesAfter = `SELECT ` + deliveryColumns + ` FROM webhook_deliveries
		WHERE webhook_id = ?1 AND (?2 = '' OR status = ?2) AND (created_at, rowid) < (?4, ?5)
		ORDER BY created_at DESC, rowid DESC LIMIT ?3`
	deliveryGet = `SELECT ` + deliveryColumns + ` FROM webhook_deliveries WHERE id = ? AND webhook_id = ?`
	// Redelivery starts the backoff schedule again; attempts keeps counting.
	deliveryRequeue = `UPDATE webhook_deliveries SET status = 'pending', retry_index = 0, next_attempt_ms = ?,
		finished_at = 0 WHERE id = ? AND webhook_id = ? AND status <> 'pending'`
	deliveriesRequeueFailed = `UPDATE webhook_deliveries SET status = 'pending', retry_index = 0, next_attempt_ms = ?,
		finished_at = 0 WHERE webhook_id = ? AND status = 'failed'`
)

// scanDelivery returns the delivery, its created_at and its rowid (the
// keyset cursor).
func scanDelivery(r rowScanner) (domain.WebhookDelivery, int64, int64, error) {
	var d domain.WebhookDelivery
	var rowid, created, lastMS, nextMS, finished int64
	var payload []byte
	err := r.Scan(&rowid, &d.DeliveryID, &d.WebhookID, &d.EventID, &d.EventType, &d.Status, &d.Attempts, &payload,
		&d.ResponseStatus, &d.ResponseBody, &d.Error, &d.DurationMS, &created, &lastMS, &nextMS, &finished)
	if err != nil {
		return d, 0, 0, err
	}
	d.Payload = payload
	d.CreatedAt, d.FinishedAt = rfc3339(created), rfc3339(finished)
	if lastMS != 0 {
		d.LastAttemptAt = time.UnixMilli(lastMS).UTC().Format(time.RFC3339Nano)
	}
	if d.Status == domain.DeliveryPending && nextMS != 0 {
		d.NextAttemptAt = time.UnixMilli(nextMS).UTC().Format(time.RFC3339Nano)
	}
	return d, created, rowid, nil
}

// WebhookDeliveries returns a page of a webhook's deliveries, newest first;
// an unknown webhook is a not-found error.
func (s *Store) WebhookDeliveries(ctx context.Context, q domain.DeliveryQuery) (domain.DeliveryPage, error) {
	if _, err := s.WebhookTarget(ctx, q.WebhookID); err != nil {
		return domain.DeliveryPage{}, err
	}
	limit := domain.ClampLimit(q.Limit)
	query, args := deliveriesFirst, []any{q.WebhookID, q.Status, limit + 1}
	if q.Cursor != "" {
		ts, key, err := decodeCursor(q.Cursor)
		rowid, perr := strconv.ParseInt(key, 10, 64)
		if err != nil || perr != nil {
			return domain.DeliveryPage{}, domain.Errorf(domain.CodeInvalid, "cursor %q is not one this server gave out", q.Cursor)
		}
		query, args = deliveriesAfter, append(args, ts, rowid)
	}
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return domain.DeliveryPage{}, fmt.Errorf("list deliveries: %w", err)
	}
	defer rows.Close()
	page := domain.DeliveryPage{Deliveries: []domain.WebhookDelivery{}}
	var lastTS, lastRowid int64
	for rows.Next() {
		if len(page.Deliveries) == limit {
			page.NextCursor = encodeCursor(lastTS, strconv.FormatInt(lastRowid, 10))
			break
		}
		d, ts, rowid, err := scanDelivery(rows)
		if err != nil {
			return domain.DeliveryPage{}, fmt.Errorf("scan delivery: %w", err)
		}
		lastTS, lastRowid = ts, rowid
		page.Deliveries = append(page.Deliveries, d)
	}
	if err := rows.Err(); err != nil {
		return domain.DeliveryPage{}, fmt.Errorf("list deliveries: %w", err)
	}
	return page, nil
}

// WebhookDelivery returns one delivery of a webhook.
func (s *Store) WebhookDelivery(ctx context.Context, webhookID, deliveryID string) (domain.WebhookDelivery, error) {
	d, _, _, err := scanDelivery(s.r.QueryRowContext(ctx, deliveryGet, deliveryID, webhookID))
	if errors.Is(err, sql.ErrNoRows) {
		return d, domain.Errorf(domain.CodeNotFound, "webhook %s has no delivery %s", webhookID, deliveryID)
	}
	if err != nil {
		return d, fmt.Errorf("read delivery %s: %w", deliveryID, err)
	}
	return d, nil
}

// RedeliverWebhookDelivery queues a delivered or failed delivery again, due
// at now, with the same payload and event id. A still-pending delivery is a
// conflict: it is queued already.
func (s *Store) RedeliverWebhookDelivery(ctx context.Context, webhookID, deliveryID string, now time.Time) (domain.WebhookDelivery, error) {
	d, err := s.WebhookDelivery(ctx, webhookID, deliveryID)
	if err != nil {
		return d, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, deliveryRequeue, now.UnixMilli(), deliveryID, webhookID)
		if err != nil {
			return fmt.Errorf("redeliver %s: %w", deliveryID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.Errorf(domain.CodeConflict, "delivery %s is still pending: it is queued already", deliveryID)
		}
		return nil
	})
	if err != nil {
		return d, err
	}
	return s.WebhookDelivery(ctx, webhookID, deliveryID)
}

// RedeliverFailedWebhookDeliveries queues every failed delivery of a webhook
// again, due at now, and returns how many.
func (s *Store) RedeliverFailedWebhookDeliveries(ctx context.Context, webhookID string, now time.Time) (int, error) {
	if _, err := s.WebhookTarget(ctx, webhookID); err != nil {
		return 0, err
	}
	var n int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, deliveriesRequeueFailed, now.UnixMilli(), webhookID)
		if err != nil {
			return fmt.Errorf("redeliver failed deliveries: %w", err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}
