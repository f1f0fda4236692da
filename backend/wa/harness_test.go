package wa_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/history"
	"github.com/wasync/wasync/backend/store"
	"github.com/wasync/wasync/backend/wa"
	"github.com/wasync/wasync/backend/wa/fakewa"
)

const waitTimeout = 15 * time.Second

func TestMain(m *testing.M) {
	if err := wa.InstallRootKey(fakewa.TestRootKeyHex()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// sink records every session state and event the client reports, and
// hands history to a real processor when the harness has one.
type sink struct {
	mu       sync.Mutex
	sessions []domain.Session
	events   []string
	data     []any
	changed  chan struct{}
	proc     *history.Processor
	// live records every chunk LiveMessage was handed, stored or not;
	// refuseLive makes that many calls fail first; liveHook, if set, runs
	// before each store write.
	live       []domain.HistoryChunk
	refuseLive int
	liveHook   func(ctx context.Context)
}

func newSink() *sink { return &sink{changed: make(chan struct{})} }

func (s *sink) SessionChanged(sess domain.Session) {
	s.mu.Lock()
	s.sessions = append(s.sessions, sess)
	close(s.changed)
	s.changed = make(chan struct{})
	s.mu.Unlock()
}

func (s *sink) Emit(typ string, data any) {
	s.mu.Lock()
	s.events = append(s.events, typ)
	s.data = append(s.data, data)
	close(s.changed)
	s.changed = make(chan struct{})
	s.mu.Unlock()
}

func (s *sink) Stage(typ string, data any) (domain.Event, []domain.OutboxEvent, error) {
	return domain.Event{EventType: typ, Data: data}, nil, nil
}

func (s *sink) Announce(ev domain.Event) { s.Emit(ev.EventType, ev.Data) }

func (s *sink) HistoryNotified(ctx context.Context, n domain.HistoryNotification) error {
	if s.proc == nil {
		return errors.New("this test keeps no history")
	}
	return s.proc.Notified(ctx, n)
}

func (s *sink) LiveMessage(ctx context.Context, c domain.HistoryChunk) error {
	s.mu.Lock()
	s.live = append(s.live, c)
	refuse, hook := s.refuseLive > 0, s.liveHook
	if refuse {
		s.refuseLive--
	}
	close(s.changed)
	s.changed = make(chan struct{})
	s.mu.Unlock()
	if refuse {
		return errors.New("the test refuses this live message")
	}
	if hook != nil {
		hook(ctx)
	}
	if s.proc == nil {
		return errors.New("this test keeps no history")
	}
	return s.proc.LiveMessage(ctx, c)
}

func (s *sink) hasEvent(typ string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range s.events {
		if e == typ {
			return true
		}
	}
	return false
}

// manualClock fires timers only when the test advances it.
type manualClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []waiter
}

type waiter struct {
	at time.Time
	ch chan time.Time
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *manualClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	c.waiters = append(c.waiters, waiter{c.now.Add(d), ch})
	return ch
}

func (c *manualClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if !w.at.After(c.now) {
			w.ch <- c.now
		} else {
			kept = append(kept, w)
		}
	}
	c.waiters = kept
}

type harness struct {
	srv   *fakewa.Server
	dir   string
	st    *store.Store
	cli   *wa.Client
	sink  *sink
	clock *manualClock
	phone *fakewa.Phone
	// proc stores history; it runs unless paused (to leave notifications
	// persisted but unprocessed, as a crash would).
	proc     *history.Processor
	requests *history.Requester
	limits   history.Limits
	// hopts drives the requester and backfill (a time-scaled clock);
	// withBackfill runs the backfill loop, off unless a test asks.
	hopts        history.Options
	backfill     *history.Backfill
	groups       *history.GroupNames
	withBackfill bool
	paused       bool
	stopProc     func()
}

func newHarness(t *testing.T, cfg fakewa.Config) *harness {
	t.Helper()
	srv := fakewa.NewTest(t, cfg)
	t.Cleanup(func() {
		if u := srv.UnhandledIQs(); len(u) > 0 {
			t.Errorf("the client sent IQs the fake did not handle: %v", u)
		}
	})
	phone, err := srv.NewPhone(fakewa.PhoneConfig{Number: "15550001111", LIDUser: "99000111"})
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{srv: srv, dir: t.TempDir(), phone: phone}
	h.open(t)
	return h
}

