package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/wasync/wasync/backend/domain"
)

const (
	messageTextByID = `SELECT rowid, text FROM messages WHERE chat_jid = ? AND id = ?`
	messageEdit     = `UPDATE messages SET text = ?, edited_at = ? WHERE rowid = ?`
	messageRevoke   = `UPDATE messages SET text = '', deleted = 1, media_kind = '', media_name = '' WHERE rowid = ?`
	ftsDelete       = `INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', ?, ?)`
	ftsInsert       = `INSERT INTO messages_fts (rowid, text) VALUES (?, ?)`
	reactionUpsert  = `INSERT INTO reactions (chat_jid, message_id, sender_jid, emoji, ts) VALUES (?1, ?2, ?3, ?4, ?5)
		ON CONFLICT (chat_jid, message_id, sender_jid) DO UPDATE SET emoji = excluded.emoji, ts = excluded.ts
		WHERE excluded.ts >= reactions.ts`
	reactionDelete   = `DELETE FROM reactions WHERE chat_jid = ? AND message_id = ? AND sender_jid = ? AND ts <= ?`
	moveMessages     = `UPDATE OR IGNORE messages SET chat_jid = ? WHERE chat_jid = ?`
	moveReactions    = `UPDATE OR IGNORE reactions SET chat_jid = ? WHERE chat_jid = ?`
	dropChat         = `DELETE FROM chats WHERE jid = ?`
	setAltOnExisting = `UPDATE chats SET alt_jid = NULL WHERE alt_jid = ? AND jid <> ?`
)

// applyChange applies a reaction, edit or revoke to a stored message. A
// change whose target is not stored (yet) is skipped: reactions are kept
// anyway, since they stand on their own.
func applyChange(ctx context.Context, tx *sql.Tx, c domain.MessageChange) (bool, error) {
	switch c.Kind {
	case domain.ChangeReaction:
		q, args := reactionUpsert, []any{c.ChatJID, c.TargetID, c.SenderJID, c.Emoji, c.Timestamp}
		if c.Emoji == "" {
			q, args = reactionDelete, []any{c.ChatJID, c.TargetID, c.SenderJID, c.Timestamp}
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return false, fmt.Errorf("store reaction: %w", err)
		}
		return true, nil
	case domain.ChangeEdit, domain.ChangeRevoke:
		var rowid int64
		var old string
		err := tx.QueryRowContext(ctx, messageTextByID, c.ChatJID, c.TargetID).Scan(&rowid, &old)
		if errors.Is(err, sql.ErrNoRows) {
			return false, nil
		}
		if err != nil {
			return false, fmt.Errorf("find edited message: %w", err)
		}
		if old != "" {
			if _, err := tx.ExecContext(ctx, ftsDelete, rowid, old); err != nil {
				return false, fmt.Errorf("unindex message: %w", err)
			}
		}
		if c.Kind == domain.ChangeRevoke {
			_, err = tx.ExecContext(ctx, messageRevoke, rowid)
		} else if _, err = tx.ExecContext(ctx, messageEdit, c.Text, c.Timestamp, rowid); err == nil && c.Text != "" {
			_, err = tx.ExecContext(ctx, ftsInsert, rowid, c.Text)
		}
		if err != nil {
			return false, fmt.Errorf("apply %s: %w", c.Kind, err)
		}
		return true, nil
	default:
		return false, fmt.Errorf("unknown change kind %q", c.Kind)
	}
}

// mergeAltChat folds a chat stored under alt (a LID, say) into jid (its
// phone number JID): messages move over, duplicates are dropped.
func mergeAltChat(ctx context.Context, tx *sql.Tx, jid, alt string) error {
	if alt == "" || alt == jid {
		return nil
	}
	if _, err := tx.ExecContext(ctx, setAltOnExisting, alt, jid); err != nil {
		return fmt.Errorf("release alt jid: %w", err)
	}
	var exists int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM chats WHERE jid = ?`, alt).Scan(&exists); err != nil || exists == 0 {
		return err
	}
	if _, err := tx.ExecContext(ctx, chatEnsure, jid, isGroupJID(jid)); err != nil {
		return fmt.Errorf("merge chats: %w", err)
	}
	for _, q := range []string{moveMessages, moveReactions} {
		if _, err := tx.ExecContext(ctx, q, jid, alt); err != nil {
			return fmt.Errorf("merge chats: %w", err)
		}
	}
	// Rows left behind duplicate ones already under jid: unindex and drop
	// them with the chat (messages cascade).
	if _, err := tx.ExecContext(ctx, `INSERT INTO messages_fts (messages_fts, rowid, text)
		SELECT 'delete', rowid, text FROM messages WHERE chat_jid = ? AND text <> ''`, alt); err != nil {
		return fmt.Errorf("merge chats: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM reactions WHERE chat_jid = ?`, alt); err != nil {
		return fmt.Errorf("merge chats: %w", err)
	}
	if _, err := tx.ExecContext(ctx, dropChat, alt); err != nil {
		return fmt.Errorf("merge chats: %w", err)
	}
	return nil
}
