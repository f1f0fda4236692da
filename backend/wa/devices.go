package wa

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"

	"go.mau.fi/whatsmeow/store/sqlstore"
)

// Devices is whatsmeow's device store running on wasync's database file.
type Devices struct {
	container *sqlstore.Container
}

// OpenDevices puts whatsmeow's sqlstore on db (a pool on the same SQLite
// file as wasync's tables, foreign keys on) and runs its schema upgrade.
func OpenDevices(ctx context.Context, db *sql.DB, log *slog.Logger) (*Devices, error) {
	c := sqlstore.NewWithDB(db, "sqlite3", NewLogger(log, "whatsmeow-store"))
	if err := c.Upgrade(ctx); err != nil {
		return nil, fmt.Errorf("upgrade whatsmeow store: %w", err)
	}
	return &Devices{container: c}, nil
}
