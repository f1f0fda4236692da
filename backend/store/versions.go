package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/wasync/wasync/backend/domain"
)

// Every version of an edited message is kept in message_versions: the
// original (copied there by the first edit) and each edit. The row shows
// the newest edit by timestamp, so an older edit arriving later is kept as
// a version but never shown.
const (
	versionOriginal = `INSERT OR IGNORE INTO message_versions (message_rowid, ts, text, original)
		SELECT rowid, ts, text, 1 FROM messages WHERE rowid = ?`
	versionAdd = `INSERT OR IGNORE INTO message_versions (message_rowid, ts, text, raw) VALUES (?, ?, ?, ?)`
	editCount  = `UPDATE messages SET edit_count = edit_count + 1 WHERE rowid = ?`
	editShow   = `UPDATE messages SET text = ?2, edited_at = ?3 WHERE rowid = ?1`
	versionsOf = `SELECT v.ts, v.text, v.original FROM message_versions v WHERE v.message_rowid = ?
		ORDER BY v.original DESC, v.ts, v.rowid`
	versionRow = `SELECT m.rowid, m.ts, m.text, m.edited_at, m.deleted FROM messages m WHERE m.chat_jid = ? AND m.id = ?`
)

// applyEdit keeps the edit as a version and shows it if it is the newest.
func applyEdit(ctx context.Context, tx *sql.Tx, t target, c domain.MessageChange, raw []byte) error {
	if t.editCount == 0 {
		if _, err := tx.ExecContext(ctx, versionOriginal, t.rowid); err != nil {
			return err
		}
	}
	r, err := tx.ExecContext(ctx, versionAdd, t.rowid, c.Timestamp, c.Text, raw)
	if err != nil {
		return err
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return nil // known already: a replay
	}
	if _, err := tx.ExecContext(ctx, editCount, t.rowid); err != nil {
		return err
	}
	if c.Timestamp < t.editedAt {
		return nil // an older edit arriving late
	}
	if t.indexed() {
		if _, err := tx.ExecContext(ctx, ftsDelete, t.rowid, t.text); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, editShow, t.rowid, c.Text, c.Timestamp); err != nil {
		return err
	}
	if !t.deleted && c.Text != "" {
		_, err = tx.ExecContext(ctx, ftsInsert, t.rowid, c.Text)
	}
	return err
}

// MessageVersions returns every kept version of a message's text, the
// original first, then the edits oldest first; Current marks the one the
// message shows. A message never edited has one version.
func (s *Store) MessageVersions(ctx context.Context, chatJID, msgID string) (domain.MessageVersionList, error) {
	chat, err := s.Chat(ctx, chatJID)
	if err != nil {
		return domain.MessageVersionList{}, err
	}
	out := domain.MessageVersionList{ChatJID: chat.JID, MessageID: msgID, Versions: []domain.MessageVersion{}}
	var rowid, ts, editedAt int64
	var text string
	err = s.r.QueryRowContext(ctx, versionRow, chat.JID, msgID).Scan(&rowid, &ts, &text, &editedAt, &out.Deleted)
	if errors.Is(err, sql.ErrNoRows) {
		return out, domain.Errorf(domain.CodeNotFound, "no message %s in chat %s", msgID, chat.JID)
	}
	if err != nil {
		return out, fmt.Errorf("get message: %w", err)
	}
	rows, err := s.r.QueryContext(ctx, versionsOf, rowid)
	if err != nil {
		return out, fmt.Errorf("list versions: %w", err)
	}
	defer rows.Close()
	current := -1
	for rows.Next() {
		var v domain.MessageVersion
		var vts int64
		if err := rows.Scan(&vts, &v.Text, &v.Original); err != nil {
			return out, fmt.Errorf("scan version: %w", err)
		}
		v.Timestamp = rfc3339(vts)
		if !v.Original && vts == editedAt && v.Text == text {
			current = len(out.Versions)
		}
		out.Versions = append(out.Versions, v)
	}
	if err := rows.Err(); err != nil {
		return out, fmt.Errorf("list versions: %w", err)
	}
	if len(out.Versions) == 0 {
		out.Versions = append(out.Versions, domain.MessageVersion{Text: text, Timestamp: rfc3339(ts), Original: true})
		current = 0
	}
	if current >= 0 {
		out.Versions[current].Current = true
	}
	return out, nil
}
