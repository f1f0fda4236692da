package store

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/wasync/wasync/backend/domain"
)

// The outbox: one webhook_deliveries row per event and matching enabled
// webhook, written in the transaction that stores the fact the event
// reports. The rows are the truth: an attempt changes its row only once it
// has an outcome, so a row in flight when the process dies is still
// pending and due after a restart, and is sent again (at-least-once).
const (
	outboxEnqueue = `INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_type, payload, next_attempt_ms, created_at)
		SELECT 'dlv_' || lower(hex(randomblob(16))), w.id, ?1, ?2, ?3, ?4, ?5 FROM webhooks w
		WHERE w.enabled = 1 AND (w.events = '[]' OR EXISTS (SELECT 1 FROM json_each(w.events) WHERE value = ?2))`
	outboxInsertOne = `INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_type, payload, next_attempt_ms, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`
	outboxDue = `SELECT id, webhook_id, event_id, event_type, payload, attempts, retry_index FROM webhook_deliveries
		WHERE webhook_id = ? AND status = 'pending' AND next_attempt_ms <= ? ORDER BY next_attempt_ms, rowid LIMIT ?`
	// Per enabled webhook, the earliest pending row, through the partial
	// index webhook_deliveries_pending (a disabled webhook's backlog must
	// not keep the worker awake).
	outboxNextDue = `SELECT MIN((SELECT MIN(d.next_attempt_ms) FROM webhook_deliveries d
			WHERE d.webhook_id = w.id AND d.status = 'pending')) FROM webhooks w WHERE w.enabled = 1`
	outboxRecord = `UPDATE webhook_deliveries SET status = ?1, attempts = attempts + 1, retry_index = retry_index + 1,
			next_attempt_ms = ?2, last_status_code = ?3, last_response = ?4, last_error = ?5, last_attempt_ms = ?6,
			last_duration_ms = ?7, finished_at = CASE WHEN ?1 = 'pending' THEN 0 ELSE ?8 END
		WHERE id = ?9`
	webhookHealthy = `UPDATE webhooks SET failing_since = 0 WHERE id = ? AND failing_since <> 0`
	webhookFailing = `UPDATE webhooks SET failing_since = ?2 WHERE id = ?1 AND failing_since = 0`
	webhookTooLong = `UPDATE webhooks SET enabled = 0, disabled_reason = ?2, updated_at = ?3
		WHERE id = ?1 AND enabled = 1 AND failing_since <> 0 AND failing_since < ?4`
	webhookDisable = `UPDATE webhooks SET enabled = 0, disabled_reason = ?2, updated_at = ?3 WHERE id = ?1`
	outboxPrune    = `DELETE FROM webhook_deliveries WHERE status IN ('delivered', 'failed') AND finished_at < ?`
)

// Tx is a durable write transaction other packages add outbox rows to.
type Tx struct{ tx *sql.Tx }

// WithTx runs fn in one durable write transaction (see EnqueueEvent).
func (s *Store) WithTx(ctx context.Context, fn func(*Tx) error) error {
	return s.durableTx(ctx, func(tx *sql.Tx) error { return fn(&Tx{tx: tx}) })
}

// EnqueueWebhookEvent writes one delivery row per enabled webhook that
// subscribes to ev's type; it returns how many.
func (t *Tx) EnqueueWebhookEvent(ctx context.Context, ev domain.OutboxEvent) (int, error) {
	return enqueueWebhookEvent(ctx, t.tx, ev)
}

// EnqueueEvent writes ev's delivery rows in a transaction of its own and
// returns how many. The commit is durable against power loss (synchronous
// FULL, whatever the database's default): a receiver must never miss an
// event the app has reported as stored.
func (s *Store) EnqueueEvent(ctx context.Context, ev domain.OutboxEvent) (int, error) {
	var n int
	err := s.durableTx(ctx, func(tx *sql.Tx) error {
		var err error
		n, err = enqueueWebhookEvent(ctx, tx, ev)
		return err
	})
	return n, err
}

// enqueueWebhookEvent is the outbox write, for use inside another write
// transaction (history ingest runs it inside ApplyHistory's). The rows are
// due at once.
func enqueueWebhookEvent(ctx context.Context, tx *sql.Tx, ev domain.OutboxEvent) (int, error) {
	res, err := tx.ExecContext(ctx, outboxEnqueue, ev.ID, ev.Type, ev.Body, ev.Timestamp.UnixMilli(), ev.Timestamp.Unix())
	if err != nil {
		return 0, fmt.Errorf("enqueue %s deliveries: %w", ev.Type, err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// durableTx is tx with synchronous=FULL for its commit: in WAL mode NORMAL
// syncs only at checkpoints, so a power cut could lose the last commits;
// FULL syncs the WAL at every commit. SQLite refuses to change the level
// inside a transaction, so it is raised on the (single) writer connection
// before BEGIN and put back after the commit, with the connection held
// throughout so no other transaction runs in between.
func (s *Store) durableTx(ctx context.Context, fn func(*sql.Tx) error) error {
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("writer connection: %w", err)
	}
	defer conn.Close()
	var level int
	if err := conn.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&level); err != nil {
		return fmt.Errorf("read synchronous level: %w", err)
	}
	const full = 2
	if level < full {
		if _, err := conn.ExecContext(ctx, `PRAGMA synchronous = FULL`); err != nil {
			return fmt.Errorf("raise synchronous level: %w", err)
		}
		defer func() {
			_, _ = conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(`PRAGMA synchronous = %d`, level))
		}()
	}
	return inTx(ctx, conn, fn)
}

