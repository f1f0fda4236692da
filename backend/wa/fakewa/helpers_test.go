package fakewa_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/store/sqlstore"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	waLog "go.mau.fi/whatsmeow/util/log"
	_ "modernc.org/sqlite"

	"github.com/wasync/wasync/backend/wa"
	"github.com/wasync/wasync/backend/wa/fakewa"
)

// waitTimeout bounds every wait; the happy paths take well under a second.
const waitTimeout = 15 * time.Second

func TestMain(m *testing.M) {
	// whatsmeow.WACertPubKey is process-wide: install the test root once,
	// before any client runs.
	if err := wa.InstallRootKey(fakewa.TestRootKeyHex()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	t.Cleanup(cancel)
	return ctx
}

func logger(module string) waLog.Logger {
	if os.Getenv("FAKEWA_DEBUG") != "" {
		return waLog.Stdout(module, "DEBUG", false)
	}
	return waLog.Noop
}

// recorder keeps every event a client dispatched, for waiting on.
type recorder struct {
	mu      sync.Mutex
	evs     []any
	changed chan struct{}
}

func (r *recorder) add(evt any) {
	r.mu.Lock()
	r.evs = append(r.evs, evt)
	close(r.changed)
	r.changed = make(chan struct{})
	r.mu.Unlock()
}

func (r *recorder) all() []any {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]any(nil), r.evs...)
}

// waitEvent returns the first event of type T at index since or later, and
// its index. Events whatsmeow dispatches from their own goroutine
// (Disconnected, PairSuccess, LoggedOut, StreamReplaced) may be recorded
// after events that happened later, so do not wait for one strictly after
// another unless whatsmeow dispatches both from its node handler queue.
func waitEvent[T any](t *testing.T, r *recorder, since int) (T, int) {
	t.Helper()
	deadline := time.NewTimer(waitTimeout)
	defer deadline.Stop()
	for {
		r.mu.Lock()
		evs, changed := r.evs, r.changed
		r.mu.Unlock()
		for i := since; i < len(evs); i++ {
			if evt, ok := evs[i].(T); ok {
				return evt, i
			}
		}
		since = max(since, len(evs))
		select {
		case <-changed:
		case <-deadline.C:
			var zero T
			t.Fatalf("no %T within %v; events: %s", zero, waitTimeout, eventTypes(r.all()))
			return zero, -1
		}
	}
}

func eventTypes(evs []any) string {
	names := make([]string, len(evs))
	for i, e := range evs {
		names[i] = reflect.TypeOf(e).String()
	}
	return strings.Join(names, ", ")
}

// client is a real whatsmeow client on its own SQLite store, pointed at srv.
type client struct {
	*whatsmeow.Client
	db        *sql.DB
	container *sqlstore.Container
	ev        *recorder
}

func openStore(t *testing.T, path string) (*sql.DB, *sqlstore.Container) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=synchronous(OFF)")
	if err != nil {
		t.Fatal(err)
	}
	container := sqlstore.NewWithDB(db, "sqlite3", logger("db"))
	if err := container.Upgrade(context.Background()); err != nil {
		t.Fatalf("upgrade store: %v", err)
	}
	return db, container
}

// newClient opens (or creates) the store at dbPath and points a client at
// srv through the same environment variables the app reads.
func newClient(t *testing.T, srv *fakewa.Server, dbPath string) *client {
	t.Helper()
	db, container := openStore(t, dbPath)
	dev, err := container.GetFirstDevice(context.Background())
	if err != nil {
		t.Fatalf("get device: %v", err)
	}
	cli := whatsmeow.NewClient(dev, logger("client"))
	env := srv.Env()
	ep, err := wa.EndpointFromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if err := ep.Apply(cli); err != nil {
		t.Fatal(err)
	}
	c := &client{Client: cli, db: db, container: container, ev: &recorder{changed: make(chan struct{})}}
	cli.AddEventHandler(c.ev.add)
	t.Cleanup(func() {
		cli.Disconnect()
		_ = db.Close()
	})
	return c
}

func dbPath(t *testing.T) string { return filepath.Join(t.TempDir(), "wa.db") }

// pairByQR connects a fresh client, lets phone scan its first QR code and
// waits until it is logged in. It returns the companion JID.
func pairByQR(t *testing.T, c *client, phone *fakewa.Phone) types.JID {
	t.Helper()
	ctx := testCtx(t)
	if err := c.Connect(); err != nil {
		t.Fatalf("connect: %v", err)
	}
	qr, _ := waitEvent[*events.QR](t, c.ev, 0)
	if err := phone.ScanQR(ctx, qr.Codes[0]); err != nil {
		t.Fatalf("scan QR: %v", err)
	}
	ps, _ := waitEvent[*events.PairSuccess](t, c.ev, 0)
	waitEvent[*events.Connected](t, c.ev, 0)
	return ps.ID
}

func assertNoUnhandled(t *testing.T, srv *fakewa.Server) {
	t.Helper()
	if u := srv.UnhandledIQs(); len(u) > 0 {
		t.Errorf("server could not answer %d IQs:\n%s", len(u), strings.Join(u, "\n"))
	}
}

// eventually polls cond (for state with no event to wait on, such as the
// rows whatsmeow deletes after dispatching LoggedOut) until waitTimeout.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(waitTimeout)
	for !cond() {
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("timed out waiting until %s", what)
		}
	}
}

var goroutineHeader = regexp.MustCompile(`^goroutine (\d+) `)

// goroutines maps goroutine id to stack for every live goroutine.
func goroutines() map[string]string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	out := map[string]string{}
	for _, stack := range strings.Split(string(buf), "\n\n") {
		if m := goroutineHeader.FindStringSubmatch(stack); m != nil {
			out[m[1]] = stack
		}
	}
	return out
}

// assertNoLeak waits until no goroutine started after before runs code from
// whatsmeow, the websocket library or fakewa.
func assertNoLeak(t *testing.T, before map[string]string) {
	t.Helper()
	var leaked []string
	check := func() bool {
		leaked = leaked[:0]
		for id, stack := range goroutines() {
			if _, old := before[id]; old {
				continue
			}
			if strings.Contains(stack, "go.mau.fi/whatsmeow") || strings.Contains(stack, "coder/websocket") ||
				strings.Contains(stack, "backend/wa/fakewa.") {
				leaked = append(leaked, stack)
			}
		}
		return len(leaked) == 0
	}
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(5 * time.Second)
	for !check() {
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("%d goroutines leaked:\n%s", len(leaked), strings.Join(leaked, "\n\n"))
		}
	}
}
