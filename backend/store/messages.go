package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/wasync/wasync/backend/domain"
)

// messageColumns are a message row's columns with its sender's shown name.
const messageColumns = `m.rowid, m.chat_jid, m.id, m.sender_jid, ` + senderName + `,
	m.from_me, m.ts, m.type, m.text,
	m.media_kind, m.media_name, m.media_size, m.media_duration, m.quoted_id, m.edited_at, m.deleted,
	m.deleted_at, m.edit_count, m.starred, m.deleted_for_me, m.content`

const messageFrom = ` FROM messages m` + senderJoins

const (
	messagesFirst = `SELECT ` + messageColumns + messageFrom + `
		WHERE m.chat_jid = ?1 ORDER BY m.ts DESC, m.id DESC LIMIT ?2`
	messagesBefore = `SELECT ` + messageColumns + messageFrom + `
		WHERE m.chat_jid = ?1 AND (m.ts, m.id) < (?3, ?4) ORDER BY m.ts DESC, m.id DESC LIMIT ?2`
	reactionsFor = `SELECT message_id, sender_jid, emoji FROM reactions
		WHERE chat_jid = ? AND message_id IN (SELECT value FROM json_each(?)) ORDER BY ts`
)

// Messages returns a page of a chat's messages, newest first, continuing
// before the cursor a previous page returned.
func (s *Store) Messages(ctx context.Context, q domain.MessageQuery) (domain.MessagePage, error) {
	chat, err := s.Chat(ctx, q.ChatJID)
	if err != nil {
		return domain.MessagePage{}, err
	}
	limit := domain.ClampLimit(q.Limit)
	query, args := messagesFirst, []any{chat.JID, limit + 1}
	if q.Before != "" {
		ts, id, err := decodeCursor(q.Before)
		if err != nil {
			return domain.MessagePage{}, err
		}
		query, args = messagesBefore, append(args, ts, id)
	}
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return domain.MessagePage{}, fmt.Errorf("list messages: %w", err)
	}
	defer rows.Close()
	page := domain.MessagePage{Messages: []domain.Message{}}
	var lastTS int64
	for rows.Next() {
		m, ts, err := scanMessage(rows)
		if err != nil {
			return domain.MessagePage{}, err
		}
		if len(page.Messages) == limit {
			page.NextCursor = encodeCursor(lastTS, page.Messages[limit-1].ID)
			break
		}
		page.Messages = append(page.Messages, m)
		lastTS = ts
	}
	if err := rows.Err(); err != nil {
		return domain.MessagePage{}, fmt.Errorf("list messages: %w", err)
	}
	if err := s.attachReactions(ctx, chat.JID, page.Messages); err != nil {
		return domain.MessagePage{}, err
	}
	return page, s.enrichContent(ctx, chat.JID, page.Messages)
}

func (s *Store) attachReactions(ctx context.Context, chat string, msgs []domain.Message) error {
	if len(msgs) == 0 {
		return nil
	}
	ids := make([]string, len(msgs))
	index := make(map[string]int, len(msgs))
	for i, m := range msgs {
		ids[i] = m.ID
		index[m.ID] = i
	}
	rows, err := s.r.QueryContext(ctx, reactionsFor, chat, jsonArray(ids))
	if err != nil {
		return fmt.Errorf("list reactions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var r domain.Reaction
		if err := rows.Scan(&id, &r.Sender, &r.Emoji); err != nil {
			return fmt.Errorf("scan reaction: %w", err)
		}
		i := index[id]
		msgs[i].Reactions = append(msgs[i].Reactions, r)
	}
	return rows.Err()
}

func scanMessage(r scanner) (domain.Message, int64, error) {
	var m domain.Message
	var rowid, ts, edited, deletedAt int64
	var mediaKind, mediaName string
	var mediaSize int64
	var mediaDuration int
	var content sql.NullString
	if err := r.Scan(&rowid, &m.ChatJID, &m.ID, &m.Sender, &m.SenderName, &m.FromMe, &ts, &m.Type, &m.Text,
		&mediaKind, &mediaName, &mediaSize, &mediaDuration, &m.QuotedID, &edited, &m.Deleted,
		&deletedAt, &m.EditCount, &m.Starred, &m.DeletedForMe, &content); err != nil {
		return m, 0, fmt.Errorf("scan message: %w", err)
	}
	if content.Valid {
		m.Content = parseContent(content.String)
	}
	m.Timestamp = rfc3339(ts)
	m.Edited = edited != 0 || m.EditCount > 0
	if m.Deleted && deletedAt != 0 {
		m.DeletedAt = rfc3339(deletedAt)
	}
	if mediaKind != "" {
		m.Media = &domain.Media{Kind: mediaKind, FileName: mediaName, Size: mediaSize, Duration: mediaDuration}
	}
	return m, ts, nil
}

const messagesAll = `SELECT ` + messageColumns + messageFrom + `
	WHERE m.chat_jid = ?1 ORDER BY m.ts, m.id`

// EachMessage streams every message of a chat, oldest first, to fn (for
// export). Reactions are not attached.
func (s *Store) EachMessage(ctx context.Context, chatJID string, fn func(domain.Message) error) error {
	chat, err := s.Chat(ctx, chatJID)
	if err != nil {
		return err
	}
	rows, err := s.r.QueryContext(ctx, messagesAll, chat.JID)
	if err != nil {
		return fmt.Errorf("export messages: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		m, _, err := scanMessage(rows)
		if err != nil {
			return err
		}
		one := []domain.Message{m}
		if err := s.enrichContent(ctx, chat.JID, one); err != nil {
			return err
		}
		if err := fn(one[0]); err != nil {
			return err
		}
	}
	return rows.Err()
}