// InsertProbeDelivery records a delivery of ev to one webhook whatever its
// subscriptions and state (test pings), not due before notBefore so the
// worker leaves it to the caller.
func (s *Store) InsertProbeDelivery(ctx context.Context, webhookID, deliveryID string, ev domain.OutboxEvent, notBefore time.Time) (domain.DeliveryJob, error) {
	job := domain.DeliveryJob{ID: deliveryID, WebhookID: webhookID, EventID: ev.ID, EventType: ev.Type, Payload: ev.Body}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, outboxInsertOne, deliveryID, webhookID, ev.ID, ev.Type, ev.Body,
			notBefore.UnixMilli(), ev.Timestamp.Unix()); err != nil {
			return fmt.Errorf("insert test delivery: %w", err)
		}
		return nil
	})
	return job, err
}

// DueWebhookDeliveries returns up to limit pending deliveries of one
// webhook due at now, oldest due first. It only reads: the single worker
// keeps track of what it has in flight.
func (s *Store) DueWebhookDeliveries(ctx context.Context, webhookID string, now time.Time, limit int) ([]domain.DeliveryJob, error) {
	return s.DueWebhookDeliveriesExcept(ctx, webhookID, now, limit, nil)
}

// DueWebhookDeliveriesExcept is DueWebhookDeliveries without the rows skip
// says yes to (the worker's claimed rows): they count against limit but
// are left out, their payloads not copied. skip may be nil.
func (s *Store) DueWebhookDeliveriesExcept(ctx context.Context, webhookID string, now time.Time, limit int, skip func(id string) bool) ([]domain.DeliveryJob, error) {
	rows, err := s.rq.query(ctx, outboxDue, webhookID, now.UnixMilli(), limit)
	if err != nil {
		return nil, fmt.Errorf("due deliveries: %w", err)
	}
	defer rows.Close()
	var out []domain.DeliveryJob
	var id, payload sql.RawBytes
	for rows.Next() {
		var j domain.DeliveryJob
		if err := rows.Scan(&id, &j.WebhookID, &j.EventID, &j.EventType, &payload, &j.Attempts, &j.RetryIndex); err != nil {
			return nil, fmt.Errorf("scan delivery: %w", err)
		}
		if skip != nil && skip(string(id)) {
			continue
		}
		j.ID, j.Payload = string(id), bytes.Clone(payload)
		out = append(out, j)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("due deliveries: %w", err)
	}
	return out, nil
}

// NextWebhookDelivery returns when the earliest pending delivery of an
// enabled webhook is due; false when none is pending.
func (s *Store) NextWebhookDelivery(ctx context.Context) (time.Time, bool, error) {
	var ms sql.NullInt64
	if err := s.rq.queryRow(ctx, outboxNextDue).Scan(&ms); err != nil {
		return time.Time{}, false, fmt.Errorf("next delivery: %w", err)
	}
	if !ms.Valid {
		return time.Time{}, false, nil
	}
	return time.UnixMilli(ms.Int64), true, nil
}

// RecordWebhookAttempts stores the outcomes of attempts in one transaction
// (group commit) and updates each webhook's health from its latest
// attempt in the batch: a success clears failing_since, a failure starts
// it, and a webhook failing since before the attempt's cutoff, or answered
// 410, is disabled with a reason. Test pings leave health alone.
func (s *Store) RecordWebhookAttempts(ctx context.Context, attempts []domain.DeliveryAttempt) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		stmt, err := s.wq.in(ctx, tx, outboxRecord)
		if err != nil {
			return fmt.Errorf("record deliveries: %w", err)
		}
		latest := map[string]domain.DeliveryAttempt{}
		var order []string
		for _, a := range attempts {
			next := int64(0)
			if a.Status == domain.DeliveryPending {
				next = a.NextAttempt.UnixMilli()
			}
			if _, err := stmt.ExecContext(ctx, a.Status, next, a.StatusCode, a.Response, a.Error,
				a.At.UnixMilli(), a.Duration.Milliseconds(), a.At.Unix(), a.DeliveryID); err != nil {
				return fmt.Errorf("record delivery %s: %w", a.DeliveryID, err)
			}
			if a.Probe {
				continue
			}
			if prev, seen := latest[a.WebhookID]; !seen {
				order = append(order, a.WebhookID)
			} else if prev.DisableReason != "" {
				continue // a 410 in the batch wins
			}
			latest[a.WebhookID] = a
		}
		for _, id := range order {
			if err := updateHealth(ctx, tx, s.wq, latest[id]); err != nil {
				return err
			}
		}
		return nil
	})
}

func updateHealth(ctx context.Context, tx *sql.Tx, q *stmtCache, a domain.DeliveryAttempt) error {
	var err error
	switch {
	case a.DisableReason != "":
		_, err = tx.ExecContext(ctx, webhookDisable, a.WebhookID, a.DisableReason, a.At.Unix())
	case a.Status == domain.DeliveryDelivered:
		var healthy *sql.Stmt
		if healthy, err = q.in(ctx, tx, webhookHealthy); err == nil {
			_, err = healthy.ExecContext(ctx, a.WebhookID)
		}
	default:
		if _, err = tx.ExecContext(ctx, webhookFailing, a.WebhookID, a.At.Unix()); err == nil && !a.FailingCutoff.IsZero() {
			_, err = tx.ExecContext(ctx, webhookTooLong, a.WebhookID, a.FailingReason, a.At.Unix(), a.FailingCutoff.Unix())
		}
	}
	if err != nil {
		return fmt.Errorf("update webhook %s health: %w", a.WebhookID, err)
	}
	return nil
}

// PruneWebhookDeliveries deletes delivered and failed rows finished before
// before; pending rows are never pruned.
func (s *Store) PruneWebhookDeliveries(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, outboxPrune, before.Unix())
		if err != nil {
			return fmt.Errorf("prune deliveries: %w", err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
