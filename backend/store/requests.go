package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/wasync/wasync/backend/domain"
)

const (
	oldestMessage = `SELECT id, from_me, ts FROM messages WHERE chat_jid = ? ORDER BY ts, id LIMIT 1`
	chatsMore     = `SELECT c.jid FROM chats c WHERE c.more_on_phone = 1
		AND EXISTS (SELECT 1 FROM messages m WHERE m.chat_jid = c.jid)
		ORDER BY c.last_message_ts DESC, c.jid DESC LIMIT ?`
	requestInsert     = `INSERT INTO history_requests (id, requested, created_at, deadline_at) VALUES (?, ?, ?, ?)`
	requestChatInsert = `INSERT INTO history_request_chats (request_id, chat_jid, status, requested, anchor_id, anchor_from_me, anchor_ts)
		VALUES (?, ?, 'queued', ?, ?, ?, ?)`
	requestChatColumns = `rc.request_id, rc.chat_jid, rc.status, rc.requested, rc.received, rc.anchor_id, rc.anchor_from_me,
		rc.anchor_ts, rc.pages, rc.page_count, rc.session_id, rc.oldest_ts, rc.more_on_phone, rc.sent_at`
	requestChatsPending = `SELECT ` + requestChatColumns + ` FROM history_request_chats rc
		JOIN history_requests r ON r.id = rc.request_id
		WHERE r.status = 'pending' ORDER BY r.created_at, rc.chat_jid`
	requestChatsOf       = `SELECT ` + requestChatColumns + ` FROM history_request_chats rc WHERE rc.request_id = ?`
	requestChatBySession = `SELECT ` + requestChatColumns + ` FROM history_request_chats rc
		JOIN history_requests r ON r.id = rc.request_id
		WHERE rc.session_id = ? AND r.status = 'pending'`
	requestChatAwaiting = `SELECT ` + requestChatColumns + ` FROM history_request_chats rc
		JOIN history_requests r ON r.id = rc.request_id
		WHERE rc.chat_jid = ? AND rc.status = 'sent' AND r.status = 'pending' ORDER BY rc.sent_at LIMIT 1`
	requestChatUpdate = `UPDATE history_request_chats SET status = ?, received = ?, anchor_id = ?, anchor_from_me = ?,
		anchor_ts = ?, pages = ?, page_count = ?, session_id = ?, oldest_ts = ?, more_on_phone = ?, sent_at = ?
		WHERE request_id = ? AND chat_jid = ?`
	requestActiveForChat = `SELECT r.id, r.deadline_at FROM history_requests r
		JOIN history_request_chats rc ON rc.request_id = r.id
		WHERE r.status = 'pending' AND rc.chat_jid = ? AND rc.status IN ('queued', 'sent') LIMIT 1`
	requestsPending = `SELECT id, deadline_at FROM history_requests WHERE status = 'pending' ORDER BY deadline_at`
	requestFinish   = `UPDATE history_requests SET status = ?1, completed_at = ?2,
		received = (SELECT COALESCE(SUM(received), 0) FROM history_request_chats WHERE request_id = ?3)
		WHERE id = ?3 AND status = 'pending'`
	requestChatsUnfinished = `UPDATE history_request_chats SET status = ? WHERE request_id = ? AND status IN ('queued', 'sent')`
	peerSentSince          = `SELECT sent_at FROM history_peer_requests WHERE sent_at > ? ORDER BY sent_at`
)

// OldestMessage returns the oldest stored message of a chat: the anchor an
// on-demand request continues from.
func (s *Store) OldestMessage(ctx context.Context, chat string) (domain.Anchor, bool, error) {
	var a domain.Anchor
	err := s.rq.queryRow(ctx, oldestMessage, chat).Scan(&a.ID, &a.FromMe, &a.Timestamp)
	if errors.Is(err, sql.ErrNoRows) {
		return a, false, nil
	}
	if err != nil {
		return a, false, fmt.Errorf("oldest message of %s: %w", chat, err)
	}
	return a, true, nil
}

// ChatsWithMoreOnPhone lists chats known to continue on the phone, most
// recently active first.
func (s *Store) ChatsWithMoreOnPhone(ctx context.Context, limit int) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, chatsMore, limit)
	if err != nil {
		return nil, fmt.Errorf("chats with more history: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var jid string
		if err := rows.Scan(&jid); err != nil {
			return nil, err
		}
		out = append(out, jid)
	}
	return out, rows.Err()
}

// CreateHistoryRequest records a request and its chats, all queued,
// without checking limits (AdmitHistoryRequest checks them).
func (s *Store) CreateHistoryRequest(ctx context.Context, id string, chats []domain.RequestChat, created, deadline int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		return insertHistoryRequest(ctx, tx, id, chats, created, deadline)
	})
}

func insertHistoryRequest(ctx context.Context, tx *sql.Tx, id string, chats []domain.RequestChat, created, deadline int64) error {
	total := 0
	for _, c := range chats {
		total += c.Requested
	}
	if _, err := tx.ExecContext(ctx, requestInsert, id, total, created, deadline); err != nil {
		return fmt.Errorf("create history request: %w", err)
	}
	for _, c := range chats {
		if _, err := tx.ExecContext(ctx, requestChatInsert, id, c.ChatJID, c.Requested, c.Anchor.ID, c.Anchor.FromMe, c.Anchor.Timestamp); err != nil {
			return fmt.Errorf("create history request chat: %w", err)
		}
	}
	return nil
}

