package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/wasync/wasync/backend/domain"
)

// A message's typed content (domain.MessageContent) is one JSON column.
// Some parts are completed at read time, because what they show changes
// after the row is stored: a poll's tally and an event's answers (votes and
// answers arrive later, the latest per person wins), and the names in a system notice and of the people a
// text mentions (contacts get names).

const (
	pollVoteUpsert = `INSERT INTO poll_votes (chat_jid, poll_id, voter_jid, options, ts) VALUES (?1, ?2, ?3, ?4, ?5)
		ON CONFLICT (chat_jid, poll_id, voter_jid) DO UPDATE SET options = excluded.options, ts = excluded.ts
		WHERE excluded.ts >= poll_votes.ts`
	pollVotesOf = `SELECT v.voter_jid, v.options, v.ts, ` + personName + ` FROM poll_votes v` + personJoins + `
		WHERE v.chat_jid = ? AND v.poll_id = ? ORDER BY v.ts`
	nameOf = `SELECT ` + personName + ` FROM (SELECT ? AS voter_jid) v` + personJoins
)

// personJoins joins the contact rows of v.voter_jid (by phone number when
// it is a LID with a known number); personName is the shown name.
const (
	personJoins = ` LEFT JOIN lid_map pl ON pl.lid = v.voter_jid
	LEFT JOIN contacts pc ON pc.jid = COALESCE(pl.pn, v.voter_jid)`
	personNameParts = `NULLIF(pc.full_name, ''), NULLIF(pc.business_name, ''), NULLIF(pc.push_name, '')`
	personName      = `COALESCE(` + personNameParts + `, '')`
)

// contentJSON is the stored form of c (NULL when it carries nothing).
func contentJSON(c *domain.MessageContent) any {
	if c.IsZero() {
		return nil
	}
	b, err := json.Marshal(c)
	if err != nil {
		return nil
	}
	return string(b)
}

// parseContent reads a stored content; a value that does not parse is
// dropped (the raw message still has everything).
func parseContent(s string) *domain.MessageContent {
	var c domain.MessageContent
	if json.Unmarshal([]byte(s), &c) != nil {
		return nil
	}
	return &c
}

// applyPollVote keeps a voter's latest vote on a poll, whether or not the
// poll is stored yet.
func applyPollVote(ctx context.Context, tx *sql.Tx, c domain.MessageChange) (bool, error) {
	opts := c.Options
	if opts == nil {
		opts = []string{}
	}
	b, _ := json.Marshal(opts)
	if _, err := tx.ExecContext(ctx, pollVoteUpsert, c.ChatJID, c.TargetID, c.SenderJID, string(b), c.Timestamp); err != nil {
		return false, fmt.Errorf("store poll vote: %w", err)
	}
	return true, nil
}

// enrichContent fills the read-time parts of msgs' contents: poll tallies,
// event answers and the names in system notices and of mentioned people.
func (s *Store) enrichContent(ctx context.Context, chat string, msgs []domain.Message) error {
	for i := range msgs {
		c := msgs[i].Content
		if c == nil {
			continue
		}
		if err := s.nameMentions(ctx, c); err != nil {
			return err
		}
		if c.Poll != nil {
			if err := s.tallyPoll(ctx, chat, msgs[i].ID, c.Poll); err != nil {
				return err
			}
		}
		if c.CalendarEvent != nil && msgs[i].Type == "event" {
			if err := s.tallyEvent(ctx, chat, msgs[i].ID, c.CalendarEvent); err != nil {
				return err
			}
		}
		if sys := c.System; sys != nil {
			sys.Names = map[string]string{}
			for _, jid := range append([]string{sys.Actor}, sys.Targets...) {
				if jid == "" {
					continue
				}
				var name string
				err := s.r.QueryRowContext(ctx, nameOf, jid).Scan(&name)
				if err != nil && !errors.Is(err, sql.ErrNoRows) {
					return fmt.Errorf("name %s: %w", jid, err)
				}
				if name != "" {
					sys.Names[jid] = name
				}
			}
			if msgs[i].Type == "system" || msgs[i].Type == "call" {
				msgs[i].Text = domain.SystemText(sys, msgs[i].FromMe)
			}
		}
	}
	return nil
}

// tallyPoll attaches every voter's latest vote to p and counts the votes
// per option.
func (s *Store) tallyPoll(ctx context.Context, chat, id string, p *domain.Poll) error {
	rows, err := s.r.QueryContext(ctx, pollVotesOf, chat, id)
	if err != nil {
		return fmt.Errorf("poll votes: %w", err)
	}
	defer rows.Close()
	byHash := make(map[string]int, len(p.Options))
	for i, o := range p.Options {
		byHash[o.Hash] = i
	}
	var votes []domain.PollVote
	for rows.Next() {
		var v domain.PollVote
		var opts string
		if err := rows.Scan(&v.Voter, &opts, &v.Timestamp, &v.VoterName); err != nil {
			return fmt.Errorf("poll votes: %w", err)
		}
		var hashes []string
		_ = json.Unmarshal([]byte(opts), &hashes)
		v.Options = []string{}
		for _, h := range hashes {
			if i, ok := byHash[h]; ok {
				p.Options[i].Count++
				v.Options = append(v.Options, p.Options[i].Name)
			}
		}
		votes = append(votes, v)
	}
	if len(votes) > 0 {
		p.Votes = votes
	}
	return rows.Err()
}
