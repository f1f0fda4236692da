package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// stmtCache holds one pool's prepared statements for the queries on hot
// paths, by their SQL. A plain query is parsed again on every call (with
// modernc's parser about a fifth of a small query's cost); a *sql.Stmt is
// prepared once per connection and reused. The set is fixed when the
// store opens: preparing later would need a connection of the pool, which
// a caller inside a transaction on the single writer would wait for
// forever. Queries outside the set run unprepared.
type stmtCache struct {
	db *sql.DB
	m  map[string]*sql.Stmt
}

// newStmtCache prepares queries on db.
func newStmtCache(ctx context.Context, db *sql.DB, queries ...string) (*stmtCache, error) {
	c := &stmtCache{db: db, m: make(map[string]*sql.Stmt, len(queries))}
	for _, q := range queries {
		st, err := db.PrepareContext(ctx, q)
		if err != nil {
			return nil, errors.Join(fmt.Errorf("prepare statement: %w", err), c.close())
		}
		c.m[q] = st
	}
	return c, nil
}

// in returns query's statement bound to tx: prepared on tx's connection
// once for all transactions on it when query is in the set, else for tx
// alone.
func (c *stmtCache) in(ctx context.Context, tx *sql.Tx, query string) (*sql.Stmt, error) {
	if st, ok := c.m[query]; ok {
		return tx.StmtContext(ctx, st), nil
	}
	st, err := tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("prepare statement: %w", err)
	}
	return st, nil
}

// query runs query on the pool, prepared when it is in the set.
func (c *stmtCache) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st, ok := c.m[query]; ok {
		return st.QueryContext(ctx, args...)
	}
	return c.db.QueryContext(ctx, query, args...)
}

// queryRow is query for a single row.
func (c *stmtCache) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if st, ok := c.m[query]; ok {
		return st.QueryRowContext(ctx, args...)
	}
	return c.db.QueryRowContext(ctx, query, args...)
}

// close closes every statement; the pool is closed after it.
func (c *stmtCache) close() error {
	var errs []error
	for _, st := range c.m {
		errs = append(errs, st.Close())
	}
	return errors.Join(errs...)
}
