package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/wasync/wasync/backend/domain"
)

const (
	historyRequestsRecent = `SELECT id, status, requested, received, created_at, completed_at
		FROM history_requests ORDER BY created_at DESC, id DESC LIMIT ?`
	historyRequestChatsQuery = `SELECT chat_jid, status, requested, received, oldest_ts, more_on_phone
		FROM history_request_chats WHERE request_id = ? ORDER BY chat_jid`
)

const historyRequestOne = `SELECT id, status, requested, received, created_at, completed_at
	FROM history_requests WHERE id = ?`

// querier is a read pool or a transaction.
type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// HistoryRequest returns one on-demand request with its chats.
func (s *Store) HistoryRequest(ctx context.Context, id string) (domain.HistoryRequest, error) {
	return historyRequest(ctx, s.r, id)
}

func historyRequest(ctx context.Context, q querier, id string) (domain.HistoryRequest, error) {
	var r domain.HistoryRequest
	var created, completed int64
	err := q.QueryRowContext(ctx, historyRequestOne, id).Scan(&r.RequestID, &r.Status, &r.Requested, &r.Received, &created, &completed)
	if errors.Is(err, sql.ErrNoRows) {
		return r, domain.Errorf(domain.CodeNotFound, "no history request %s", id)
	}
	if err != nil {
		return r, fmt.Errorf("get history request: %w", err)
	}
	r.CreatedAt, r.CompletedAt = rfc3339(created), rfc3339(completed)
	r.Chats, err = historyRequestChats(ctx, q, id)
	return r, err
}

// HistoryRequests lists the most recent on-demand history requests.
func (s *Store) HistoryRequests(ctx context.Context, limit int) (domain.HistoryRequestList, error) {
	rows, err := s.r.QueryContext(ctx, historyRequestsRecent, domain.ClampLimit(limit))
	if err != nil {
		return domain.HistoryRequestList{}, fmt.Errorf("list history requests: %w", err)
	}
	out := domain.HistoryRequestList{Requests: []domain.HistoryRequest{}}
	for rows.Next() {
		var r domain.HistoryRequest
		var created, completed int64
		if err := rows.Scan(&r.RequestID, &r.Status, &r.Requested, &r.Received, &created, &completed); err != nil {
			rows.Close()
			return out, fmt.Errorf("scan history request: %w", err)
		}
		r.CreatedAt, r.CompletedAt = rfc3339(created), rfc3339(completed)
		out.Requests = append(out.Requests, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, fmt.Errorf("list history requests: %w", err)
	}
	for i := range out.Requests {
		if out.Requests[i].Chats, err = historyRequestChats(ctx, s.r, out.Requests[i].RequestID); err != nil {
			return out, err
		}
	}
	return out, nil
}

func historyRequestChats(ctx context.Context, q querier, id string) ([]domain.HistoryRequestChat, error) {
	rows, err := q.QueryContext(ctx, historyRequestChatsQuery, id)
	if err != nil {
		return nil, fmt.Errorf("list request chats: %w", err)
	}
	defer rows.Close()
	chats := []domain.HistoryRequestChat{}
	for rows.Next() {
		var c domain.HistoryRequestChat
		var oldest int64
		if err := rows.Scan(&c.ChatJID, &c.Status, &c.Requested, &c.Received, &oldest, &c.MoreOnPhone); err != nil {
			return nil, fmt.Errorf("scan request chat: %w", err)
		}
		c.OldestTimestamp = rfc3339(oldest)
		chats = append(chats, c)
	}
	return chats, rows.Err()
}
