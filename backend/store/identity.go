package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/wasync/wasync/backend/domain"
)

// One person, one chat. WhatsApp names a person by a phone-number JID and,
// more and more, by a LID; a chat may arrive under either, in any order,
// even both in one history chunk. The store is the authority: every pair it
// learns (LIDMappings, a chat's or contact's AltJID, a sender's alt JID) goes
// into lid_map, a chat stored under a mapped LID is merged into the
// phone-number chat (alt_jid = the LID), and every JID a chunk addresses is
// resolved through lid_map and chats.alt_jid before anything is written.

const (
	lidMapUpsert = `INSERT INTO lid_map (lid, pn) VALUES (?, ?)
		ON CONFLICT (lid) DO UPDATE SET pn = excluded.pn WHERE pn <> excluded.pn`
	// The LID-keyed chats that now have a phone number: normally none.
	lidChatsToMerge = `SELECT c.jid, l.pn FROM chats c JOIN lid_map l ON l.lid = c.jid`
	chatSetAlt      = `UPDATE chats SET alt_jid = ?1 WHERE jid = ?2 AND alt_jid IS NULL
		AND NOT EXISTS (SELECT 1 FROM chats WHERE alt_jid = ?1)`
	resolveLID = `SELECT COALESCE((SELECT pn FROM lid_map WHERE lid = ?1), (SELECT jid FROM chats WHERE alt_jid = ?1), ?1)`
)

// Merging a LID chat into its phone-number chat: the phone-number row is
// created from the LID row if missing (keeping its state), else only fills
// what it lacks; rows move over, duplicates of rows already there are
// dropped with the LID chat (raw and versions cascade).
const (
	mergeReleaseAlt = `UPDATE chats SET alt_jid = NULL WHERE alt_jid = ?1 AND jid <> ?2`
	mergeChatRow    = `INSERT INTO chats (jid, alt_jid, phone_jid, name, is_group, archived, pinned, muted_until, unread,
			marked_unread, end_of_history, more_on_phone, updated_at)
		SELECT ?2, ?1, phone_jid, name, is_group, archived, pinned, muted_until, unread,
			marked_unread, end_of_history, more_on_phone, updated_at FROM chats WHERE jid = ?1
		ON CONFLICT (jid) DO UPDATE SET alt_jid = excluded.alt_jid,
			phone_jid = CASE WHEN phone_jid = '' THEN excluded.phone_jid ELSE phone_jid END,
			name = CASE WHEN name = '' THEN excluded.name ELSE name END`
	mergeMoveMessages = `UPDATE OR IGNORE messages SET chat_jid = ?2 WHERE chat_jid = ?1`
	mergeMoveReacts   = `UPDATE OR IGNORE reactions SET chat_jid = ?2 WHERE chat_jid = ?1`
	mergeMovePending  = `UPDATE OR IGNORE pending_changes SET chat_jid = ?2 WHERE chat_jid = ?1`
	mergeUnindexLeft  = `INSERT INTO messages_fts (messages_fts, rowid, text)
		SELECT 'delete', rowid, text FROM messages WHERE chat_jid = ?1 AND ` + indexedRow
	mergeDropReacts  = `DELETE FROM reactions WHERE chat_jid = ?1`
	mergeDropPending = `DELETE FROM pending_changes WHERE chat_jid = ?1`
	mergeDropChat    = `DELETE FROM chats WHERE jid = ?1`
)

// isLID reports whether jid is a LID (hidden user) JID.
func isLID(jid string) bool { return strings.HasSuffix(jid, "@lid") }

// lidPair orders two JIDs of one person as (LID, phone number); ok is false
// unless exactly one of them is a LID.
func lidPair(a, b string) (lid, pn string, ok bool) {
	switch {
	case a == "" || b == "" || a == b:
		return "", "", false
	case isLID(a) && !isLID(b):
		return a, b, true
	case isLID(b) && !isLID(a):
		return b, a, true
	}
	return "", "", false
}

// identities resolves the JIDs of one chunk, caching per JID.
type identities struct {
	tx    *sql.Tx
	cache map[string]string
}

// chat returns the JID the chat addressed as jid is stored under.
func (ids *identities) chat(ctx context.Context, jid string) (string, error) {
	if !isLID(jid) {
		return jid, nil
	}
	if r, ok := ids.cache[jid]; ok {
		return r, nil
	}
	var r string
	if err := ids.tx.QueryRowContext(ctx, resolveLID, jid).Scan(&r); err != nil {
		return "", fmt.Errorf("resolve %s: %w", jid, err)
	}
	ids.cache[jid] = r
	return r, nil
}

// chunkPairs collects every LID/phone pair a chunk states, once each.
func chunkPairs(c domain.HistoryChunk) map[string]string {
	pairs := map[string]string{}
	add := func(a, b string) {
		if lid, pn, ok := lidPair(a, b); ok {
			pairs[lid] = pn
		}
	}
	for _, m := range c.LIDMappings {
		add(m.LID, m.PN)
	}
	for _, ch := range c.Chats {
		add(ch.JID, ch.AltJID)
	}
	for _, ct := range c.Contacts {
		add(ct.JID, ct.AltJID)
	}
	for _, m := range c.Messages {
		if m.SenderAltJID != "" {
			add(m.SenderJID, m.SenderAltJID)
		}
	}
	return pairs
}

// linkIdentities records the chunk's LID/phone pairs, merges every chat
// stored under a LID that now has a phone number, and returns the resolver
// for the rest of the chunk.
func linkIdentities(ctx context.Context, tx *sql.Tx, c domain.HistoryChunk) (*identities, error) {
	ids := &identities{tx: tx, cache: map[string]string{}}
	pairs := chunkPairs(c)
	if len(pairs) == 0 {
		return ids, nil
	}
	up, err := tx.PrepareContext(ctx, lidMapUpsert)
	if err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	defer up.Close()
	alt, err := tx.PrepareContext(ctx, chatSetAlt)
	if err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	defer alt.Close()
	for lid, pn := range pairs {
		if _, err := up.ExecContext(ctx, lid, pn); err != nil {
			return nil, fmt.Errorf("map %s to %s: %w", lid, pn, err)
		}
		if _, err := alt.ExecContext(ctx, lid, pn); err != nil {
			return nil, fmt.Errorf("map %s to %s: %w", lid, pn, err)
		}
	}
	merges, err := lidChatsWithPhone(ctx, tx)
	if err != nil {
		return nil, err
	}
	for _, m := range merges {
		if err := mergeChat(ctx, tx, m.LID, m.PN); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

func lidChatsWithPhone(ctx context.Context, tx *sql.Tx) ([]domain.LIDMapping, error) {
	rows, err := tx.QueryContext(ctx, lidChatsToMerge)
	if err != nil {
		return nil, fmt.Errorf("find chats to merge: %w", err)
	}
	defer rows.Close()
	var out []domain.LIDMapping
	for rows.Next() {
		var m domain.LIDMapping
		if err := rows.Scan(&m.LID, &m.PN); err != nil {
			return nil, fmt.Errorf("find chats to merge: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// mergeChat folds the chat stored under lid into the one under pn.
func mergeChat(ctx context.Context, tx *sql.Tx, lid, pn string) error {
	for _, q := range []string{mergeReleaseAlt, mergeChatRow, mergeMoveMessages, mergeMoveReacts, mergeMovePending,
		mergeUnindexLeft, mergeDropReacts, mergeDropPending, mergeDropChat} {
		if _, err := tx.ExecContext(ctx, q, lid, pn); err != nil {
			return fmt.Errorf("merge chat %s into %s: %w", lid, pn, err)
		}
	}
	return nil
}
