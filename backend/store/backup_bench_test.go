package store

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wasync/wasync/backend/domain"
)

// BenchmarkBackup1M backs up the 1,000,000-message database while two
// readers keep listing chats (what GET /chats does), and reports the
// backup's size and the chat list's p99 during it.
func BenchmarkBackup1M(b *testing.B) {
	s := bigStore(b)
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		dst := filepath.Join(b.TempDir(), "backup.db")
		var (
			stop atomic.Bool
			mu   sync.Mutex
			lat  []time.Duration
			wg   sync.WaitGroup
		)
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for !stop.Load() {
					t0 := time.Now()
					if _, err := s.Chats(ctx, domain.ChatQuery{Limit: 50}); err != nil {
						b.Error(err)
						return
					}
					mu.Lock()
					lat = append(lat, time.Since(t0))
					mu.Unlock()
				}
			}()
		}
		start := time.Now()
		if err := s.Backup(ctx, dst); err != nil {
			b.Fatal(err)
		}
		took := time.Since(start)
		stop.Store(true)
		wg.Wait()
		info, err := os.Stat(dst)
		if err != nil {
			b.Fatal(err)
		}
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		b.ReportMetric(took.Seconds(), "backup-s")
		b.ReportMetric(float64(info.Size())/(1<<20), "backup-MiB")
		if len(lat) > 0 {
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "chats-p99-µs")
			b.ReportMetric(float64(len(lat)), "chat-lists")
		}
	}
}
