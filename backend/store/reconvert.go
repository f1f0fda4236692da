package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/wasync/wasync/backend/domain"
)

// A row is derived from its raw message by a converter of some version
// (message_raw.converter). When conversion changes, ReconvertMessages derives
// the rows again from what was kept. It is batched (one short write
// transaction per batch, so ingest goes on meanwhile) and idempotent: a row
// done is marked with the new version and never visited again.

// SettingConverterVersion is the settings key holding the converter version
// every stored row is known to be derived with.
const SettingConverterVersion = "converter_version"

const reconvertBatch = 500

const (
	reconvertRows = `SELECT r.rowid, r.raw, m.text, m.deleted, m.type, m.edit_count
		FROM message_raw r JOIN messages m ON m.rowid = r.rowid
		WHERE r.rowid > ? AND r.converter < ? ORDER BY r.rowid LIMIT ?`
	reconvertMessage = `UPDATE messages SET sender_jid = ?2, sender_alt_jid = ?3, sender_name = ?4, from_me = ?5, ts = ?6,
			type = ?7, text = CASE WHEN edit_count = 0 THEN ?8 ELSE text END, media_kind = ?9, media_name = ?10,
			media_size = ?11, media_duration = ?12, quoted_id = ?13, deleted = MAX(deleted, ?14), content = ?15
		WHERE rowid = ?1`
	reconvertOriginal = `UPDATE OR IGNORE message_versions SET text = ?2 WHERE message_rowid = ?1 AND original = 1`
	reconvertDone     = `UPDATE message_raw SET converter = ?2 WHERE rowid = ?1`
)

// Converter derives a row from a raw message; keep is false when the
// converter makes no row of it (the stored row is then left as it is).
type Converter func(raw []byte) (m domain.StoredMessage, keep bool, err error)

// ReconvertResult counts what a re-conversion pass did.
type ReconvertResult struct {
	Converted int // rows derived again
	Skipped   int // raw messages the converter makes no row of
	Failed    int // raw messages it could not convert: left for a later pass
}

type reconvertRow struct {
	rowid     int64
	raw       []byte
	text      string
	deleted   bool
	typ       string
	editCount int
}

// ReconvertMessages derives again, with convert, every row whose raw
// message was converted by a version older than version. A row keeps its
// chat, id, edits, flags and reactions; its content columns are replaced
// (for an edited row, its original version's text is).
func (s *Store) ReconvertMessages(ctx context.Context, version int, convert Converter) (ReconvertResult, error) {
	var res ReconvertResult
	var after int64
	for {
		batch, err := s.reconvertBatch(ctx, after, version)
		if err != nil || len(batch) == 0 {
			return res, err
		}
		after = batch[len(batch)-1].rowid
		err = s.tx(ctx, func(tx *sql.Tx) error {
			for _, r := range batch {
				if err := s.reconvertOne(ctx, tx, r, version, convert, &res); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return res, err
		}
	}
}

func (s *Store) reconvertBatch(ctx context.Context, after int64, version int) ([]reconvertRow, error) {
	rows, err := s.r.QueryContext(ctx, reconvertRows, after, version, reconvertBatch)
	if err != nil {
		return nil, fmt.Errorf("read raw messages: %w", err)
	}
	defer rows.Close()
	var out []reconvertRow
	for rows.Next() {
		var r reconvertRow
		if err := rows.Scan(&r.rowid, &r.raw, &r.text, &r.deleted, &r.typ, &r.editCount); err != nil {
			return nil, fmt.Errorf("read raw messages: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (s *Store) reconvertOne(ctx context.Context, tx *sql.Tx, r reconvertRow, version int, convert Converter, res *ReconvertResult) error {
	raw, err := s.raw.expand(r.raw)
	if err != nil {
		res.Failed++
		return nil
	}
	m, keep, err := convert(raw)
	switch {
	case err != nil:
		res.Failed++
		return nil
	case !keep:
		res.Skipped++
	default:
		if err := reindexed(ctx, tx, r, m); err != nil {
			return err
		}
		res.Converted++
	}
	if _, err := tx.ExecContext(ctx, reconvertDone, r.rowid, version); err != nil {
		return fmt.Errorf("reconvert message %d: %w", r.rowid, err)
	}
	return nil
}

// reindexed replaces a row's content with m, keeping the search index in
// step.
func reindexed(ctx context.Context, tx *sql.Tx, r reconvertRow, m domain.StoredMessage) error {
	wasIndexed := r.text != "" && !r.deleted && r.typ != domain.TypeWaiting
	if wasIndexed {
		if _, err := tx.ExecContext(ctx, ftsDelete, r.rowid, r.text); err != nil {
			return fmt.Errorf("reconvert message %d: %w", r.rowid, err)
		}
	}
	if _, err := tx.ExecContext(ctx, reconvertMessage, r.rowid, m.SenderJID, m.SenderAltJID, m.SenderName, m.FromMe, m.Timestamp,
		m.Type, m.Text, m.MediaKind, m.MediaName, m.MediaSize, m.MediaDuration, m.QuotedID, m.Deleted, contentJSON(m.Content)); err != nil {
		return fmt.Errorf("reconvert message %d: %w", r.rowid, err)
	}
	if r.editCount > 0 {
		if _, err := tx.ExecContext(ctx, reconvertOriginal, r.rowid, m.Text); err != nil {
			return fmt.Errorf("reconvert message %d: %w", r.rowid, err)
		}
	}
	if _, err := tx.ExecContext(ctx, ftsFeedOne, r.rowid); err != nil {
		return fmt.Errorf("reconvert message %d: %w", r.rowid, err)
	}
	return nil
}

// ReconvertIfOlder runs ReconvertMessages up to domain.ConverterVersion
// when the stored converter version (SettingConverterVersion) is older,
// then records the new version, so a startup with nothing to do costs one
// settings read. Rows that failed to convert keep the version recorded
// unchanged, so the next startup tries them again.
func (s *Store) ReconvertIfOlder(ctx context.Context, convert Converter) (ReconvertResult, error) {
	v, ok, err := s.Setting(ctx, SettingConverterVersion)
	if err != nil {
		return ReconvertResult{}, err
	}
	if stored, _ := strconv.Atoi(v); ok && stored >= domain.ConverterVersion {
		return ReconvertResult{}, nil
	}
	res, err := s.ReconvertMessages(ctx, domain.ConverterVersion, convert)
	if err != nil || res.Failed > 0 {
		return res, err
	}
	return res, s.SetSetting(ctx, SettingConverterVersion, strconv.Itoa(domain.ConverterVersion))
}
