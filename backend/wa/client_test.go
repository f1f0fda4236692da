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
	paused   bool
	stopProc func()
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
		IsNotReady: func(err error) bool { return errors.Is(err, wa.ErrNotReady) },
		IsGone:     func(err error) bool { return errors.Is(err, wa.ErrGone) },
		RetryEvery: 50 * time.Millisecond,
	})
	h.sink.proc = h.proc
	limits := h.limits
	if limits.MinSpacing == 0 {
		limits = history.Limits{MaxChats: 10, MinSpacing: 10 * time.Millisecond, HourlyCap: 1000, Timeout: 10 * time.Second}
	}
	h.requests = history.NewRequester(st, h.cli, h.sink, slog.New(slog.DiscardHandler), limits, history.Options{})
	h.proc.OnChunk(h.requests.OnChunk)
	h.stopProc = func() {}
	if !h.paused {
		pctx, cancel := context.WithCancel(context.Background())
		done, rdone := make(chan struct{}), make(chan struct{})
		go func() { defer close(done); h.proc.Run(pctx) }()
		go func() { defer close(rdone); h.requests.Run(pctx) }()
		h.stopProc = func() { cancel(); <-done; <-rdone }
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

func TestQRPairingConnects(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	if s := h.cli.Session(); s.State != domain.StateLoggedOut {
		t.Fatalf("fresh store: %+v", s)
	}
	s := h.linkByQR(t)
	if s.JID != h.phone.JID().String() {
		t.Fatalf("connected as %q, want %q", s.JID, h.phone.JID())
	}
	for _, ev := range []string{domain.EventConnectionQR, domain.EventConnectionPair, domain.EventConnectionConnected} {
		if !h.sink.hasEvent(ev) {
			t.Errorf("no %s event", ev)
		}
	}
	if err := h.cli.StartPairing(ctx(t)); domain.ErrorCode(err) != domain.CodeConflict {
		t.Fatalf("pairing while linked: %v", err)
	}
	if _, err := h.cli.PairPhone(ctx(t), "15551234567"); domain.ErrorCode(err) != domain.CodeConflict {
		t.Fatalf("pair code while linked: %v", err)
	}
}

func TestPairCodeConnects(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	rctx, cancel := context.WithCancel(context.Background())
	code, err := h.cli.PairPhone(rctx, "+1 (555) 000-1111")
	cancel()
	if err != nil {
		t.Fatal(err)
	}
	if len(strings.ReplaceAll(code, "-", "")) != 8 || h.cli.Session().PairCode != code {
		t.Fatalf("pair code %q, session %+v", code, h.cli.Session())
	}
	if err := h.phone.EnterPairCode(ctx(t), code); err != nil {
		t.Fatal(err)
	}
	s := h.wait(t, "connected", state(domain.StateConnected))
	if s.JID != h.phone.JID().String() {
		t.Fatalf("connected as %q", s.JID)
	}
}

func TestPairCodeRejectsBadNumbers(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	for _, phone := range []string{"", "abc", "12345", "0155512345", "1555123456789012", "1555-CALL-NOW"} {
		if _, err := h.cli.PairPhone(ctx(t), phone); domain.ErrorCode(err) != domain.CodeInvalid {
			t.Errorf("phone %q: %v", phone, err)
		}
	}
	if s := h.cli.Session(); s.State != domain.StateLoggedOut {
		t.Fatalf("bad input changed state: %+v", s)
	}
}

func TestRestartLogsStraightIn(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	h.close()
	h.open(t)
	if s := h.cli.Session(); s.State != domain.StateConnecting {
		t.Fatalf("after restart: %+v", s)
	}
	h.wait(t, "connected", state(domain.StateConnected))
	if h.sink.hasEvent(domain.EventConnectionQR) {
		t.Fatal("a QR code was shown after restart")
	}
}

func TestDroppedConnectionReconnects(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	if n := h.srv.DropConnections(); n == 0 {
		t.Fatal("nothing to drop")
	}
	h.wait(t, "disconnected", func(s domain.Session) bool {
		return s.State == domain.StateDisconnected || h.sink.hasEvent(domain.EventConnectionDisconnect)
	})
	h.wait(t, "connected again", func(s domain.Session) bool {
		return s.State == domain.StateConnected && h.sink.hasEvent(domain.EventConnectionDisconnect)
	})
}

func TestPhoneSideRemovalLogsOutAndKeepsHistory(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	s := h.linkByQR(t)
	if err := h.st.SetSetting(context.Background(), "history-marker", "kept"); err != nil {
		t.Fatal(err)
	}
	companions := h.phone.Companions()
	if len(companions) != 1 {
		t.Fatalf("phone lists %d companions", len(companions))
	}
	if err := h.phone.RemoveCompanion(ctx(t), companions[0]); err != nil {
		t.Fatal(err)
	}
	out := h.wait(t, "logged out", state(domain.StateLoggedOut))
	if !strings.Contains(out.PreviousAccount, s.JID) || !strings.Contains(out.Reason, "phone removed") {
		t.Fatalf("logged out session: %+v", out)
	}
	waitNoDevice(t, h)
	if v, ok, _ := h.st.Setting(context.Background(), "history-marker"); !ok || v != "kept" {
		t.Fatal("stored data lost on logout")
	}
	// The link screen can pair again with fresh keys.
	h.linkByQR(t)
}

// waitNoDevice polls the database: whatsmeow deletes the device after it
// dispatched LoggedOut.
func waitNoDevice(t *testing.T, h *harness) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for time.Now().Before(deadline) {
		var n int
		if err := h.st.WhatsmeowDB().QueryRow(`SELECT COUNT(*) FROM whatsmeow_device`).Scan(&n); err == nil && n == 0 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("device keys still stored after logout")
}

func TestLogoutFromWasync(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	if err := h.cli.Logout(ctx(t)); err != nil {
		t.Fatal(err)
	}
	if _, err := h.srv.WaitIQ(ctx(t), "md", "remove-companion-device"); err != nil {
		t.Fatalf("server never told: %v", err)
	}
	if s := h.cli.Session(); s.State != domain.StateLoggedOut || s.PreviousAccount == "" {
		t.Fatalf("after logout: %+v", s)
	}
	waitNoDevice(t, h)
	if err := h.cli.Logout(ctx(t)); domain.ErrorCode(err) != domain.CodeConflict {
		t.Fatalf("second logout: %v", err)
	}
}

func TestLogoutWhileOfflineStillForgetsKeys(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	h.srv.SetHandshakeFault(fakewa.HandshakeRejectUpgrade)
	h.srv.DropConnections()
	h.wait(t, "disconnected", state(domain.StateDisconnected))
	if err := h.cli.Logout(ctx(t)); err != nil {
		t.Fatal(err)
	}
	s := h.cli.Session()
	if s.State != domain.StateLoggedOut || !strings.Contains(s.Reason, "offline") {
		t.Fatalf("after offline logout: %+v", s)
	}
	waitNoDevice(t, h)
}

func TestQRCodesRotateThenExpireThenRenew(t *testing.T) {
	h := newHarness(t, fakewa.Config{QRRefs: 3})
	if err := h.cli.StartPairing(ctx(t)); err != nil {
		t.Fatal(err)
	}
	first := h.cli.Session().QR
	h.clock.Advance(60 * time.Second)
	second := h.wait(t, "second code", func(s domain.Session) bool { return s.QR != nil && s.QR.Code != first.Code }).QR
	if second.ExpiresAt <= first.ExpiresAt {
		t.Fatalf("expiry did not move: %s then %s", first.ExpiresAt, second.ExpiresAt)
	}
	h.clock.Advance(20 * time.Second)
	h.wait(t, "third code", func(s domain.Session) bool { return s.QR != nil && s.QR.Code != second.Code })
	h.clock.Advance(20 * time.Second)
	s := h.wait(t, "expired", state(domain.StateLoggedOut))
	if !strings.Contains(s.Reason, "expired") || s.QR != nil {
		t.Fatalf("expired session: %+v", s)
	}
	if err := h.phone.ScanQR(ctx(t), first.Code); err == nil {
		t.Fatal("an expired code still paired")
	}
	// "New code" gets fresh codes, and those pair.
	h.linkByQR(t)
	checkNoLeftovers(t, h)
}

func TestServerClosingPairingSocketExpiresCode(t *testing.T) {
	h := newHarness(t, fakewa.Config{PairingTimeout: 100 * time.Millisecond})
	if err := h.cli.StartPairing(ctx(t)); err != nil {
		t.Fatal(err)
	}
	s := h.wait(t, "expired", state(domain.StateLoggedOut))
	if !strings.Contains(s.Reason, "expired") {
		t.Fatalf("session: %+v", s)
	}
}

func TestHandshakeFailureIsAClearErrorAndNoStuckState(t *testing.T) {
	for _, fault := range []fakewa.HandshakeFault{fakewa.HandshakeRejectUpgrade, fakewa.HandshakeEmptyHello, fakewa.HandshakeBadCert} {
		t.Run(fmt.Sprint(fault), func(t *testing.T) {
			h := newHarness(t, fakewa.Config{})
			h.srv.SetHandshakeFault(fault)
			err := h.cli.StartPairing(ctx(t))
			if domain.ErrorCode(err) != domain.CodeUnavailable || !strings.Contains(err.Error(), "cannot reach WhatsApp") {
				t.Fatalf("err = %v", err)
			}
			if s := h.cli.Session(); s.State != domain.StateLoggedOut || s.Reason == "" {
				t.Fatalf("state after failure: %+v", s)
			}
			h.srv.SetHandshakeFault(fakewa.HandshakeNormal)
			h.linkByQR(t)
			checkNoLeftovers(t, h)
		})
	}
}

func TestPhoneShowsTheDeviceName(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	info, err := h.srv.Companion(h.phone.Companions()[0])
	if err != nil || info.DeviceName != "wasync" {
		t.Fatalf("the phone lists the device as %q (%v), want \"wasync\"", info.DeviceName, err)
	}
}

func TestOutdatedClientAndTemporaryBanAreShownWithTheirReason(t *testing.T) {
	cases := map[string]string{fakewa.FailureClientOutdated: "outdated", fakewa.FailureTempBanned: "banned"}
	for reason, want := range cases {
		t.Run(reason, func(t *testing.T) {
			h := newHarness(t, fakewa.Config{})
			h.linkByQR(t)
			h.srv.SetLoginFailure(reason)
			h.close()
			h.open(t) // the next login fails
			s := h.wait(t, "stopped with a reason", func(s domain.Session) bool {
				return s.State == domain.StateDisconnected && strings.Contains(s.Reason, want)
			})
			if s.JID == "" {
				t.Fatalf("session lost its account: %+v", s)
			}
		})
	}
}