func (s *Store) requestChats(ctx context.Context, q string, args ...any) ([]domain.RequestChat, error) {
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("history request chats: %w", err)
	}
	defer rows.Close()
	var out []domain.RequestChat
	for rows.Next() {
		var c domain.RequestChat
		if err := rows.Scan(&c.RequestID, &c.ChatJID, &c.Status, &c.Requested, &c.Received, &c.Anchor.ID, &c.Anchor.FromMe,
			&c.Anchor.Timestamp, &c.Pages, &c.PageCount, &c.SessionID, &c.OldestTS, &c.MoreOnPhone, &c.SentAt); err != nil {
			return nil, fmt.Errorf("scan request chat: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// PendingRequestChats lists the chats of every pending request.
func (s *Store) PendingRequestChats(ctx context.Context) ([]domain.RequestChat, error) {
	return s.requestChats(ctx, requestChatsPending)
}

// RequestChats lists one request's chats.
func (s *Store) RequestChats(ctx context.Context, id string) ([]domain.RequestChat, error) {
	return s.requestChats(ctx, requestChatsOf, id)
}

// RequestChatForAnswer finds the pending request chat an ON_DEMAND answer
// belongs to: by the notification's session id, else the chat's oldest
// page still awaiting an answer.
func (s *Store) RequestChatForAnswer(ctx context.Context, sessionID, chat string) (domain.RequestChat, bool, error) {
	if sessionID != "" {
		cs, err := s.requestChats(ctx, requestChatBySession, sessionID)
		if err != nil || len(cs) > 0 {
			return first(cs), len(cs) > 0, err
		}
	}
	cs, err := s.requestChats(ctx, requestChatAwaiting, chat)
	return first(cs), len(cs) > 0, err
}

func first(cs []domain.RequestChat) domain.RequestChat {
	if len(cs) == 0 {
		return domain.RequestChat{}
	}
	return cs[0]
}

// UpdateRequestChat saves a request chat's state.
func (s *Store) UpdateRequestChat(ctx context.Context, c domain.RequestChat) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return updateRequestChat(ctx, tx, c) })
}

func updateRequestChat(ctx context.Context, tx *sql.Tx, c domain.RequestChat) error {
	_, err := tx.ExecContext(ctx, requestChatUpdate, c.Status, c.Received, c.Anchor.ID, c.Anchor.FromMe, c.Anchor.Timestamp,
		c.Pages, c.PageCount, c.SessionID, c.OldestTS, c.MoreOnPhone, c.SentAt, c.RequestID, c.ChatJID)
	if err != nil {
		return fmt.Errorf("update request chat: %w", err)
	}
	return nil
}

// ActiveRequestForChat reports a pending request that still waits on chat.
func (s *Store) ActiveRequestForChat(ctx context.Context, chat string) (string, int64, bool, error) {
	var id string
	var deadline int64
	err := s.r.QueryRowContext(ctx, requestActiveForChat, chat).Scan(&id, &deadline)
	if errors.Is(err, sql.ErrNoRows) {
		return "", 0, false, nil
	}
	if err != nil {
		return "", 0, false, fmt.Errorf("active request: %w", err)
	}
	return id, deadline, true, nil
}

// PendingRequestDeadlines lists pending requests and when each times out.
func (s *Store) PendingRequestDeadlines(ctx context.Context) (map[string]int64, error) {
	rows, err := s.r.QueryContext(ctx, requestsPending)
	if err != nil {
		return nil, fmt.Errorf("pending requests: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var id string
		var d int64
		if err := rows.Scan(&id, &d); err != nil {
			return nil, err
		}
		out[id] = d
	}
	return out, rows.Err()
}

// FinishHistoryRequest moves a pending request to its final status; chats
// still waiting take chatStatus. It reports whether this call finished it,
// so exactly one caller announces the completion; announce, if set, builds
// that completion's webhook events from the finished request, in the same
// transaction.
func (s *Store) FinishHistoryRequest(ctx context.Context, id, status, chatStatus string, at int64, announce domain.Announce[domain.HistoryRequest]) (bool, error) {
	var done bool
	err := s.durableTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, requestChatsUnfinished, chatStatus, id); err != nil {
			return fmt.Errorf("finish request chats: %w", err)
		}
		res, err := tx.ExecContext(ctx, requestFinish, status, at, id)
		if err != nil {
			return fmt.Errorf("finish request: %w", err)
		}
		n, _ := res.RowsAffected()
		done = n == 1
		if !done {
			return errNothingToDo
		}
		if announce == nil {
			return nil
		}
		req, err := historyRequest(ctx, tx, id)
		if err != nil {
			return err
		}
		return enqueueAll(ctx, tx, announce, req)
	})
	switch {
	case errors.Is(err, errNothingToDo):
		return false, nil
	case err != nil:
		return false, err
	}
	return done, nil
}

var errNothingToDo = errors.New("nothing to do")

// PeerRequestsSince returns when pages went to the phone after since (the
// hourly log, kept across restarts).
func (s *Store) PeerRequestsSince(ctx context.Context, since int64) ([]int64, error) {
	rows, err := s.r.QueryContext(ctx, peerSentSince, since)
	if err != nil {
		return nil, fmt.Errorf("peer requests: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var t int64
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
