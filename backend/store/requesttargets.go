package store

import (
	"context"
	"fmt"

	"github.com/wasync/wasync/backend/domain"
)

// requestTargets is ChatsWithMoreOnPhone and each chat's OldestMessage in
// one statement: the join drops chats without a stored message before the
// limit applies, as the EXISTS of chatsMore does.
const requestTargets = `SELECT c.jid, m.id, m.from_me, m.ts FROM chats c
	JOIN messages m ON m.rowid = (SELECT rowid FROM messages WHERE chat_jid = c.jid ORDER BY ts, id LIMIT 1)
	WHERE c.more_on_phone = 1
	ORDER BY c.last_message_ts DESC, c.jid DESC LIMIT ?`

// RequestTargets lists up to limit chats known to continue on the phone,
// most recently active first, each with its oldest stored message as the
// anchor a request continues from: what a history request without a chat
// asks about.
func (s *Store) RequestTargets(ctx context.Context, limit int) ([]domain.RequestChat, error) {
	rows, err := s.rq.query(ctx, requestTargets, limit)
	if err != nil {
		return nil, fmt.Errorf("history request targets: %w", err)
	}
	defer rows.Close()
	var out []domain.RequestChat
	for rows.Next() {
		var c domain.RequestChat
		if err := rows.Scan(&c.ChatJID, &c.Anchor.ID, &c.Anchor.FromMe, &c.Anchor.Timestamp); err != nil {
			return nil, fmt.Errorf("scan history request target: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("history request targets: %w", err)
	}
	return out, nil
}
