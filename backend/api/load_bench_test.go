package api_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wasync/wasync/backend/api"
	"github.com/wasync/wasync/backend/auth"
	"github.com/wasync/wasync/backend/core"
	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/events"
	"github.com/wasync/wasync/backend/history"
	"github.com/wasync/wasync/backend/store"
	"github.com/wasync/wasync/backend/wa"
	"github.com/wasync/wasync/backend/wa/fakewa"
)

const loadKey = "load-test-key-0123456789"

// linkedServer runs the whole app (store, core, WhatsApp client linked to
// the fake phone, history processor and requester, HTTP API) on loopback,
// with a generated history whose older part stays on the phone.
func linkedServer(b *testing.B) string {
	b.Helper()
	if err := wa.InstallRootKey(fakewa.TestRootKeyHex()); err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	srv := fakewa.NewTest(b, fakewa.Config{})
	phone, err := srv.NewPhone(fakewa.PhoneConfig{Number: "15550001111", LIDUser: "99000111"})
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	st, err := store.Open(ctx, dir, store.Options{Synchronous: "OFF"})
	if err != nil {
		b.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	keys, _ := auth.LoadKeys(dir, loadKey)
	svc := core.New(st, events.New(nil), keys, core.Info{Mode: "headless"}, log, nil)
	devices, err := wa.OpenDevices(ctx, st.WhatsmeowDB(), log)
	if err != nil {
		b.Fatal(err)
	}
	env := srv.Env()
	ep, _ := wa.EndpointFromEnv(func(k string) string { return env[k] })
	link := wa.New(devices, ep, log, svc, wa.Options{})
	svc.SetLinker(link)
	proc := history.New(st, link, svc, log, history.Options{
		IsNotReady: func(err error) bool { return errors.Is(err, wa.ErrNotReady) },
		IsGone:     func(err error) bool { return errors.Is(err, wa.ErrGone) },
	})
	req := history.NewRequester(st, link, svc, log, domain.DefaultHistoryLimits, history.Options{})
	proc.OnChunk(req.OnChunk)
	svc.SetHistory(proc)
	svc.SetRequests(req)
	go proc.Run(ctx)
	go req.Run(ctx)
	if err := link.Start(ctx); err != nil {
		b.Fatal(err)
	}
	if err := link.StartPairing(ctx); err != nil {
		b.Fatal(err)
	}
	if err := phone.ScanQR(ctx, link.Session().QR.Code); err != nil {
		b.Fatal(err)
	}
	for link.Session().State != domain.StateConnected {
		time.Sleep(10 * time.Millisecond)
	}
	g := fakewa.NewHistoryGenerator(fakewa.GenOpts{Seed: 3, Chats: 20, MessagesPerChat: 120, InitialPerChat: 40, Owner: phone.JID()})
	if err := phone.SendGeneratedHistory(ctx, g, fakewa.HistoryOpts{}); err != nil {
		b.Fatal(err)
	}
	for {
		more, _ := st.ChatsWithMoreOnPhone(ctx, 1)
		if len(more) > 0 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	server := api.New(api.Config{Addr: ln.Addr().String(), Log: log}, svc)
	go func() { _ = server.Serve(ln) }()
	b.Cleanup(func() {
		_ = server.Shutdown(context.Background())
		link.Close()
		cancel()
		st.Close()
	})
	return "http://" + ln.Addr().String()
}

// hammer sends n requests over conns keep-alive connections and reports
// requests per second, p50, p99 and the status mix. For stable
// percentiles run with -benchtime=2000x or more.
func hammer(b *testing.B, conns, n int, do func(*http.Client) (int, error)) {
	b.Helper()
	tr := &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	lat := make([]time.Duration, n)
	codes := make([]int, n)
	var wg sync.WaitGroup
	next := make(chan int, n)
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	b.ResetTimer()
	start := time.Now()
	for c := 0; c < conns; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				t0 := time.Now()
				code, err := do(client)
				if err != nil {
					b.Error(err)
					return
				}
				lat[i], codes[i] = time.Since(t0), code
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	mix := map[int]int{}
	for _, c := range codes {
		mix[c]++
	}
	b.ReportMetric(float64(n)/elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(lat[n/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[n*99/100].Microseconds()), "p99-µs")
	b.Logf("status mix over %d requests: %v", n, mix)
}

func call(c *http.Client, method, url, body string) (int, error) {
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Authorization", loadKey)
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

// BenchmarkHistorySyncAt50Conns measures POST /history/sync with 50
// concurrent connections against a linked app, next to GET /health in the
// same run. The first requests are accepted; the rest meet the account's
// protection (429 with Retry-After: one request per chat in flight, hourly
// cap), which is the path a hammering script takes.
func BenchmarkHistorySyncAt50Conns(b *testing.B) {
	if os.Getenv("WASYNC_SKIP_LOAD") != "" {
		b.Skip("WASYNC_SKIP_LOAD set")
	}
	base := linkedServer(b)
	b.Run("health", func(b *testing.B) {
		hammer(b, 50, b.N, func(c *http.Client) (int, error) { return call(c, "GET", base+"/health", "") })
	})
	b.Run("history-sync", func(b *testing.B) {
		hammer(b, 50, b.N, func(c *http.Client) (int, error) {
			return call(c, "POST", base+"/history/sync", `{"count": 25}`)
		})
	})
}
