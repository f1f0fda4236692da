package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/wasync/wasync/backend/domain"
)

const (
	settingGet = `SELECT value FROM settings WHERE key = ?`
	settingSet = `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`
)

// Setting returns a stored setting and whether it exists.
func (s *Store) Setting(ctx context.Context, key string) (string, bool, error) {
	var v string
	err := s.r.QueryRowContext(ctx, settingGet, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read setting %s: %w", key, err)
	}
	return v, true, nil
}

// SetSetting stores a setting.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, settingSet, key, value, s.now().Unix()); err != nil {
			return fmt.Errorf("write setting %s: %w", key, err)
		}
		return nil
	})
}

// SetSettingAnnounced stores a setting and, in the same durable
// transaction, the outbox rows of the events it reports.
func (s *Store) SetSettingAnnounced(ctx context.Context, key, value string, evs []domain.OutboxEvent) error {
	return s.durableTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, settingSet, key, value, s.now().Unix()); err != nil {
			return fmt.Errorf("write setting %s: %w", key, err)
		}
		for _, ev := range evs {
			if _, err := enqueueWebhookEvent(ctx, tx, ev); err != nil {
				return err
			}
		}
		return nil
	})
}
