package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/wasync/wasync/backend/domain"
)

// backfillRequestID marks the background backfill's pages in
// history_peer_requests, the log the hourly cap counts.
const backfillRequestID = "backfill"

const (
	backfillEnroll = `INSERT OR IGNORE INTO backfill_chats (chat_jid, last_ts)
		SELECT c.jid, c.last_message_ts FROM chats c WHERE c.more_on_phone = 1
		AND EXISTS (SELECT 1 FROM messages m WHERE m.chat_jid = c.jid)`
	backfillColumns = `b.chat_jid, ` + chatName + `, b.status, b.received, b.pages, b.attempts, b.session_id,
		b.sent_at_ms, b.last_ts, b.oldest_ts`
	backfillList = `SELECT ` + backfillColumns + ` FROM backfill_chats b LEFT JOIN chats c ON c.jid = b.chat_jid
		LEFT JOIN contacts ct ON ct.jid = c.jid LEFT JOIN contacts cl ON cl.jid = c.alt_jid
		ORDER BY b.last_ts DESC, b.chat_jid DESC`
	backfillBySession = `SELECT ` + backfillColumns + ` FROM backfill_chats b LEFT JOIN chats c ON c.jid = b.chat_jid
		LEFT JOIN contacts ct ON ct.jid = c.jid LEFT JOIN contacts cl ON cl.jid = c.alt_jid
		WHERE b.session_id = ? AND b.status = 'sent'`
	backfillUpdate = `UPDATE backfill_chats SET status = ?, received = ?, pages = ?, attempts = ?, session_id = ?,
		sent_at_ms = ?, oldest_ts = ? WHERE chat_jid = ?`
)

// EnrollBackfillChats adds every chat known to have more on the phone (and
// a stored message to continue from) that the backfill has not seen yet.
func (s *Store) EnrollBackfillChats(ctx context.Context) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, backfillEnroll); err != nil {
			return fmt.Errorf("enroll backfill chats: %w", err)
		}
		return nil
	})
}

// BackfillChats lists the backfill's chats, most recently active first.
func (s *Store) BackfillChats(ctx context.Context) ([]domain.BackfillChat, error) {
	return s.backfillChats(ctx, backfillList)
}

// BackfillChatBySession finds the chat whose page in flight was sent with
// message id session (the answer's peerDataRequestSessionID).
func (s *Store) BackfillChatBySession(ctx context.Context, session string) (domain.BackfillChat, bool, error) {
	if session == "" {
		return domain.BackfillChat{}, false, nil
	}
	cs, err := s.backfillChats(ctx, backfillBySession, session)
	if err != nil || len(cs) == 0 {
		return domain.BackfillChat{}, false, err
	}
	return cs[0], true, nil
}

func (s *Store) backfillChats(ctx context.Context, q string, args ...any) ([]domain.BackfillChat, error) {
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("backfill chats: %w", err)
	}
	defer rows.Close()
	var out []domain.BackfillChat
	for rows.Next() {
		var c domain.BackfillChat
		if err := rows.Scan(&c.ChatJID, &c.Name, &c.Status, &c.Received, &c.Pages, &c.Attempts, &c.SessionID,
			&c.SentAtMS, &c.LastTS, &c.OldestTS); err != nil {
			return nil, fmt.Errorf("scan backfill chat: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("backfill chats: %w", err)
	}
	return out, nil
}

// SaveBackfillChat saves a chat's backfill state and, in the same durable
// transaction, the events that report it.
func (s *Store) SaveBackfillChat(ctx context.Context, c domain.BackfillChat, evs []domain.OutboxEvent) error {
	return s.durableTx(ctx, func(tx *sql.Tx) error {
		if err := updateBackfillChat(ctx, tx, c); err != nil {
			return err
		}
		for _, ev := range evs {
			if _, err := enqueueWebhookEvent(ctx, tx, ev); err != nil {
				return err
			}
		}
		return nil
	})
}

func updateBackfillChat(ctx context.Context, tx *sql.Tx, c domain.BackfillChat) error {
	if _, err := tx.ExecContext(ctx, backfillUpdate, c.Status, c.Received, c.Pages, c.Attempts, c.SessionID,
		c.SentAtMS, c.OldestTS, c.ChatJID); err != nil {
		return fmt.Errorf("save backfill chat %s: %w", c.ChatJID, err)
	}
	return nil
}

// BookBackfillPage marks a backfill chat's page sent (c as it will be
// saved) and logs it against the hourly cap shared with POST /history/sync,
// if the cap has room after the pages that admitted requests still plan to
// send (a user's request goes first); else it changes nothing and says
// when a page will fit.
func (s *Store) BookBackfillPage(ctx context.Context, c domain.BackfillChat, sentAt int64, b domain.PeerBudget) (bool, int64, error) {
	var retryAt int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		sent, err := peerSent(ctx, tx, s.wq, b.Since)
		if err != nil {
			return err
		}
		var planned int
		if err := tx.QueryRowContext(ctx, peerPagesPlanned, domain.MaxPageCount, domain.MaxPageCount).Scan(&planned); err != nil {
			return fmt.Errorf("planned peer requests: %w", err)
		}
		if over := len(sent) + planned + 1 - b.Cap; over > 0 {
			retryAt = freedAt(sent, over, sentAt+3600)
			return errRefused
		}
		if err := updateBackfillChat(ctx, tx, c); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, peerPageInsert, backfillRequestID, c.ChatJID, sentAt); err != nil {
			return fmt.Errorf("log peer request: %w", err)
		}
		return nil
	})
	if errors.Is(err, errRefused) {
		return false, retryAt, nil
	}
	return err == nil, 0, err
}

// UnbookBackfillPage saves a backfill chat whose booked page (logged at
// sentAt) never went out, and takes that page off the hourly count.
func (s *Store) UnbookBackfillPage(ctx context.Context, c domain.BackfillChat, sentAt int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := updateBackfillChat(ctx, tx, c); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, peerPageDelete, backfillRequestID, c.ChatJID, sentAt); err != nil {
			return fmt.Errorf("unlog peer request: %w", err)
		}
		return nil
	})
}
