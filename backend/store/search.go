package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/wasync/wasync/backend/domain"
)

// Snippets mark matches with these control characters so clients can
// highlight without ever parsing HTML.
const (
	MarkStart = "\x02"
	MarkEnd   = "\x03"
)

const searchSelect = `SELECT m.chat_jid, ` + chatName + `, m.id, m.ts, ` + senderName + `,
		snippet(messages_fts, 0, char(2), char(3), '…', 16)
	FROM messages_fts
	JOIN messages m ON m.rowid = messages_fts.rowid
	LEFT JOIN chats c ON c.jid = m.chat_jid
	LEFT JOIN contacts ct ON ct.jid = c.jid
	LEFT JOIN contacts cl ON cl.jid = c.alt_jid` + senderJoins + `
	WHERE messages_fts MATCH ?1 AND `

// searchCandidates bounds the work of a broad query (one matching 100,000s
// of rows): the newest-first order is taken among the most recently stored
// matches. History arrives newest first, so for all but the broadest
// queries this is exactly newest first; sorting every match would cost
// about a microsecond per matching row.
const searchCandidates = 2000

const (
	// Phase one picks the result rows; phase two builds each one's snippet
	// with a rowid lookup (snippet needs the MATCH cursor, and computing it
	// for every candidate would cost more than the search).
	searchAll = `SELECT m.rowid FROM
		(SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?3) h
		JOIN messages m ON m.rowid = h.rowid
		ORDER BY m.ts DESC, m.id DESC LIMIT ?2`
	searchChat = `SELECT m.rowid FROM messages_fts JOIN messages m ON m.rowid = messages_fts.rowid
		WHERE messages_fts MATCH ?1 AND m.chat_jid = ?3
		ORDER BY m.ts DESC, m.id DESC LIMIT ?2`
	searchRow = searchSelect + `messages_fts.rowid = ?2`
)

// Search finds messages containing every word of q, newest first.
func (s *Store) Search(ctx context.Context, q domain.SearchQuery) (domain.SearchPage, error) {
	match := ftsQuery(q.Q)
	if match == "" {
		return domain.SearchPage{}, domain.Errorf(domain.CodeInvalid, "q must contain at least one word")
	}
	query, scope := searchAll, any(searchCandidates)
	if q.ChatJID != "" {
		chat, err := s.Chat(ctx, q.ChatJID)
		if err != nil {
			return domain.SearchPage{}, err
		}
		query, scope = searchChat, chat.JID
	}
	ids, err := s.searchIDs(ctx, query, match, domain.ClampLimit(q.Limit), scope)
	if err != nil {
		return domain.SearchPage{}, err
	}
	page := domain.SearchPage{Results: make([]domain.SearchResult, 0, len(ids))}
	for _, id := range ids {
		var r domain.SearchResult
		var ts int64
		err := s.r.QueryRowContext(ctx, searchRow, match, id).Scan(&r.ChatJID, &r.ChatName, &r.MessageID, &ts, &r.SenderName, &r.Snippet)
		if err != nil {
			return domain.SearchPage{}, fmt.Errorf("search result %d: %w", id, err)
		}
		r.Timestamp = rfc3339(ts)
		page.Results = append(page.Results, r)
	}
	return page, nil
}

func (s *Store) searchIDs(ctx context.Context, query, match string, limit int, scope any) ([]int64, error) {
	rows, err := s.r.QueryContext(ctx, query, match, limit, scope)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// ftsQuery turns user words into an FTS5 query that matches them all
// literally (each quoted, so operators and punctuation are inert). Words
// match whole: a prefix query without a prefix index materialises every
// matching row (hundreds of ms on a broad word in 1M messages).
func ftsQuery(q string) string {
	words := strings.Fields(q)
	parts := make([]string, 0, len(words))
	for _, w := range words {
		w = strings.ReplaceAll(w, `"`, `""`)
		parts = append(parts, `"`+w+`"`)
	}
	return strings.Join(parts, " ")
}
