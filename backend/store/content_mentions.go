package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/wasync/wasync/backend/domain"
)

// mentionName is a mentioned person's shown name, in the order chat and
// sender names use: the address-book name, the business name, the push
// name, then the formatted phone number (a LID's known number, or the
// JID's own when it is a phone-number JID); "" when none is known.
const mentionName = `SELECT COALESCE(` + personNameParts + `,
	CASE WHEN COALESCE(pl.pn, v.voter_jid) LIKE '%@s.whatsapp.net'
		THEN '+' || substr(COALESCE(pl.pn, v.voter_jid), 1, instr(COALESCE(pl.pn, v.voter_jid), '@') - 1) END, '')
	FROM (SELECT ? AS voter_jid) v` + personJoins

// nameMentions fills c.MentionNames from the contacts known now.
func (s *Store) nameMentions(ctx context.Context, c *domain.MessageContent) error {
	if len(c.Mentions) == 0 {
		return nil
	}
	names := make(map[string]string, len(c.Mentions))
	for _, jid := range c.Mentions {
		var name string
		err := s.r.QueryRowContext(ctx, mentionName, jid).Scan(&name)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("name mention %s: %w", jid, err)
		}
		if name != "" {
			names[jid] = name
		}
	}
	if len(names) > 0 {
		c.MentionNames = names
	}
	return nil
}
