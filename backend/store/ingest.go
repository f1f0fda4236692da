package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/wasync/wasync/backend/domain"
)

const (
	chatUpsertMeta = `INSERT INTO chats (jid, alt_jid, name, is_group, archived, pinned, muted_until, unread,
			end_of_history, more_on_phone, updated_at)
		VALUES (?1, NULLIF(?2, ''), ?3, ?4, COALESCE(?5, 0), COALESCE(?6, 0), COALESCE(?7, 0), COALESCE(?8, 0), ?9, ?10, ?11)
		ON CONFLICT (jid) DO UPDATE SET
			alt_jid = COALESCE(excluded.alt_jid, alt_jid),
			name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE name END,
			is_group = excluded.is_group,
			archived = COALESCE(?5, archived), pinned = COALESCE(?6, pinned), muted_until = COALESCE(?7, muted_until),
			unread = COALESCE(?8, unread),
			end_of_history = CASE WHEN excluded.end_of_history <> 0 THEN excluded.end_of_history ELSE end_of_history END,
			more_on_phone = CASE WHEN excluded.end_of_history <> 0 THEN excluded.more_on_phone ELSE more_on_phone END,
			updated_at = excluded.updated_at`
	chatEnsure    = `INSERT INTO chats (jid, is_group) VALUES (?, ?) ON CONFLICT (jid) DO NOTHING`
	contactUpsert = `INSERT INTO contacts (jid, push_name, full_name, updated_at) VALUES (?1, ?2, ?3, ?4)
		ON CONFLICT (jid) DO UPDATE SET
			push_name = CASE WHEN excluded.push_name <> '' THEN excluded.push_name ELSE push_name END,
			full_name = CASE WHEN excluded.full_name <> '' THEN excluded.full_name ELSE full_name END,
			updated_at = excluded.updated_at`
	messageInsert = `INSERT INTO messages (chat_jid, id, sender_jid, sender_name, from_me, ts, type, text,
			media_kind, media_name, media_size, media_duration, quoted_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (chat_jid, id) DO NOTHING`
	maxMessageRowid = `SELECT COALESCE(MAX(rowid), 0) FROM messages`
	// The index is fed once per batch from the rows the batch added, which
	// is 2.4-3x faster than per-row triggers.
	ftsFeed        = `INSERT INTO messages_fts (rowid, text) SELECT rowid, text FROM messages WHERE rowid > ? AND text <> ''`
	chatLastUpdate = `UPDATE chats SET (last_message_ts, last_message_id, last_message_text) =
			(SELECT ts, id, text FROM messages WHERE chat_jid = chats.jid ORDER BY ts DESC, id DESC LIMIT 1)
		WHERE jid = ? AND EXISTS (SELECT 1 FROM messages WHERE chat_jid = chats.jid)`
	chatOldest = `SELECT MIN(ts) FROM messages WHERE chat_jid = ?`
)

// ApplyHistory stores a decoded history chunk in one transaction and, in
// the same transaction, marks its notification (if any) done: after a crash
// the chunk is either wholly stored or still pending. Storing the same chunk
// twice changes nothing.
func (s *Store) ApplyHistory(ctx context.Context, notificationID int64, c domain.HistoryChunk) (domain.IngestResult, error) {
	return s.ApplyHistoryAnnounced(ctx, notificationID, c, nil)
}

// ApplyHistoryAnnounced is ApplyHistory whose transaction also writes the
// outbox rows of the events announce builds from the result.
func (s *Store) ApplyHistoryAnnounced(ctx context.Context, notificationID int64, c domain.HistoryChunk, announce domain.Announce[domain.IngestResult]) (domain.IngestResult, error) {
	var res domain.IngestResult
	run := s.tx
	if announce != nil {
		run = s.durableTx
	}
	err := run(ctx, func(tx *sql.Tx) error {
		var err error
		if res, err = s.applyChunk(ctx, tx, c); err != nil {
			return err
		}
		if err := s.markNotificationDone(ctx, tx, notificationID); err != nil {
			return err
		}
		return enqueueAll(ctx, tx, announce, res)
	})
	return res, err
}

