package store

import (
	"context"
	"fmt"
	"time"

	"github.com/wasync/wasync/backend/domain"
)

const chatColumns = `c.jid, ` + chatName + `, c.is_group, c.last_message_ts, c.last_message_text, c.unread,
	c.marked_unread, c.archived, c.pinned, c.muted_until, c.more_on_phone, c.picture_id, c.picture_sha`

const chatFrom = chatNameFrom

const chatFilter = `(?1 = '' OR ` + chatName + ` LIKE '%' || ?1 || '%' ESCAPE '\' OR c.jid LIKE ?1 || '%' ESCAPE '\')`

const (
	chatsFirst = `SELECT ` + chatColumns + chatFrom + ` WHERE ` + chatFilter + `
		ORDER BY c.last_message_ts DESC, c.jid DESC LIMIT ?2`
	chatsAfter = `SELECT ` + chatColumns + chatFrom + ` WHERE ` + chatFilter + `
		  AND (c.last_message_ts, c.jid) < (?3, ?4)
		ORDER BY c.last_message_ts DESC, c.jid DESC LIMIT ?2`
	chatGet = `SELECT ` + chatColumns + chatFrom + `
		WHERE c.jid = ?1 OR c.alt_jid = ?1 OR c.jid = (SELECT pn FROM lid_map WHERE lid = ?1)`
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
	rows, err := s.r.QueryContext(ctx, chatGet, jid)
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
	if err != nil {
		return c, err
	}
	rows.Close()
	return s.chatDetail(ctx, c)
}

type scanner interface{ Scan(...any) error }

func scanChat(r scanner) (domain.Chat, int64, error) {
	var c domain.Chat
	var ts, muted int64
	var pictureSHA string
	if err := r.Scan(&c.JID, &c.Name, &c.IsGroup, &ts, &c.LastMessageText, &c.Unread, &c.MarkedUnread,
		&c.Archived, &c.Pinned, &muted, &c.MoreOnPhone, &c.PictureID, &pictureSHA); err != nil {
		return c, 0, fmt.Errorf("scan chat: %w", err)
	}
	c.Picture = domain.PictureNone
	if pictureSHA != "" {
		c.Picture = domain.PictureStored
	} else {
		c.PictureID = ""
	}
	c.LastMessageAt = rfc3339(ts)
	c.Muted = muted < 0 || muted > time.Now().Unix()
	return c, ts, nil
}
