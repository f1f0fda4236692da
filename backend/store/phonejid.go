package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/wasync/wasync/backend/domain"
)

const phoneJIDGet = `SELECT COALESCE(NULLIF(c.phone_jid, ''), c.jid) FROM chats c
	WHERE c.jid = ?1 OR c.alt_jid = ?1 OR c.jid = (SELECT pn FROM lid_map WHERE lid = ?1)`

// PhoneJID returns the JID the phone keys a chat by (the conversation id
// its history used), which on-demand history requests are anchored on; it
// is the chat's own JID when no history named it. chatJID may be either of
// the chat's JIDs.
func (s *Store) PhoneJID(ctx context.Context, chatJID string) (string, error) {
	var jid string
	err := s.r.QueryRowContext(ctx, phoneJIDGet, chatJID).Scan(&jid)
	if errors.Is(err, sql.ErrNoRows) {
		return "", domain.Errorf(domain.CodeNotFound, "no chat %s", chatJID)
	}
	if err != nil {
		return "", fmt.Errorf("phone jid of %s: %w", chatJID, err)
	}
	return jid, nil
}
