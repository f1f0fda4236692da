package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/wasync/wasync/backend/domain"
)

// chatJIDOf reads a stored chat's JID.
const chatJIDOf = `SELECT jid FROM chats WHERE jid = ?`

// PhoneJID returns the JID the phone keys a chat by, which on-demand
// requests are anchored on. Until chats record it separately this is the
// stored chat's own JID.
func (s *Store) PhoneJID(ctx context.Context, chatJID string) (string, error) {
	var jid string
	err := s.r.QueryRowContext(ctx, chatJIDOf, chatJID).Scan(&jid)
	if errors.Is(err, sql.ErrNoRows) {
		return "", domain.Errorf(domain.CodeNotFound, "chat %s not found", chatJID)
	}
	if err != nil {
		return "", fmt.Errorf("phone JID of %s: %w", chatJID, err)
	}
	return jid, nil
}
