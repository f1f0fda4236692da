package wa

import (
	"github.com/wasync/wasync/backend/internal/heapwatch"

	"context"
	"database/sql"
	"log/slog"
	"runtime"
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waHistorySync"
	"go.mau.fi/whatsmeow/types"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/store"
	"github.com/wasync/wasync/backend/wa/fakewa"
)

const benchOwner = "15550000000"

// benchHistory is a generated 100,000-message history, decoded (protobuf
// structs, as DownloadHistorySync returns them), in chunks of 10,000.
func benchHistory(b *testing.B) ([]*waHistorySync.HistorySync, *fakewa.History) {
	b.Helper()
	h := fakewa.GenerateHistory(fakewa.GenOpts{Seed: 1, Chats: 400, Groups: 100, MessagesPerChat: 200, ChunkMessages: 10_000,
		Owner: types.NewJID(benchOwner, types.DefaultUserServer)})
	return h.Chunks, h
}

// benchClient is a linked (never connected) client, enough to parse history.
func benchClient(b *testing.B, st *store.Store) (*Client, *whatsmeow.Client) {
	b.Helper()
	ctx := context.Background()
	devices, err := OpenDevices(ctx, st.WhatsmeowDB(), slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	dev, err := devices.container.GetFirstDevice(ctx)
	if err != nil {
		b.Fatal(err)
	}
	id := types.NewJID(benchOwner, types.DefaultUserServer)
	dev.ID = &id
	c := &Client{devices: devices, log: slog.New(slog.DiscardHandler), ctx: ctx}
	return c, whatsmeow.NewClient(dev, nil)
}

// BenchmarkIngestDecoded100k measures a 100,000-message sync from decoded
// history to committed, searchable rows (conversion, upserts, chats,
// reactions/edits/revokes, per-batch full-text index, one transaction per
// chunk), and, in the same run, a bare insert of the same rows with the
// same index (sub-benchmark "bare").
func BenchmarkIngestDecoded100k(b *testing.B) {
	chunks, h := benchHistory(b)
	ctx := context.Background()
	var rows [][]domain.StoredMessage
	b.Run("ingest", func(b *testing.B) {
		var peak uint64
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			st, err := store.Open(ctx, b.TempDir(), store.Options{})
			if err != nil {
				b.Fatal(err)
			}
			c, cli := benchClient(b, st)
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			base := ms.HeapInuse
			b.StartTimer()
			p := heapwatch.Peak(func() {
				for _, hs := range chunks {
					if _, err := st.ApplyHistory(ctx, 0, c.convertHistory(ctx, cli, hs)); err != nil {
						b.Fatal(err)
					}
				}
			})
			peak = max(peak, p-min(p, base))
			b.StopTimer()
			st.Close()
			b.StartTimer()
		}
		b.ReportMetric(float64(h.Total*b.N)/b.Elapsed().Seconds(), "msgs/s")
		b.ReportMetric(float64(peak)/(1<<20), "heap-growth-MB")
	})
	// The same rows, converted once up front, for the bare insert.
	{
		st, err := store.Open(ctx, b.TempDir(), store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		c, cli := benchClient(b, st)
		for _, hs := range chunks {
			rows = append(rows, c.convertHistory(ctx, cli, hs).Messages)
		}
		st.Close()
	}
	b.Run("bare", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			st, err := store.Open(ctx, b.TempDir(), store.Options{})
			if err != nil {
				b.Fatal(err)
			}
			db := st.WhatsmeowDB() // a plain pool on the same file
			b.StartTimer()
			for _, batch := range rows {
				if err := bareInsert(ctx, db, batch); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			st.Close()
			b.StartTimer()
		}
		b.ReportMetric(float64(h.Total*b.N)/b.Elapsed().Seconds(), "msgs/s")
	})
}

// bareInsert is the floor: plain inserts and the same per-batch FTS feed.
func bareInsert(ctx context.Context, db *sql.DB, batch []domain.StoredMessage) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`PRAGMA defer_foreign_keys = ON`); err != nil {
		return err
	}
	var before int64
	if err := tx.QueryRow(`SELECT COALESCE(MAX(rowid), 0) FROM messages`).Scan(&before); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, m := range batch {
		if !seen[m.ChatJID] {
			seen[m.ChatJID] = true
			if _, err := tx.Exec(`INSERT OR IGNORE INTO chats (jid) VALUES (?)`, m.ChatJID); err != nil {
				return err
			}
		}
	}
	ins, err := tx.Prepare(`INSERT INTO messages (chat_jid, id, sender_jid, sender_name, from_me, ts, type, text,
		media_kind, media_name, media_size, media_duration, quoted_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	for _, m := range batch {
		if _, err := ins.Exec(m.ChatJID, m.ID, m.SenderJID, m.SenderName, m.FromMe, m.Timestamp, m.Type, m.Text,
			m.MediaKind, m.MediaName, m.MediaSize, m.MediaDuration, m.QuotedID); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(`INSERT INTO messages_fts (rowid, text) SELECT rowid, text FROM messages WHERE rowid > ? AND text <> ''`, before); err != nil {
		return err
	}
	return tx.Commit()
}
