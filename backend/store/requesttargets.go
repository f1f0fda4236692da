package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/wasync/wasync/backend/domain"
)

// requestTargets is ChatsWithMoreOnPhone, each chat's OldestMessage and
// requestActiveForChat's deadline (NULL when none) in one statement: the
// join drops chats without a stored message before the limit applies, as
// the EXISTS of chatsMore does.
const requestTargets = `SELECT c.jid, m.id, m.from_me, m.ts,
		(SELECT r.deadline_at FROM history_requests r JOIN history_request_chats rc ON rc.request_id = r.id
			WHERE r.status = 'pending' AND rc.chat_jid = c.jid AND rc.status IN ('queued', 'sent') LIMIT 1)
	FROM chats c
	JOIN messages m ON m.rowid = (SELECT rowid FROM messages WHERE chat_jid = c.jid ORDER BY ts, id LIMIT 1)
	WHERE c.more_on_phone = 1
	ORDER BY c.last_message_ts DESC, c.jid DESC LIMIT ?`

// RequestTargets lists up to limit chats known to continue on the phone,
// most recently active first, each with its oldest stored message as the
// anchor a request continues from: what a history request without a chat
// asks about. Chats that already have a pending request are left out and
// listed in Skipped; when that leaves none, the answer is the refusal
// AdmitHistoryRequest would give (the busy chat whose request ends first):
// read in one statement, so from one committed snapshot, that refusal is
// final (see PreviewHistoryAdmission).
func (s *Store) RequestTargets(ctx context.Context, limit int) ([]domain.RequestChat, domain.Admission, error) {
	var busy domain.Admission
	rows, err := s.rq.query(ctx, requestTargets, limit)
	if err != nil {
		return nil, busy, fmt.Errorf("history request targets: %w", err)
	}
	defer rows.Close()
	var out []domain.RequestChat
	for rows.Next() {
		var c domain.RequestChat
		var until sql.NullInt64
		if err := rows.Scan(&c.ChatJID, &c.Anchor.ID, &c.Anchor.FromMe, &c.Anchor.Timestamp, &until); err != nil {
			return nil, busy, fmt.Errorf("scan history request target: %w", err)
		}
		if until.Valid {
			if busy.BusyChat == "" || until.Int64 < busy.BusyUntil {
				busy.BusyChat, busy.BusyUntil = c.ChatJID, until.Int64
			}
			busy.Skipped = append(busy.Skipped, c.ChatJID)
			continue
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, busy, fmt.Errorf("history request targets: %w", err)
	}
	if len(out) > 0 {
		busy.BusyChat, busy.BusyUntil = "", 0
	}
	return out, busy, nil
}
