package store

import (
	"context"
	"fmt"
	"time"

	"github.com/wasync/wasync/backend/domain"
)

const chatColumns = `jid, name, is_group, last_message_ts, last_message_text, unread,
	archived, pinned, muted_until, more_on_phone`

const (
	chatsFirst = `SELECT ` + chatColumns + ` FROM chats
		WHERE (?1 = '' OR name LIKE '%' || ?1 || '%' ESCAPE '\' OR jid LIKE ?1 || '%' ESCAPE '\')
		ORDER BY last_message_ts DESC, jid DESC LIMIT ?2`
	chatsAfter = `SELECT ` + chatColumns + ` FROM chats
		WHERE (?1 = '' OR name LIKE '%' || ?1 || '%' ESCAPE '\' OR jid LIKE ?1 || '%' ESCAPE '\')
		  AND (last_message_ts, jid) < (?3, ?4)
		ORDER BY last_message_ts DESC, jid DESC LIMIT ?2`
	chatGet = `SELECT ` + chatColumns + ` FROM chats WHERE jid = ? OR alt_jid = ?`
)

// Chats returns a page of chats, most recently active first.
func (s *Store) Chats(ctx context.Context, q domain.ChatQuery) (domain.ChatPage, error) {
	limit := domain.ClampLimit(q.Limit)
	filter := escapeLike(q.Q)
	args := []any{filter, limit + 1}
	query := chatsFirst
	if q.Cursor != "" {
		ts, jid, err := decodeCursor(q.Cursor)
		if err != nil {
			return domain.ChatPage{}, err
		}
		query, args = chatsAfter, append(args, ts, jid)
	}
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return domain.ChatPage{}, fmt.Errorf("list chats: %w", err)
	}
	defer rows.Close()
	page := domain.ChatPage{Chats: []domain.Chat{}}
	var lastTS int64
	for rows.Next() {
		c, ts, err := scanChat(rows)
		if err != nil {
			return domain.ChatPage{}, err
		}
		if len(page.Chats) == limit {
			last := page.Chats[limit-1]
			page.NextCursor = encodeCursor(lastTS, last.JID)
			break
		}
		page.Chats = append(page.Chats, c)
		lastTS = ts
	}
	return page, rows.Err()
}

// Chat returns one chat by its JID or its alternate (LID or phone) JID.
func (s *Store) Chat(ctx context.Context, jid string) (domain.Chat, error) {
	rows, err := s.r.QueryContext(ctx, chatGet, jid, jid)
	if err != nil {
		return domain.Chat{}, fmt.Errorf("get chat: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return domain.Chat{}, fmt.Errorf("get chat: %w", err)
		}
		return domain.Chat{}, domain.Errorf(domain.CodeNotFound, "no chat %s", jid)
	}
	c, _, err := scanChat(rows)
	return c, err
}

type scanner interface{ Scan(...any) error }

func scanChat(r scanner) (domain.Chat, int64, error) {
	var c domain.Chat
	var ts, muted int64
	if err := r.Scan(&c.JID, &c.Name, &c.IsGroup, &ts, &c.LastMessageText, &c.Unread,
		&c.Archived, &c.Pinned, &muted, &c.MoreOnPhone); err != nil {
		return c, 0, fmt.Errorf("scan chat: %w", err)
	}
	c.LastMessageAt = rfc3339(ts)
	c.Muted = muted < 0 || muted > time.Now().Unix()
	return c, ts, nil
}
