package wa

import (
	"context"
	"log/slog"
	"testing"

	"github.com/wasync/wasync/backend/store"
)

func TestDevicesShareTheDatabaseAndUpgradeTwice(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, dir, store.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	if _, err := OpenDevices(ctx, st.WhatsmeowDB(), log); err != nil {
		t.Fatal(err)
	}
	st.Close()
	st, err = store.Open(ctx, dir, store.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	d, err := OpenDevices(ctx, st.WhatsmeowDB(), log)
	if err != nil {
		t.Fatalf("second upgrade: %v", err)
	}
	dev, err := d.container.GetFirstDevice(ctx)
	if err != nil || dev.ID != nil {
		t.Fatalf("fresh store: device %v, %v", dev.ID, err)
	}
	var n int
	if err := st.WhatsmeowDB().QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'whatsmeow_%'`).Scan(&n); err != nil || n < 5 {
		t.Fatalf("whatsmeow tables in the wasync file: %d %v", n, err)
	}
}
