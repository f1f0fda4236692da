package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/wasync/wasync/backend/domain"
)

// applyGroups replaces each group's subject (when WhatsApp gave one),
// description and participants, creating the chat if it is new.
func applyGroups(ctx context.Context, tx *sql.Tx, groups []domain.GroupInfo, now int64) error {
	for _, g := range groups {
		if _, err := tx.ExecContext(ctx, `INSERT INTO chats (jid, is_group, updated_at) VALUES (?1, 1, ?2)
			ON CONFLICT (jid) DO NOTHING`, g.JID, now); err != nil {
			return fmt.Errorf("group %s: %w", g.JID, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE chats SET name = CASE WHEN ?2 = '' THEN name ELSE ?2 END,
			description = ?3, is_group = 1, group_info_at = ?4, updated_at = ?4 WHERE jid = ?1`,
			g.JID, g.Subject, g.Description, now); err != nil {
			return fmt.Errorf("group %s: %w", g.JID, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM group_participants WHERE group_jid = ?`, g.JID); err != nil {
			return fmt.Errorf("group %s participants: %w", g.JID, err)
		}
		for _, p := range g.Participants {
			if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO group_participants (group_jid, jid, admin)
				VALUES (?, ?, ?)`, g.JID, p.JID, p.Admin); err != nil {
				return fmt.Errorf("group %s participant: %w", g.JID, err)
			}
		}
	}
	return nil
}

// GroupsWithoutInfo lists up to limit groups never asked about, most
// recently active first.
func (s *Store) GroupsWithoutInfo(ctx context.Context, limit int) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT jid FROM chats WHERE is_group = 1 AND group_info_at = 0
		ORDER BY last_message_ts DESC, jid DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("groups without info: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var jid string
		if err := rows.Scan(&jid); err != nil {
			return nil, fmt.Errorf("groups without info: %w", err)
		}
		out = append(out, jid)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("groups without info: %w", err)
	}
	return out, nil
}

// MarkGroupAsked records that a group was asked about though WhatsApp
// gave nothing (this account left it), so it is not asked again at once.
func (s *Store) MarkGroupAsked(ctx context.Context, jid string) error {
	if _, err := s.w.ExecContext(ctx, `UPDATE chats SET group_info_at = ? WHERE jid = ?`, s.now().Unix(), jid); err != nil {
		return fmt.Errorf("mark group %s asked: %w", jid, err)
	}
	return nil
}

// groupParticipants lists a group's participants with their shown names
// (as names.go orders them), admins first.
const groupParticipants = `SELECT p.jid, p.admin, COALESCE(NULLIF(sp.full_name, ''), NULLIF(sc.full_name, ''),
	NULLIF(sp.business_name, ''), NULLIF(sc.business_name, ''), NULLIF(sp.push_name, ''), NULLIF(sc.push_name, ''), '')
	FROM group_participants p
	LEFT JOIN lid_map sl ON sl.lid = p.jid
	LEFT JOIN contacts sp ON sp.jid = COALESCE(sl.pn, p.jid)
	LEFT JOIN contacts sc ON sc.jid = p.jid AND sl.pn IS NOT NULL
	WHERE p.group_jid = ? ORDER BY p.admin DESC, p.jid`

// GroupParticipants returns a group's stored participants.
func (s *Store) GroupParticipants(ctx context.Context, group string) ([]domain.GroupParticipant, error) {
	rows, err := s.r.QueryContext(ctx, groupParticipants, group)
	if err != nil {
		return nil, fmt.Errorf("group participants: %w", err)
	}
	defer rows.Close()
	out := []domain.GroupParticipant{}
	for rows.Next() {
		var p domain.GroupParticipant
		if err := rows.Scan(&p.JID, &p.Admin, &p.Name); err != nil {
			return nil, fmt.Errorf("group participants: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("group participants: %w", err)
	}
	return out, nil
}

// chatDetail adds what only one chat's view carries: a group's description
// and participants.
func (s *Store) chatDetail(ctx context.Context, c domain.Chat) (domain.Chat, error) {
	if !c.IsGroup {
		return c, nil
	}
	if err := s.r.QueryRowContext(ctx, `SELECT description FROM chats WHERE jid = ?`, c.JID).Scan(&c.Description); err != nil {
		return c, fmt.Errorf("chat %s description: %w", c.JID, err)
	}
	ps, err := s.GroupParticipants(ctx, c.JID)
	if err != nil {
		return c, err
	}
	c.Participants = ps
	return c, nil
}
