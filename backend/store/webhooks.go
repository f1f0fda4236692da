package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/wasync/wasync/backend/domain"
)

const webhooksAll = `SELECT id, url, events, enabled, secret, created_at, disabled_reason
	FROM webhooks ORDER BY created_at, id`

// Webhooks lists registered webhooks with their secrets masked.
func (s *Store) Webhooks(ctx context.Context) (domain.WebhookList, error) {
	rows, err := s.r.QueryContext(ctx, webhooksAll)
	if err != nil {
		return domain.WebhookList{}, fmt.Errorf("list webhooks: %w", err)
	}
	defer rows.Close()
	out := domain.WebhookList{Webhooks: []domain.Webhook{}}
	for rows.Next() {
		var w domain.Webhook
		var events string
		var created int64
		if err := rows.Scan(&w.WebhookID, &w.URL, &events, &w.Enabled, &w.Secret, &created, &w.DisabledReason); err != nil {
			return out, fmt.Errorf("scan webhook: %w", err)
		}
		if err := json.Unmarshal([]byte(events), &w.Events); err != nil {
			return out, fmt.Errorf("webhook %s events: %w", w.WebhookID, err)
		}
		w.Secret = maskSecret(w.Secret)
		w.CreatedAt = rfc3339(created)
		out.Webhooks = append(out.Webhooks, w)
	}
	return out, rows.Err()
}

// maskSecret keeps only enough of a secret to tell two apart.
func maskSecret(s string) string {
	if len(s) <= 8 {
		return "••••••••"
	}
	return s[:4] + "••••••••"
}
