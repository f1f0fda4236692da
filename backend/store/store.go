// Package store owns the SQLite database: the only SQL in wasync and the only
// importer of modernc.org/sqlite. One database file holds wasync's tables and
// whatsmeow's. Writes go through a single connection (one writer at a time,
// BEGIN IMMEDIATE); reads use a small read-only pool. WAL, foreign keys and a
// busy timeout are on for every connection.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// FileName is the database file's name inside the data folder.
const FileName = "wasync.db"

// Options tune how the database is opened.
type Options struct {
	// Synchronous is the synchronous pragma: NORMAL by default. FULL makes
	// every commit durable against power loss; OFF is for tests only.
	Synchronous string
}

// Store is the open database.
type Store struct {
	path string
	w    *sql.DB    // exactly one connection: the writer
	r    *sql.DB    // read-only pool
	rq   *stmtCache // prepared statements of r
	wq   *stmtCache // prepared statements of w
	wa   *sql.DB    // whatsmeow's own pool on the same file
	now  func() time.Time
	raw  *codec // compresses kept raw messages
}

// Open opens (creating if needed) the database in dir and applies pending
// migrations. A file that is not a SQLite database is reported as such and
// left untouched.
func Open(ctx context.Context, dir string, opts Options) (*Store, error) {
	path := filepath.Join(dir, FileName)
	if opts.Synchronous == "" {
		opts.Synchronous = "NORMAL"
	}
	if err := checkHeader(path); err != nil {
		return nil, err
	}
	s := &Store{path: path, now: time.Now, raw: newCodec()}
	var err error
	if s.w, err = openPool(path, opts, "&_txlock=immediate", 1); err != nil {
		return nil, err
	}
	if err := s.w.PingContext(ctx); err != nil {
		s.w.Close()
		return nil, describeOpenError(path, err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		s.w.Close()
		return nil, fmt.Errorf("make database private: %w", err)
	}
	if err := migrate(ctx, s.w); err != nil {
		s.w.Close()
		return nil, describeOpenError(path, err)
	}
	// Two readers per core: a request holds its reader across Go-side work
	// and scheduling delays, and 50 concurrent API callers queued on two
	// readers halved POST /history/sync's throughput (measured).
	readers := max(4, 2*runtime.NumCPU())
	if s.r, err = openPool(path, opts, "&_pragma=query_only(1)", readers); err != nil {
		s.w.Close()
		return nil, err
	}
	if err := s.prepare(ctx); err != nil {
		s.w.Close()
		s.r.Close()
		return nil, err
	}
	// whatsmeow's pool takes the write lock when a transaction begins, as
	// ours does: a deferred transaction that reads then writes (its
	// decrypted-event buffer does) fails with SQLITE_BUSY instead of waiting.
	if s.wa, err = openPool(path, opts, "&_txlock=immediate", 2); err != nil {
		s.w.Close()
		s.r.Close()
		return nil, err
	}
	return s, nil
}

func openPool(path string, opts Options, extra string, conns int) (*sql.DB, error) {
	dsn := "file:" + path +
		"?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
		"&_pragma=synchronous(" + opts.Synchronous + ")" + extra
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	db.SetConnMaxIdleTime(0)
	return db, nil
}

// sqliteMagic starts every SQLite 3 database file.
const sqliteMagic = "SQLite format 3\x00"

// checkHeader refuses a non-empty file that is not a SQLite database before
// the driver can touch it.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	defer f.Close()
	buf := make([]byte, len(sqliteMagic))
	n, _ := f.Read(buf)
	if n == 0 {
		return nil
	}
	if n < len(sqliteMagic) || string(buf) != sqliteMagic {
		return fmt.Errorf("database %s is not a SQLite database (corrupt or overwritten?); move it aside to start fresh, wasync left it untouched", path)
	}
	return nil
}

func describeOpenError(path string, err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
			return fmt.Errorf("database %s is corrupt; move it aside to start fresh, wasync left it untouched: %w", path, err)
		case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM:
			return fmt.Errorf("database %s cannot be written: %w", path, err)
		}
	}
	return fmt.Errorf("open database %s: %w", path, err)
}

// Path is the database file's path.
func (s *Store) Path() string { return s.path }

// WhatsmeowDB returns the pool whatsmeow's sqlstore runs on. It shares the
// file (and so WAL and busy timeout) with wasync's tables.
func (s *Store) WhatsmeowDB() *sql.DB { return s.wa }

// Close closes every pool.
func (s *Store) Close() error {
	return errors.Join(s.rq.close(), s.wq.close(), s.wa.Close(), s.r.Close(), s.w.Close())
}

// tx runs fn in a write transaction on the single writer connection.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	return inTx(ctx, s.w, fn)
}

// beginner is a pool or a connection that starts transactions.
type beginner interface {
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

// inTx runs fn in a transaction of b, committing if fn succeeds.
func inTx(ctx context.Context, b beginner, fn func(*sql.Tx) error) error {
	tx, err := b.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
