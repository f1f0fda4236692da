package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/wasync/wasync/backend/domain"
)

// The anti-ban limits are checked and booked inside the transaction that
// acts on them, on the single writer: concurrent callers cannot both pass
// a check before either books.
const (
	peerSentIn = `SELECT sent_at FROM history_peer_requests WHERE sent_at > ? ORDER BY sent_at`
	// Pages of pending requests not sent yet: each chat plans
	// ceil(requested/50) pages and has sent `pages` of them.
	peerPagesPlanned = `SELECT COALESCE(SUM(MAX(0, (rc.requested + ? - 1) / ? - rc.pages)), 0)
		FROM history_request_chats rc JOIN history_requests r ON r.id = rc.request_id
		WHERE r.status = 'pending' AND rc.status IN ('queued', 'sent')`
	peerPageInsert = `INSERT INTO history_peer_requests (request_id, chat_jid, sent_at) VALUES (?, ?, ?)`
	peerPageDelete = `DELETE FROM history_peer_requests WHERE id IN (SELECT id FROM history_peer_requests
		WHERE request_id = ? AND chat_jid = ? AND sent_at = ? ORDER BY id DESC LIMIT 1)`
)

// errRefused rolls back a transaction whose check said no.
var errRefused = errors.New("refused by the limits")

func peerSent(ctx context.Context, tx *sql.Tx, q *stmtCache, since int64) ([]int64, error) {
	st, err := q.in(ctx, tx, peerSentIn)
	if err != nil {
		return nil, fmt.Errorf("peer requests: %w", err)
	}
	rows, err := st.QueryContext(ctx, since)
	if err != nil {
		return nil, fmt.Errorf("peer requests: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var t int64
		if err := rows.Scan(&t); err != nil {
			return nil, fmt.Errorf("scan peer request: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("peer requests: %w", err)
	}
	return out, nil
}

// freedAt says when `over` more pages fit: when the over-th oldest page
// sent in the window leaves it; fallback when fewer were sent.
func freedAt(sent []int64, over int, fallback int64) int64 {
	if over >= 1 && over <= len(sent) {
		return sent[over-1] + 3600
	}
	return fallback
}

// AdmitHistoryRequest records a request and its chats, all queued, if the
// limits allow it: no chat may have a pending request already (with
// skipBusy, such chats are left out and listed in Skipped instead, unless
// all are), and the pages sent in the budget's hour plus those planned by
// pending requests plus this one's (pagesPerChat for each admitted chat)
// must fit the cap. The answer says why not; BusyUntil is then the earliest
// deadline of the requests in the way.
func (s *Store) AdmitHistoryRequest(ctx context.Context, id string, chats []domain.RequestChat, pagesPerChat int, created, deadline int64, b domain.PeerBudget, skipBusy bool) (domain.Admission, error) {
	var adm domain.Admission
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if adm, err = checkAdmission(ctx, tx, s.wq, chats, pagesPerChat, created, b, skipBusy); err != nil {
			return err
		}
		if !adm.Accepted {
			return errRefused
		}
		return insertHistoryRequest(ctx, tx, id, adm.Chats, created, deadline)
	})
	if errors.Is(err, errRefused) {
		return adm, nil
	}
	if err != nil {
		return domain.Admission{}, err
	}
	return adm, nil
}

// PreviewHistoryAdmission runs AdmitHistoryRequest's checks on one read
// snapshot, without the writer and writing nothing. A refusal is final: the
// snapshot is a committed state, so a refusal is the answer an admission
// serialised at that instant would have given, and callers answer it
// without AdmitHistoryRequest. An acceptance proves nothing (another
// caller may book first): only AdmitHistoryRequest admits.
func (s *Store) PreviewHistoryAdmission(ctx context.Context, chats []domain.RequestChat, pagesPerChat int, created int64, b domain.PeerBudget, skipBusy bool) (domain.Admission, error) {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return domain.Admission{}, fmt.Errorf("begin read: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	return checkAdmission(ctx, tx, s.rq, chats, pagesPerChat, created, b, skipBusy)
}

// checkAdmission is the limits' test inside tx: Accepted when the request
// fits, else why not.
func checkAdmission(ctx context.Context, tx *sql.Tx, q *stmtCache, chats []domain.RequestChat, pagesPerChat int, created int64, b domain.PeerBudget, skipBusy bool) (domain.Admission, error) {
	var adm domain.Admission
	active, err := q.in(ctx, tx, requestActiveForChat)
	if err != nil {
		return adm, fmt.Errorf("active request: %w", err)
	}
	for _, c := range chats {
		var busy string
		var until int64
		err := active.QueryRowContext(ctx, c.ChatJID).Scan(&busy, &until)
		switch {
		case err == nil:
			if adm.BusyChat == "" || until < adm.BusyUntil {
				adm.BusyChat, adm.BusyUntil = c.ChatJID, until
			}
			if !skipBusy {
				return adm, nil
			}
			adm.Skipped = append(adm.Skipped, c.ChatJID)
		case errors.Is(err, sql.ErrNoRows):
			adm.Chats = append(adm.Chats, c)
		default:
			return adm, fmt.Errorf("active request: %w", err)
		}
	}
	if len(adm.Chats) == 0 {
		return adm, nil
	}
	adm.BusyChat, adm.BusyUntil = "", 0
	pages := len(adm.Chats) * pagesPerChat
	sent, err := peerSent(ctx, tx, q, b.Since)
	if err != nil {
		return adm, err
	}
	planned, err := q.in(ctx, tx, peerPagesPlanned)
	if err != nil {
		return adm, fmt.Errorf("planned peer requests: %w", err)
	}
	var n int
	if err := planned.QueryRowContext(ctx, domain.MaxPageCount, domain.MaxPageCount).Scan(&n); err != nil {
		return adm, fmt.Errorf("planned peer requests: %w", err)
	}
	if over := len(sent) + n + pages - b.Cap; over > 0 || pages > b.Cap {
		adm.RetryAt = freedAt(sent, over, created+3600)
		return adm, nil
	}
	adm.Accepted = true
	return adm, nil
}

// BookPeerPage marks a request chat's page sent (c as it will be saved,
// c.SentAt the send time) and logs the page against the hourly cap, if the
// cap has room; else it changes nothing and says when it will have room.
func (s *Store) BookPeerPage(ctx context.Context, c domain.RequestChat, b domain.PeerBudget) (bool, int64, error) {
	var retryAt int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		sent, err := peerSent(ctx, tx, s.wq, b.Since)
		if err != nil {
			return err
		}
		if over := len(sent) + 1 - b.Cap; over > 0 {
			retryAt = freedAt(sent, over, c.SentAt+3600)
			return errRefused
		}
		if err := updateRequestChat(ctx, tx, c); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, peerPageInsert, c.RequestID, c.ChatJID, c.SentAt); err != nil {
			return fmt.Errorf("log peer request: %w", err)
		}
		return nil
	})
	if errors.Is(err, errRefused) {
		return false, retryAt, nil
	}
	return err == nil, 0, err
}

// UnbookPeerPage saves a request chat whose booked page (sent at sentAt)
// never went out, and takes that page off the hourly count.
func (s *Store) UnbookPeerPage(ctx context.Context, c domain.RequestChat, sentAt int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := updateRequestChat(ctx, tx, c); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, peerPageDelete, c.RequestID, c.ChatJID, sentAt); err != nil {
			return fmt.Errorf("unlog peer request: %w", err)
		}
		return nil
	})
}
