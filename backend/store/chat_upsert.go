package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/wasync/wasync/backend/domain"
)

// Chat state is per field: a NULL parameter (a nil pointer in ChatUpsert)
// leaves the stored value alone, so a sync that does not carry archived,
// pinned, muted or unread (an ON_DEMAND answer) never resets them. Each
// field also keeps when its value was true (?14, StateTS): a value stamped
// earlier than the stored one loses, so a history sync processed after a
// change made on the phone does not put the older state back.
const chatUpsert = `INSERT INTO chats (jid, alt_jid, phone_jid, name, is_group, archived, pinned, muted_until, unread,
		marked_unread, end_of_history, more_on_phone, updated_at, archived_ts, pinned_ts, muted_ts, unread_ts)
	VALUES (?1, (SELECT ?2 WHERE ?2 <> '' AND NOT EXISTS (SELECT 1 FROM chats WHERE alt_jid = ?2)), ?3, ?4, ?5, COALESCE(?6, 0), COALESCE(?7, 0), COALESCE(?8, 0), COALESCE(?9, 0),
		COALESCE(?10, 0), ?11, ?12, ?13,
		IIF(?6 IS NULL, 0, ?14), IIF(?7 IS NULL, 0, ?14), IIF(?8 IS NULL, 0, ?14), IIF(?9 IS NULL AND ?10 IS NULL, 0, ?14))
	ON CONFLICT (jid) DO UPDATE SET
		alt_jid = COALESCE(alt_jid, excluded.alt_jid),
		phone_jid = CASE WHEN excluded.phone_jid <> '' THEN excluded.phone_jid ELSE phone_jid END,
		name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE name END,
		is_group = MAX(is_group, excluded.is_group),
		archived = IIF(?6 IS NOT NULL AND ?14 >= archived_ts, ?6, archived),
		archived_ts = IIF(?6 IS NOT NULL AND ?14 >= archived_ts, ?14, archived_ts),
		pinned = IIF(?7 IS NOT NULL AND ?14 >= pinned_ts, ?7, pinned),
		pinned_ts = IIF(?7 IS NOT NULL AND ?14 >= pinned_ts, ?14, pinned_ts),
		muted_until = IIF(?8 IS NOT NULL AND ?14 >= muted_ts, ?8, muted_until),
		muted_ts = IIF(?8 IS NOT NULL AND ?14 >= muted_ts, ?14, muted_ts),
		unread = IIF(?9 IS NOT NULL AND ?14 >= unread_ts, ?9, unread),
		marked_unread = IIF(?10 IS NOT NULL AND ?14 >= unread_ts, ?10, marked_unread),
		unread_ts = IIF((?9 IS NOT NULL OR ?10 IS NOT NULL) AND ?14 >= unread_ts, ?14, unread_ts),
		end_of_history = CASE WHEN excluded.end_of_history <> 0 THEN excluded.end_of_history ELSE end_of_history END,
		more_on_phone = CASE WHEN excluded.end_of_history <> 0 THEN excluded.more_on_phone ELSE more_on_phone END,
		updated_at = excluded.updated_at`

// Names only get better: an empty field never clears one, and a push name
// replaces the stored one only when it is at least as recent (a push name
// of unknown time, TS 0, only fills an empty one).
const contactUpsert = `INSERT INTO contacts (jid, full_name, first_name, business_name, push_name, push_name_ts, updated_at)
	VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
	ON CONFLICT (jid) DO UPDATE SET
		full_name = CASE WHEN excluded.full_name <> '' THEN excluded.full_name ELSE full_name END,
		first_name = CASE WHEN excluded.first_name <> '' THEN excluded.first_name ELSE first_name END,
		business_name = CASE WHEN excluded.business_name <> '' THEN excluded.business_name ELSE business_name END,
		push_name = CASE WHEN ` + pushNameWins + ` THEN excluded.push_name ELSE push_name END,
		push_name_ts = CASE WHEN ` + pushNameWins + ` THEN MAX(push_name_ts, excluded.push_name_ts) ELSE push_name_ts END,
		updated_at = excluded.updated_at`

const pushNameWins = `(excluded.push_name <> '' AND (push_name = ''
		OR (excluded.push_name_ts > 0 AND excluded.push_name_ts >= push_name_ts)))`

// nullable turns an absent (nil) field into SQL NULL.
func nullable[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// upsertChats stores what the chunk says about its chats, each under the
// JID it resolves to, and marks them touched.
func upsertChats(ctx context.Context, tx *sql.Tx, ids *identities, chats []domain.ChatUpsert, now int64, touched map[string]bool) error {
	if len(chats) == 0 {
		return nil
	}
	st, err := tx.PrepareContext(ctx, chatUpsert)
	if err != nil {
		return fmt.Errorf("prepare: %w", err)
	}
	defer st.Close()
	for _, ch := range chats {
		jid, err := ids.chat(ctx, ch.JID)
		if err != nil {
			return err
		}
		alt := ""
		if lid, pn, ok := lidPair(ch.JID, ch.AltJID); ok && pn == jid {
			alt = lid
		}
		if _, err := st.ExecContext(ctx, jid, alt, ch.PhoneJID, ch.Name, ch.IsGroup, nullable(ch.Archived), nullable(ch.Pinned),
			nullable(ch.MutedUntil), nullable(ch.Unread), nullable(ch.MarkedUnread), ch.EndOfHistory, ch.MoreOnPhone, now, ch.StateTS); err != nil {
			return fmt.Errorf("upsert chat %s: %w", jid, err)
		}
		touched[jid] = true
	}
	return nil
}

// upsertContacts stores names, each under the JID the person resolves to.
func upsertContacts(ctx context.Context, tx *sql.Tx, ids *identities, contacts []domain.Contact, now int64) error {
	if len(contacts) == 0 {
		return nil
	}
	st, err := tx.PrepareContext(ctx, contactUpsert)
	if err != nil {
		return fmt.Errorf("prepare: %w", err)
	}
	defer st.Close()
	for _, ct := range contacts {
		jid, err := ids.chat(ctx, ct.JID)
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(ctx, jid, ct.FullName, ct.FirstName, ct.BusinessName, ct.PushName, ct.PushNameTS, now); err != nil {
			return fmt.Errorf("upsert contact %s: %w", jid, err)
		}
	}
	return nil
}
