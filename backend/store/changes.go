package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/wasync/wasync/backend/domain"
)

// Changes never destroy: an edit adds a version, a revoke flags the row
// (content kept, out of search), star and delete-for-me set flags. Each is
// idempotent, so a replayed chunk changes nothing. A change whose target is
// not stored yet (or is only a placeholder) waits in pending_changes.
const (
	changeTarget = `SELECT rowid, text, deleted, edited_at, edit_count FROM messages
		WHERE chat_jid = ? AND id = ? AND type <> 'waiting'`
	ftsDelete      = `INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', ?, ?)`
	ftsInsert      = `INSERT INTO messages_fts (rowid, text) VALUES (?, ?)`
	messageRevoke  = `UPDATE messages SET deleted = 1, deleted_at = ?2, deleted_by = ?3 WHERE rowid = ?1 AND deleted = 0`
	messageStar    = `UPDATE messages SET starred = ?2, starred_at = ?3 WHERE rowid = ?1 AND starred_at <= ?3`
	messageHideMe  = `UPDATE messages SET deleted_for_me = 1 WHERE rowid = ?1`
	reactionUpsert = `INSERT INTO reactions (chat_jid, message_id, sender_jid, emoji, ts) VALUES (?1, ?2, ?3, ?4, ?5)
		ON CONFLICT (chat_jid, message_id, sender_jid) DO UPDATE SET emoji = excluded.emoji, ts = excluded.ts
		WHERE excluded.ts >= reactions.ts`
	reactionDelete = `DELETE FROM reactions WHERE chat_jid = ? AND message_id = ? AND sender_jid = ? AND ts <= ?`
)

// target is the stored row a change applies to.
type target struct {
	rowid     int64
	text      string
	deleted   bool
	editedAt  int64
	editCount int
}

// indexed reports whether the full-text index holds the row's text.
func (t target) indexed() bool { return t.text != "" && !t.deleted }

// applyChange applies c (its ChatJID already resolved) and reports whether
// it changed a stored row. raw is c.Raw as stored (compressed). Reactions
// are kept whether or not their target is stored: they stand on their own
// and show once it is.
func applyChange(ctx context.Context, tx *sql.Tx, c domain.MessageChange, raw []byte) (bool, error) {
	if c.Kind == domain.ChangePollVote {
		return applyPollVote(ctx, tx, c)
	}
	if c.Kind == domain.ChangeEventResponse {
		return applyEventResponse(ctx, tx, c)
	}
	if c.Kind == domain.ChangeReaction {
		q, args := reactionUpsert, []any{c.ChatJID, c.TargetID, c.SenderJID, c.Emoji, c.Timestamp}
		if c.Emoji == "" {
			q, args = reactionDelete, []any{c.ChatJID, c.TargetID, c.SenderJID, c.Timestamp}
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return false, fmt.Errorf("store reaction: %w", err)
		}
		return true, nil
	}
	switch c.Kind {
	case domain.ChangeEdit, domain.ChangeRevoke, domain.ChangeStar, domain.ChangeDeleteForMe:
	default:
		return false, fmt.Errorf("unknown change kind %q", c.Kind)
	}
	var t target
	err := tx.QueryRowContext(ctx, changeTarget, c.ChatJID, c.TargetID).Scan(&t.rowid, &t.text, &t.deleted, &t.editedAt, &t.editCount)
	if errors.Is(err, sql.ErrNoRows) {
		return false, keepPending(ctx, tx, c, raw)
	}
	if err != nil {
		return false, fmt.Errorf("find target of %s: %w", c.Kind, err)
	}
	switch c.Kind {
	case domain.ChangeEdit:
		err = applyEdit(ctx, tx, t, c, raw)
	case domain.ChangeRevoke:
		err = applyRevoke(ctx, tx, t, c)
	case domain.ChangeStar:
		_, err = tx.ExecContext(ctx, messageStar, t.rowid, c.Starred, c.Timestamp)
	case domain.ChangeDeleteForMe:
		_, err = tx.ExecContext(ctx, messageHideMe, t.rowid)
	}
	if err != nil {
		return false, fmt.Errorf("apply %s to %s/%s: %w", c.Kind, c.ChatJID, c.TargetID, err)
	}
	return true, nil
}

// applyRevoke flags the row deleted and takes it out of search; its
// content stays.
func applyRevoke(ctx context.Context, tx *sql.Tx, t target, c domain.MessageChange) error {
	r, err := tx.ExecContext(ctx, messageRevoke, t.rowid, c.Timestamp, c.SenderJID)
	if err != nil {
		return err
	}
	if n, _ := r.RowsAffected(); n > 0 && t.indexed() {
		_, err = tx.ExecContext(ctx, ftsDelete, t.rowid, t.text)
	}
	return err
}
