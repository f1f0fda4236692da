package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/wasync/wasync/backend/domain"
)

// An answer to an event is kept like a poll vote, in poll_votes (one row
// per message and person, the latest wins): its options column holds the
// one answer, ["going"], ["not_going"] or ["maybe"]. Like a vote, it may
// arrive before its event.

// applyEventResponse keeps a person's latest answer to an event.
func applyEventResponse(ctx context.Context, tx *sql.Tx, c domain.MessageChange) (bool, error) {
	b, _ := json.Marshal([]string{c.Response})
	if _, err := tx.ExecContext(ctx, pollVoteUpsert, c.ChatJID, c.TargetID, c.SenderJID, string(b), c.Timestamp); err != nil {
		return false, fmt.Errorf("store event response: %w", err)
	}
	return true, nil
}

// tallyEvent attaches everyone's latest answer to ev and counts them.
func (s *Store) tallyEvent(ctx context.Context, chat, id string, ev *domain.CalendarEvent) error {
	rows, err := s.r.QueryContext(ctx, pollVotesOf, chat, id)
	if err != nil {
		return fmt.Errorf("event responses: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r domain.EventResponse
		var opts string
		if err := rows.Scan(&r.Person, &opts, &r.Timestamp, &r.PersonName); err != nil {
			return fmt.Errorf("event responses: %w", err)
		}
		var answer []string
		_ = json.Unmarshal([]byte(opts), &answer)
		if len(answer) != 1 {
			continue
		}
		switch r.Response = answer[0]; r.Response {
		case domain.EventGoing:
			ev.Going++
		case domain.EventNotGoing:
			ev.NotGoing++
		case domain.EventMaybe:
			ev.Maybe++
		default:
			continue
		}
		ev.Responses = append(ev.Responses, r)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("event responses: %w", err)
	}
	return nil
}
