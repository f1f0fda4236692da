package store

import (
	"github.com/wasync/wasync/backend/internal/heapwatch"

	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/wasync/wasync/backend/domain"
)

// benchChunks makes total messages over chats chats, in chunks of per
// messages, the way a phone sends a history sync.
func benchChunks(total, chats, per int) []domain.HistoryChunk {
	var out []domain.HistoryChunk
	words := []string{"meeting", "tomorrow", "photo", "dinner", "holiday", "invoice", "birthday", "train", "coffee", "weekend"}
	for start := 0; start < total; start += per {
		c := domain.HistoryChunk{SyncType: domain.SyncFull}
		for i := start; i < min(start+per, total); i++ {
			chat := fmt.Sprintf("%d@s.whatsapp.net", 10000+i%chats)
			c.Messages = append(c.Messages, domain.StoredMessage{
				ChatJID: chat, ID: fmt.Sprintf("3EB0%012d", i), SenderJID: chat, SenderName: "Sender",
				Timestamp: int64(1_600_000_000 + i*7), Type: "text",
				Text: fmt.Sprintf("message %d about the %s and the %s, see you at %d", i, words[i%10], words[(i/10)%10], i%24),
			})
		}
		out = append(out, c)
	}
	return out
}

// BenchmarkIngest100k stores a 100,000-message sync (10 chunks of 10,000,
// as decoded rows) through ApplyHistory: upsert, per-batch FTS, last-message
// bookkeeping, one transaction per chunk. raw=no stores rows only, raw=yes
// also keeps each message's raw protobuf (about 300 bytes, compressed), in
// the same run. Besides msgs/s and the peak heap it reports the database
// size per message (after a WAL checkpoint): times a million for the size
// per million messages. Compare with BenchmarkBareInsert100k.
func BenchmarkIngest100k(b *testing.B) {
	b.Run("raw=no", func(b *testing.B) {
		benchIngest(b, benchChunks(100_000, 500, 10_000))
	})
	b.Run("raw=yes", func(b *testing.B) {
		rawSize, chunks := withRaw(benchChunks(100_000, 500, 10_000))
		b.ReportMetric(float64(rawSize), "raw-bytes/msg")
		benchIngest(b, chunks)
	})
}

func benchIngest(b *testing.B, chunks []domain.HistoryChunk) {
	ctx := context.Background()
	var peak uint64
	var size int64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dir := b.TempDir()
		s, err := Open(ctx, dir, Options{})
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		b.StartTimer()
		p := heapwatch.Peak(func() {
			for _, c := range chunks {
				if _, err := s.ApplyHistory(ctx, 0, c); err != nil {
					b.Fatal(err)
				}
			}
		})
		peak = max(peak, p)
		b.StopTimer()
		if _, err := s.w.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			b.Fatal(err)
		}
		s.Close()
		if size, err = dirSize(dir); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(100_000*b.N)/b.Elapsed().Seconds(), "msgs/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(size)/100_000, "db-bytes/msg")
}

// dirSize adds up the sizes of the files in dir (database, WAL, shm).
func dirSize(dir string) (int64, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	var n int64
	for _, e := range entries {
		info, err := e.Info()
		if err != nil {
			return 0, err
		}
		n += info.Size()
	}
	return n, nil
}

// BenchmarkBareInsert100k inserts the same rows with the same index and the
// same transactions, but nothing else: no upsert, chats or bookkeeping.
func BenchmarkBareInsert100k(b *testing.B) {
	chunks := benchChunks(100_000, 500, 10_000)
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, err := Open(ctx, b.TempDir(), Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.w.Exec(`PRAGMA foreign_keys = OFF`); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for _, c := range chunks {
			err := s.tx(ctx, func(tx *sql.Tx) error {
				var before int64
				if err := tx.QueryRow(maxMessageRowid).Scan(&before); err != nil {
					return err
				}
				st, err := tx.Prepare(`INSERT INTO messages (chat_jid, id, sender_jid, sender_name, from_me, ts, type, text,
					media_kind, media_name, media_size, media_duration, quoted_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
				if err != nil {
					return err
				}
				defer st.Close()
				for _, m := range c.Messages {
					if _, err := st.Exec(m.ChatJID, m.ID, m.SenderJID, m.SenderName, m.FromMe, m.Timestamp, m.Type, m.Text,
						m.MediaKind, m.MediaName, m.MediaSize, m.MediaDuration, m.QuotedID); err != nil {
						return err
					}
				}
				_, err = tx.Exec(ftsFeed, before)
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(100_000*b.N)/b.Elapsed().Seconds(), "msgs/s")
}

var (
	bigOnce sync.Once
	bigDir  string
	bigErr  error
)

// bigStore is a 1,000,000-message database in 5,000 chats, built once per
// benchmark process (in WASYNC_BENCH_DB if set, to reuse it across runs).
func bigStore(b *testing.B) *Store {
	b.Helper()
	bigOnce.Do(func() {
		bigDir = os.Getenv("WASYNC_BENCH_DB")
		if bigDir == "" {
			bigDir, bigErr = os.MkdirTemp("", "wasync-bench-1m-")
			if bigErr != nil {
				return
			}
		}
		if _, err := os.Stat(filepath.Join(bigDir, FileName)); err == nil {
			return
		}
		s, err := Open(context.Background(), bigDir, Options{})
		if err != nil {
			bigErr = err
			return
		}
		defer s.Close()
		for _, c := range benchChunks(1_000_000, 5_000, 20_000) {
			if _, err := s.ApplyHistory(context.Background(), 0, c); err != nil {
				bigErr = err
				return
			}
		}
	})
	if bigErr != nil {
		b.Fatal(bigErr)
	}
	s, err := Open(context.Background(), bigDir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// timed runs op b.N times and reports p50 and p99 besides the mean.
func timed(b *testing.B, op func(i int) error) {
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if err := op(i); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}

func BenchmarkChatList1M(b *testing.B) {
	s := bigStore(b)
	ctx := context.Background()
	timed(b, func(int) error {
		p, err := s.Chats(ctx, domain.ChatQuery{Limit: 50})
		if err == nil && len(p.Chats) != 50 {
			err = fmt.Errorf("got %d chats", len(p.Chats))
		}
		return err
	})
}

func BenchmarkMessagePage1M(b *testing.B) {
	s := bigStore(b)
	ctx := context.Background()
	// Walk deep into chats: first page, then a page from the middle.
	cursors := map[int]string{}
	timed(b, func(i int) error {
		chat := fmt.Sprintf("%d@s.whatsapp.net", 10000+i%5000)
		p, err := s.Messages(ctx, domain.MessageQuery{ChatJID: chat, Limit: 50, Before: cursors[i%5000]})
		if err != nil {
			return err
		}
		cursors[i%5000] = p.NextCursor
		if len(p.Messages) == 0 {
			return fmt.Errorf("empty page for %s", chat)
		}
		return nil
	})
}

func BenchmarkSearch1M(b *testing.B) {
	s := bigStore(b)
	ctx := context.Background()
	qs := []string{"holiday invoice", "birthday", "coffee train", "message 424242", "dinner"}
	timed(b, func(i int) error {
		_, err := s.Search(ctx, domain.SearchQuery{Q: qs[i%len(qs)], Limit: 50})
		return err
	})
}
