package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/wasync/wasync/backend/domain"
)

// Changes arrive in any order: an edit or a revoke may come before the
// message it changes (a live edit of a message whose history chunk is still
// on its way). Such a change waits in pending_changes and is applied, in
// timestamp order, by the transaction that stores its target.
const (
	pendingAdd = `INSERT OR IGNORE INTO pending_changes (chat_jid, target_id, kind, sender_jid, from_me, text, starred, ts, raw)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	// The pending changes whose target is stored now: normally none, and
	// then this costs one look at an empty table.
	pendingDue = `SELECT p.id, p.chat_jid, p.target_id, p.kind, p.sender_jid, p.from_me, p.text, p.starred, p.ts, p.raw
		FROM pending_changes p
		WHERE EXISTS (SELECT 1 FROM messages m WHERE m.chat_jid = p.chat_jid AND m.id = p.target_id AND m.type <> 'waiting')
		ORDER BY p.ts, p.id`
	pendingDone = `DELETE FROM pending_changes WHERE id = ?`
)

// keepPending stores a change whose target is not stored yet.
func keepPending(ctx context.Context, tx *sql.Tx, c domain.MessageChange, raw []byte) error {
	if _, err := tx.ExecContext(ctx, pendingAdd, c.ChatJID, c.TargetID, c.Kind, c.SenderJID, c.FromMe, c.Text, c.Starred,
		c.Timestamp, raw); err != nil {
		return fmt.Errorf("keep %s of %s/%s for later: %w", c.Kind, c.ChatJID, c.TargetID, err)
	}
	return nil
}

// pendingChange is a waiting change with its stored raw.
type pendingChange struct {
	id     int64
	change domain.MessageChange
	raw    []byte
}

// applyPending applies every pending change whose target is now stored,
// marks their chats touched, and returns how many it applied.
func applyPending(ctx context.Context, tx *sql.Tx, touched map[string]bool) (int, error) {
	due, err := duePending(ctx, tx)
	if err != nil {
		return 0, err
	}
	applied := 0
	for _, p := range due {
		ok, err := applyChange(ctx, tx, p.change, p.raw)
		if err != nil {
			return applied, err
		}
		if _, err := tx.ExecContext(ctx, pendingDone, p.id); err != nil {
			return applied, fmt.Errorf("clear pending change: %w", err)
		}
		if ok {
			applied++
			touched[p.change.ChatJID] = true
		}
	}
	return applied, nil
}

func duePending(ctx context.Context, tx *sql.Tx) ([]pendingChange, error) {
	rows, err := tx.QueryContext(ctx, pendingDue)
	if err != nil {
		return nil, fmt.Errorf("find pending changes: %w", err)
	}
	defer rows.Close()
	var out []pendingChange
	for rows.Next() {
		var p pendingChange
		c := &p.change
		if err := rows.Scan(&p.id, &c.ChatJID, &c.TargetID, &c.Kind, &c.SenderJID, &c.FromMe, &c.Text, &c.Starred,
			&c.Timestamp, &p.raw); err != nil {
			return nil, fmt.Errorf("scan pending change: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
