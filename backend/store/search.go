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

const searchQuery = `SELECT m.chat_jid,
		COALESCE(NULLIF(c.name, ''), NULLIF(cc.full_name, ''), NULLIF(cc.push_name, ''), ''), m.id, m.ts,
		COALESCE(NULLIF(m.sender_name, ''), NULLIF(sc.full_name, ''), NULLIF(sc.push_name, ''), ''),
		snippet(messages_fts, 0, char(2), char(3), '…', 16)
	FROM messages_fts
	JOIN messages m ON m.rowid = messages_fts.rowid
	LEFT JOIN chats c ON c.jid = m.chat_jid
	LEFT JOIN contacts cc ON cc.jid = m.chat_jid
	LEFT JOIN contacts sc ON sc.jid = m.sender_jid
	WHERE messages_fts MATCH ?1 AND (?2 = '' OR m.chat_jid = ?2)
	ORDER BY m.ts DESC, m.id DESC LIMIT ?3`

// Search finds messages containing every word of q, newest first.
func (s *Store) Search(ctx context.Context, q domain.SearchQuery) (domain.SearchPage, error) {
	match := ftsQuery(q.Q)
	if match == "" {
		return domain.SearchPage{}, domain.Errorf(domain.CodeInvalid, "q must contain at least one word")
	}
	rows, err := s.r.QueryContext(ctx, searchQuery, match, q.ChatJID, domain.ClampLimit(q.Limit))
	if err != nil {
		return domain.SearchPage{}, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	page := domain.SearchPage{Results: []domain.SearchResult{}}
	for rows.Next() {
		var r domain.SearchResult
		var ts int64
		if err := rows.Scan(&r.ChatJID, &r.ChatName, &r.MessageID, &ts, &r.SenderName, &r.Snippet); err != nil {
			return domain.SearchPage{}, fmt.Errorf("scan search result: %w", err)
		}
		r.Timestamp = rfc3339(ts)
		page.Results = append(page.Results, r)
	}
	return page, rows.Err()
}

// ftsQuery turns user words into an FTS5 query that matches them all
// literally (each quoted, so operators and punctuation are inert), the last
// one as a prefix so results show while typing.
func ftsQuery(q string) string {
	words := strings.Fields(q)
	parts := make([]string, 0, len(words))
	for _, w := range words {
		w = strings.ReplaceAll(w, `"`, `""`)
		parts = append(parts, `"`+w+`"`)
	}
	if len(parts) == 0 {
		return ""
	}
	parts[len(parts)-1] += "*"
	return strings.Join(parts, " ")
}