// open starts a wasync client on the harness's data folder (again after
// restart).
func (h *harness) open(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, h.dir, store.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	devices, err := wa.OpenDevices(ctx, st.WhatsmeowDB(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	env := h.srv.Env()
	ep, err := wa.EndpointFromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	h.st, h.sink = st, newSink()
	h.clock = &manualClock{now: time.Unix(1_800_000_000, 0)}
	h.cli = wa.New(devices, ep, slog.New(slog.DiscardHandler), h.sink, wa.Options{Clock: h.clock})
	h.proc = history.New(st, h.cli, h.sink, slog.New(slog.DiscardHandler), history.Options{
		IsNotReady:   func(err error) bool { return errors.Is(err, wa.ErrNotReady) },
		IsGone:       func(err error) bool { return errors.Is(err, wa.ErrGone) },
		IsRetryLater: func(err error) bool { return errors.Is(err, wa.ErrRetryLater) },
		RetryEvery:   50 * time.Millisecond,
	})
	h.sink.proc = h.proc
	limits := h.limits
	if limits.MinSpacing == 0 {
		limits = history.Limits{MaxChats: 10, MinSpacing: 10 * time.Millisecond, HourlyCap: 1000, Timeout: 10 * time.Second}
	}
	h.requests = history.NewRequester(st, h.cli, h.sink, slog.New(slog.DiscardHandler), limits, h.hopts)
	h.backfill = history.NewBackfill(st, h.cli, h.requests, h.sink, slog.New(slog.DiscardHandler))
	h.groups = history.NewGroupNames(st, h.cli, h.proc.LiveMessage, slog.New(slog.DiscardHandler), history.GroupNamesOptions{
		IsNotReady:   func(err error) bool { return errors.Is(err, wa.ErrNotReady) },
		IsNotInGroup: func(err error) bool { return errors.Is(err, wa.ErrNotInGroup) },
		Spacing:      time.Millisecond, RetryEvery: 50 * time.Millisecond,
	})
	h.proc.OnChunk(func(ctx context.Context, c domain.HistoryChunk, res domain.IngestResult) {
		h.requests.OnChunk(ctx, c, res)
		h.backfill.OnChunk(ctx, c, res)
		h.groups.OnChunk(ctx, c, res)
	})
	h.proc.OnLive(func(c domain.HistoryChunk) { h.groups.OnChunk(context.Background(), c, domain.IngestResult{}) })
	h.proc.OnInitialComplete(h.backfill.Wake)
	h.stopProc = func() {}
	if !h.paused {
		pctx, cancel := context.WithCancel(context.Background())
		done, rdone, bdone, gdone := make(chan struct{}), make(chan struct{}), make(chan struct{}), make(chan struct{})
		go func() { defer close(done); h.proc.Run(pctx) }()
		go func() { defer close(gdone); h.groups.Run(pctx) }()
		go func() { defer close(rdone); h.requests.Run(pctx) }()
		if h.withBackfill {
			go func() { defer close(bdone); h.backfill.Run(pctx) }()
		} else {
			close(bdone)
		}
		h.stopProc = func() { cancel(); <-done; <-rdone; <-bdone; <-gdone }
	}
	if err := h.cli.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.close)
}

func (h *harness) close() {
	if h.cli != nil {
		h.cli.Close()
		h.stopProc()
		h.st.Close()
		h.cli = nil
	}
}

// leftovers lists goroutines still running code of wa.Client after Close.
func leftovers() string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "backend/wa.(*Client)") {
			out = append(out, g)
		}
	}
	return strings.Join(out, "\n\n")
}

func checkNoLeftovers(t *testing.T, h *harness) {
	t.Helper()
	h.close()
	deadline := time.Now().Add(5 * time.Second)
	for leftovers() != "" && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if l := leftovers(); l != "" {
		t.Fatalf("goroutines left behind by the client:\n%s", l)
	}
}

// wait returns the first session state satisfying ok.
func (h *harness) wait(t *testing.T, what string, ok func(domain.Session) bool) domain.Session {
	t.Helper()
	deadline := time.After(waitTimeout)
	for {
		h.sink.mu.Lock()
		changed := h.sink.changed
		h.sink.mu.Unlock()
		if s := h.cli.Session(); ok(s) {
			return s
		}
		select {
		case <-changed:
		case <-deadline:
			t.Fatalf("no session %s within %v; now %+v", what, waitTimeout, h.cli.Session())
		}
	}
}

func state(want string) func(domain.Session) bool {
	return func(s domain.Session) bool { return s.State == want }
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), waitTimeout)
	t.Cleanup(cancel)
	return c
}

// linkByQR pairs the harness's client by scanning the shown code.
func (h *harness) linkByQR(t *testing.T) domain.Session {
	t.Helper()
	// Like an HTTP request, the caller's context ends as soon as the call
	// returns: the pairing socket must outlive it.
	rctx, cancel := context.WithCancel(context.Background())
	err := h.cli.StartPairing(rctx)
	cancel()
	if err != nil {
		t.Fatal(err)
	}
	s := h.cli.Session()
	if s.State != domain.StateWaitingQR || s.QR == nil || !strings.Contains(s.QR.Code, ",") {
		t.Fatalf("after StartPairing: %+v", s)
	}
	start := time.Now()
	if err := h.phone.ScanQR(ctx(t), s.QR.Code); err != nil {
		t.Fatal(err)
	}
	conn := h.wait(t, "connected", state(domain.StateConnected))
	t.Logf("scan to connected: %v", time.Since(start))
	return conn
}