// enqueueAll writes the outbox rows of the events announce builds.
func enqueueAll[T any](ctx context.Context, tx *sql.Tx, announce domain.Announce[T], v T) error {
	if announce == nil {
		return nil
	}
	evs, err := announce(v)
	if err != nil {
		return err
	}
	for _, ev := range evs {
		if _, err := enqueueWebhookEvent(ctx, tx, ev); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) applyChunk(ctx context.Context, tx *sql.Tx, c domain.HistoryChunk) (domain.IngestResult, error) {
	res := domain.IngestResult{OldestPerChat: map[string]int64{}}
	now := s.now().Unix()
	touched := map[string]bool{}
	for _, ch := range c.Chats {
		if err := mergeAltChat(ctx, tx, ch.JID, ch.AltJID); err != nil {
			return res, err
		}
		// Presence per field: a nil pointer binds NULL and keeps the stored value.
		_, err := tx.ExecContext(ctx, chatUpsertMeta, ch.JID, ch.AltJID, ch.Name, ch.IsGroup, ch.Archived, ch.Pinned,
			ch.MutedUntil, ch.Unread, ch.EndOfHistory, ch.MoreOnPhone, now)
		if err != nil {
			return res, fmt.Errorf("upsert chat %s: %w", ch.JID, err)
		}
		touched[ch.JID] = true
	}
	res.Chats = len(c.Chats)
	for _, ct := range c.Contacts {
		if _, err := tx.ExecContext(ctx, contactUpsert, ct.JID, ct.PushName, ct.FullName, now); err != nil {
			return res, fmt.Errorf("upsert contact %s: %w", ct.JID, err)
		}
	}
	inserted, err := s.insertMessages(ctx, tx, c.Messages, touched)
	if err != nil {
		return res, err
	}
	res.Messages, res.NewMessages = len(c.Messages), inserted
	for _, ch := range c.Changes {
		applied, err := applyChange(ctx, tx, ch)
		if err != nil {
			return res, err
		}
		if applied {
			res.Changes++
			touched[ch.ChatJID] = true
		}
	}
	for jid := range touched {
		if _, err := tx.ExecContext(ctx, chatLastUpdate, jid); err != nil {
			return res, fmt.Errorf("update chat %s: %w", jid, err)
		}
		var oldest sql.NullInt64
		if err := tx.QueryRowContext(ctx, chatOldest, jid).Scan(&oldest); err != nil {
			return res, fmt.Errorf("oldest of %s: %w", jid, err)
		}
		res.OldestPerChat[jid] = oldest.Int64
		res.TouchedChats = append(res.TouchedChats, jid)
	}
	return res, nil
}

// insertMessages adds rows that are not stored yet and indexes them.
func (s *Store) insertMessages(ctx context.Context, tx *sql.Tx, msgs []domain.StoredMessage, touched map[string]bool) (int, error) {
	if len(msgs) == 0 {
		return 0, nil
	}
	var before int64
	if err := tx.QueryRowContext(ctx, maxMessageRowid).Scan(&before); err != nil {
		return 0, fmt.Errorf("read last rowid: %w", err)
	}
	ensure, err := tx.PrepareContext(ctx, chatEnsure)
	if err != nil {
		return 0, fmt.Errorf("prepare: %w", err)
	}
	defer ensure.Close()
	ins, err := tx.PrepareContext(ctx, messageInsert)
	if err != nil {
		return 0, fmt.Errorf("prepare: %w", err)
	}
	defer ins.Close()
	inserted := 0
	for _, m := range msgs {
		if !touched[m.ChatJID] {
			if _, err := ensure.ExecContext(ctx, m.ChatJID, isGroupJID(m.ChatJID)); err != nil {
				return 0, fmt.Errorf("add chat %s: %w", m.ChatJID, err)
			}
			touched[m.ChatJID] = true
		}
		r, err := ins.ExecContext(ctx, m.ChatJID, m.ID, m.SenderJID, m.SenderName, m.FromMe, m.Timestamp, m.Type, m.Text,
			m.MediaKind, m.MediaName, m.MediaSize, m.MediaDuration, m.QuotedID)
		if err != nil {
			return 0, fmt.Errorf("insert message %s/%s: %w", m.ChatJID, m.ID, err)
		}
		if n, _ := r.RowsAffected(); n > 0 {
			inserted++
		}
	}
	if inserted > 0 {
		if _, err := tx.ExecContext(ctx, ftsFeed, before); err != nil {
			return 0, fmt.Errorf("index messages: %w", err)
		}
	}
	return inserted, nil
}

func isGroupJID(jid string) bool {
	return len(jid) > 5 && jid[len(jid)-5:] == "@g.us"
}
