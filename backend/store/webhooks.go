package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/wasync/wasync/backend/domain"
)

const (
	webhookColumns = `id, url, events, secret, previous_secret, previous_expires_at, enabled,
		disabled_reason, failing_since, created_at, updated_at`
	webhooksAll     = `SELECT ` + webhookColumns + ` FROM webhooks ORDER BY created_at, id`
	webhooksEnabled = `SELECT ` + webhookColumns + ` FROM webhooks WHERE enabled = 1 ORDER BY created_at, id`
	webhookGet      = `SELECT ` + webhookColumns + ` FROM webhooks WHERE id = ?`
	webhookInsert   = `INSERT INTO webhooks (` + webhookColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	webhookUpdate   = `UPDATE webhooks SET url = ?, events = ?, secret = ?, previous_secret = ?,
		previous_expires_at = ?, enabled = ?, disabled_reason = ?, failing_since = ?, updated_at = ? WHERE id = ?`
	webhookDelete = `DELETE FROM webhooks WHERE id = ?`
)

// rowScanner is a *sql.Row or *sql.Rows.
type rowScanner interface{ Scan(dest ...any) error }

func scanWebhook(r rowScanner) (domain.WebhookTarget, error) {
	var t domain.WebhookTarget
	var events string
	var prevExp, failing, created, updated int64
	if err := r.Scan(&t.ID, &t.URL, &events, &t.Secret, &t.PreviousSecret, &prevExp, &t.Enabled,
		&t.DisabledReason, &failing, &created, &updated); err != nil {
		return t, err
	}
	if err := json.Unmarshal([]byte(events), &t.Events); err != nil {
		return t, fmt.Errorf("webhook %s events: %w", t.ID, err)
	}
	t.PreviousExpiresAt, t.FailingSince = unixTime(prevExp), unixTime(failing)
	t.CreatedAt, t.UpdatedAt = unixTime(created), unixTime(updated)
	return t, nil
}

// unixTime is the inverse of unixSec: zero stays the zero time.
func unixTime(sec int64) time.Time {
	if sec == 0 {
		return time.Time{}
	}
	return time.Unix(sec, 0).UTC()
}

// eventsJSON stores "every event" as [] (never null), which the outbox
// query matches.
func eventsJSON(events []string) string {
	if len(events) == 0 {
		return "[]"
	}
	return jsonArray(events)
}

func unixSec(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// Webhooks lists registered webhooks with their secrets masked.
func (s *Store) Webhooks(ctx context.Context) (domain.WebhookList, error) {
	all, err := s.WebhookTargets(ctx, false)
	out := domain.WebhookList{Webhooks: make([]domain.Webhook, 0, len(all))}
	for _, t := range all {
		out.Webhooks = append(out.Webhooks, t.Public(false))
	}
	return out, err
}

// WebhookTargets lists webhooks with their secrets, oldest first; only the
// enabled ones when enabledOnly.
func (s *Store) WebhookTargets(ctx context.Context, enabledOnly bool) ([]domain.WebhookTarget, error) {
	q := webhooksAll
	if enabledOnly {
		q = webhooksEnabled
	}
	rows, err := s.rq.query(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("list webhooks: %w", err)
	}
	defer rows.Close()
	out := []domain.WebhookTarget{}
	for rows.Next() {
		t, err := scanWebhook(rows)
		if err != nil {
			return nil, fmt.Errorf("scan webhook: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list webhooks: %w", err)
	}
	return out, nil
}

// WebhookTarget returns one webhook with its secrets; an unknown id is a
// not-found error.
func (s *Store) WebhookTarget(ctx context.Context, id string) (domain.WebhookTarget, error) {
	return getWebhook(ctx, s.r, id)
}

type queryRower interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func getWebhook(ctx context.Context, q queryRower, id string) (domain.WebhookTarget, error) {
	t, err := scanWebhook(q.QueryRowContext(ctx, webhookGet, id))
	if errors.Is(err, sql.ErrNoRows) {
		return t, domain.Errorf(domain.CodeNotFound, "no webhook %s", id)
	}
	if err != nil {
		return t, fmt.Errorf("read webhook %s: %w", id, err)
	}
	return t, nil
}

// InsertWebhook stores a new webhook.
func (s *Store) InsertWebhook(ctx context.Context, t domain.WebhookTarget) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, webhookInsert, t.ID, t.URL, eventsJSON(t.Events), t.Secret,
			t.PreviousSecret, unixSec(t.PreviousExpiresAt), t.Enabled, t.DisabledReason,
			unixSec(t.FailingSince), unixSec(t.CreatedAt), unixSec(t.UpdatedAt)); err != nil {
			return fmt.Errorf("insert webhook: %w", err)
		}
		return nil
	})
}

// ModifyWebhook reads a webhook, lets fn change it and writes it back, all
// in one write transaction. It returns the stored result.
func (s *Store) ModifyWebhook(ctx context.Context, id string, fn func(*domain.WebhookTarget) error) (domain.WebhookTarget, error) {
	var t domain.WebhookTarget
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if t, err = getWebhook(ctx, tx, id); err != nil {
			return err
		}
		if err := fn(&t); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, webhookUpdate, t.URL, eventsJSON(t.Events), t.Secret, t.PreviousSecret,
			unixSec(t.PreviousExpiresAt), t.Enabled, t.DisabledReason, unixSec(t.FailingSince),
			unixSec(t.UpdatedAt), id); err != nil {
			return fmt.Errorf("update webhook %s: %w", id, err)
		}
		return nil
	})
	return t, err
}

// DeleteWebhook removes a webhook and its delivery log.
func (s *Store) DeleteWebhook(ctx context.Context, id string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, webhookDelete, id)
		if err != nil {
			return fmt.Errorf("delete webhook %s: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.Errorf(domain.CodeNotFound, "no webhook %s", id)
		}
		return nil
	})
}
