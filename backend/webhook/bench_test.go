package webhook_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/events"
	"github.com/wasync/wasync/backend/store"
	"github.com/wasync/wasync/backend/webhook"
)

// Run with: go test -run '^$' -bench . -benchtime 20000x ./backend/webhook
// (latency benchmarks: -benchtime 2000x). Compare ratios within one run.

func benchStore(b *testing.B, sync string) *store.Store {
	b.Helper()
	st, err := store.Open(context.Background(), b.TempDir(), store.Options{Synchronous: sync})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

// okServer answers 204 at once and calls seen with each webhook-id.
func okServer(b *testing.B, seen func(id string)) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if seen != nil {
			seen(r.Header.Get("webhook-id"))
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	b.Cleanup(srv.Close)
	return srv
}

func benchEvent(i int) domain.OutboxEvent {
	ev := domain.Event{ID: events.NewID("evt_"), EventType: domain.EventMessageReceived, DeviceID: "1555@s.whatsapp.net",
		Timestamp: time.Now(), Data: map[string]any{"chat_jid": "123@s.whatsapp.net", "text": fmt.Sprintf("message %d", i)}}
	oe, _ := domain.OutboxEventOf(ev)
	return oe
}

// BenchmarkOutboxThroughput: b.N events already in the outbox, delivered
// and marked through the worker (default limits) to loopback receivers.
func BenchmarkOutboxThroughput(b *testing.B) {
	for _, hooks := range []int{1, 4} {
		for _, sync := range []string{"NORMAL", "FULL"} {
			b.Run(fmt.Sprintf("webhooks=%d/sync=%s", hooks, sync), func(b *testing.B) {
				st, c := benchStore(b, sync), newClock()
				srv := okServer(b, nil)
				for range hooks {
					addWebhook(b, st, c, srv.URL)
				}
				ctx := context.Background()
				for i := 0; i < b.N; i += 1000 {
					err := st.WithTx(ctx, func(tx *store.Tx) error {
						for j := i; j < min(i+1000, b.N); j++ {
							if _, err := tx.EnqueueWebhookEvent(ctx, benchEvent(j)); err != nil {
								return err
							}
						}
						return nil
					})
					if err != nil {
						b.Fatal(err)
					}
				}
				w := webhook.New(st, webhook.Options{})
				b.ResetTimer()
				start := time.Now()
				if err := w.Flush(ctx); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(b.N*hooks)/time.Since(start).Seconds(), "deliveries/s")
			})
		}
	}
}

// BenchmarkInMemorySigned is the same work without the outbox: signed
// POSTs from a bounded set of goroutines, nothing stored.
func BenchmarkInMemorySigned(b *testing.B) {
	for _, workers := range []int{2, 8} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			srv := okServer(b, nil)
			client := &http.Client{Timeout: 15 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
			secret, _ := webhook.NewSecret()
			jobs := make(chan domain.OutboxEvent, 1024)
			var wg sync.WaitGroup
			for range workers {
				wg.Go(func() {
					for ev := range jobs {
						send(b, client, srv.URL, secret, ev)
					}
				})
			}
			b.ResetTimer()
			start := time.Now()
			for i := range b.N {
				jobs <- benchEvent(i)
			}
			close(jobs)
			wg.Wait()
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "deliveries/s")
		})
	}
}

func send(b *testing.B, client *http.Client, url, secret string, ev domain.OutboxEvent) {
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(ev.Body))
	webhook.SetHeaders(req.Header, webhook.Signing{MsgID: ev.ID, EventType: ev.Type, At: time.Now(), Secret: secret}, ev.Body)
	resp, err := client.Do(req)
	if err != nil {
		b.Error(err)
		return
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}

// BenchmarkEventToDelivery measures one event at a time from the outbox
// commit (synchronous FULL, as Publish does) to its arrival at the
// receiver, with the worker running; and the same for a direct signed send.
func BenchmarkEventToDelivery(b *testing.B) {
	b.Run("outbox", func(b *testing.B) {
		st, c := benchStore(b, "NORMAL"), newClock()
		arrived := make(chan string, 1)
		srv := okServer(b, func(id string) { arrived <- id })
		addWebhook(b, st, c, srv.URL)
		w := webhook.New(st, webhook.Options{})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { defer close(done); w.Run(ctx) }()
		lat := make([]time.Duration, 0, b.N)
		b.ResetTimer()
		for i := range b.N {
			ev := benchEvent(i)
			start := time.Now()
			if _, err := st.EnqueueEvent(ctx, ev); err != nil {
				b.Fatal(err)
			}
			w.Wake()
			if id := <-arrived; id != ev.ID {
				b.Fatalf("got %s, want %s", id, ev.ID)
			}
			lat = append(lat, time.Since(start))
		}
		b.StopTimer()
		cancel()
		<-done
		reportLatency(b, lat)
	})
	b.Run("in-memory", func(b *testing.B) {
		srv := okServer(b, nil)
		client := &http.Client{Timeout: 15 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
		secret, _ := webhook.NewSecret()
		lat := make([]time.Duration, 0, b.N)
		b.ResetTimer()
		for i := range b.N {
			start := time.Now()
			send(b, client, srv.URL, secret, benchEvent(i))
			lat = append(lat, time.Since(start))
		}
		b.StopTimer()
		reportLatency(b, lat)
	})
}

func reportLatency(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	at := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}
