package history

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/store"
)

// scripted decodes a notification's Raw as a JSON-encoded HistoryChunk, or
// fails as told: the real decoder (whatsmeow) is exercised end to end in
// backend/wa; here the processor's bookkeeping is under test.
type scripted struct {
	mu  sync.Mutex
	err map[string]error
}

func (d *scripted) DecodeHistory(_ context.Context, raw []byte) (domain.HistoryChunk, error) {
	var c domain.HistoryChunk
	if err := json.Unmarshal(raw, &c); err != nil {
		return c, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.err[c.SessionID]; err != nil {
		return c, err
	}
	return c, nil
}

type recorder struct {
	mu     sync.Mutex
	events []domain.Event
	ch     chan string
}

func (r *recorder) Emit(typ string, data any) {
	r.mu.Lock()
	r.events = append(r.events, domain.Event{EventType: typ, Data: data})
	r.mu.Unlock()
	select {
	case r.ch <- typ:
	default:
	}
}

func (r *recorder) Stage(typ string, data any) (domain.Event, []domain.OutboxEvent, error) {
	return domain.Event{EventType: typ, Data: data}, nil, nil
}

func (r *recorder) Announce(ev domain.Event) { r.Emit(ev.EventType, ev.Data) }

func (r *recorder) count(typ string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, e := range r.events {
		if e.EventType == typ {
			n++
		}
	}
	return n
}

func (r *recorder) last(typ string) map[string]any {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := len(r.events) - 1; i >= 0; i-- {
		if r.events[i].EventType == typ {
			return r.events[i].Data.(map[string]any)
		}
	}
	return nil
}

func notification(t *testing.T, c domain.HistoryChunk) domain.HistoryNotification {
	raw, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return domain.HistoryNotification{SyncType: c.SyncType, ChunkOrder: c.ChunkOrder, Progress: c.Progress, Raw: raw}
}

func genChunk(syncType string, order, progress int, chat string, from, n int) domain.HistoryChunk {
	c := domain.HistoryChunk{SyncType: syncType, ChunkOrder: order, Progress: progress,
		Chats: []domain.ChatUpsert{{JID: chat, EndOfHistory: 1, MoreOnPhone: true}}}
	for i := from; i < from+n; i++ {
		c.Messages = append(c.Messages, domain.StoredMessage{ChatJID: chat, ID: fmt.Sprintf("M%05d", i),
			Timestamp: int64(1_700_000_000 + i), Type: "text", Text: fmt.Sprintf("text %d", i)})
	}
	return c
}

type rig struct {
	dir   string
	st    *store.Store
	dec   *scripted
	pub   *recorder
	proc  *Processor
	stop  func()
	clock time.Time
	tick  chan time.Time
}

func newRig(t *testing.T, dir string) *rig {
	t.Helper()
	st, err := store.Open(context.Background(), dir, store.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	r := &rig{dir: dir, st: st, dec: &scripted{err: map[string]error{}}, pub: &recorder{ch: make(chan string, 100)},
		clock: time.Unix(1_800_000_000, 0), tick: make(chan time.Time)}
	r.proc = New(st, r.dec, r.pub, slog.New(slog.DiscardHandler), Options{
		Now:   func() time.Time { return r.clock },
		After: func(time.Duration) <-chan time.Time { return r.tick },
	})
	t.Cleanup(func() { r.close() })
	return r
}

func (r *rig) run() {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); r.proc.Run(ctx) }()
	r.stop = func() { cancel(); <-done }
}

func (r *rig) close() {
	if r.stop != nil {
		r.stop()
		r.stop = nil
	}
	if r.st != nil {
		r.st.Close()
		r.st = nil
	}
}

func (r *rig) waitEvent(t *testing.T, typ string, n int) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for r.pub.count(typ) < n {
		select {
		case <-r.pub.ch:
		case <-deadline:
			t.Fatalf("%d %s events, want %d", r.pub.count(typ), typ, n)
		}
	}
}

func messages(t *testing.T, st *store.Store, chat string) int {
	t.Helper()
	n, before := 0, ""
	for {
		page, err := st.Messages(context.Background(), domain.MessageQuery{ChatJID: chat, Before: before, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		n += len(page.Messages)
		if page.NextCursor == "" {
			return n
		}
		before = page.NextCursor
	}
}

func TestNotificationsSurviveACrashBeforeProcessing(t *testing.T) {
	dir := t.TempDir()
	r := newRig(t, dir)
	ctx := context.Background()
	// Persisted (and so acknowledged) but never processed: the process dies.
	for i := 1; i <= 3; i++ {
		if err := r.proc.Notified(ctx, notification(t, genChunk(domain.SyncInitialBootstrap, i, 30*i, "1@s.whatsapp.net", (i-1)*100, 100))); err != nil {
			t.Fatal(err)
		}
	}
	r.close()

	r2 := newRig(t, dir)
	r2.run()
	r2.waitEvent(t, domain.EventHistorySync, 3)
	if n := messages(t, r2.st, "1@s.whatsapp.net"); n != 300 {
		t.Fatalf("messages after restart = %d, want 300", n)
	}
	if p, _ := r2.st.PendingHistoryNotifications(ctx, 10); len(p) != 0 {
		t.Fatalf("%d still pending", len(p))
	}
}

func TestSameChunkTwiceStoresOnce(t *testing.T) {
	r := newRig(t, t.TempDir())
	r.run()
	c := genChunk(domain.SyncRecent, 1, 10, "2@s.whatsapp.net", 0, 250)
	for i := 0; i < 2; i++ {
		if err := r.proc.Notified(context.Background(), notification(t, c)); err != nil {
			t.Fatal(err)
		}
	}
	r.waitEvent(t, domain.EventHistorySync, 2)
	if n := messages(t, r.st, "2@s.whatsapp.net"); n != 250 {
		t.Fatalf("messages = %d, want 250", n)
	}
	if got := r.pub.last(domain.EventHistorySync)["new_messages"]; got != 0 {
		t.Fatalf("second chunk added %v", got)
	}
}

func TestBlobThatMustWaitStaysPendingUntilWoken(t *testing.T) {
	r := newRig(t, t.TempDir())
	c := genChunk(domain.SyncFull, 1, 50, "3@s.whatsapp.net", 0, 10)
	c.SessionID = "offline"
	r.dec.err["offline"] = fmt.Errorf("%w: no connection", ErrNotReady)
	r.run()
	if err := r.proc.Notified(context.Background(), notification(t, c)); err != nil {
		t.Fatal(err)
	}
	// Give the loop its chance; nothing may be stored or failed.
	r.tick <- time.Now()
	if p, _ := r.st.PendingHistoryNotifications(context.Background(), 10); len(p) != 1 {
		t.Fatalf("pending = %d, want 1", len(p))
	}
	r.dec.mu.Lock()
	delete(r.dec.err, "offline")
	r.dec.mu.Unlock()
	r.proc.Wake()
	r.waitEvent(t, domain.EventHistorySync, 1)
	if n := messages(t, r.st, "3@s.whatsapp.net"); n != 10 {
		t.Fatalf("messages = %d", n)
	}
}

func TestGoneBlobIsMarkedFailedNotRetried(t *testing.T) {
	r := newRig(t, t.TempDir())
	c := genChunk(domain.SyncFull, 1, 50, "4@s.whatsapp.net", 0, 10)
	c.SessionID = "gone"
	r.dec.err["gone"] = fmt.Errorf("%w: 404", ErrGone)
	r.run()
	if err := r.proc.Notified(context.Background(), notification(t, c)); err != nil {
		t.Fatal(err)
	}
	r.waitEvent(t, domain.EventHistorySync, 1)
	if e := r.pub.last(domain.EventHistorySync); e["error"] == nil {
		t.Fatalf("event = %v", e)
	}
	if p, _ := r.st.PendingHistoryNotifications(context.Background(), 10); len(p) != 0 {
		t.Fatal("gone blob still pending")
	}
}

func TestInitialSyncCompletesOnceAtProgress100(t *testing.T) {
	r := newRig(t, t.TempDir())
	r.run()
	ctx := context.Background()
	for i, p := range []int{40, 80, 100} {
		if err := r.proc.Notified(ctx, notification(t, genChunk(domain.SyncInitialBootstrap, i+1, p, "5@s.whatsapp.net", i*10, 10))); err != nil {
			t.Fatal(err)
		}
	}
	r.waitEvent(t, domain.EventHistorySyncComplete, 1)
	done := r.pub.last(domain.EventHistorySyncComplete)
	if done["received"] != 30 || done["status"] != "complete" || done["request_id"] != nil {
		t.Fatalf("complete = %v", done)
	}
	chats := done["chats"].([]map[string]any)
	if len(chats) != 1 || chats[0]["received"] != 30 || chats[0]["more_on_phone"] != true {
		t.Fatalf("chats = %v", chats)
	}
	// A late RECENT chunk and a restart fire nothing more.
	if err := r.proc.Notified(ctx, notification(t, genChunk(domain.SyncRecent, 4, 100, "5@s.whatsapp.net", 30, 5))); err != nil {
		t.Fatal(err)
	}
	r.waitEvent(t, domain.EventHistorySync, 4)
	if n := r.pub.count(domain.EventHistorySyncComplete); n != 1 {
		t.Fatalf("%d completions", n)
	}
}

func TestInitialSyncCompletesWhenIdleEvenAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	r := newRig(t, dir)
	r.run()
	if err := r.proc.Notified(context.Background(), notification(t, genChunk(domain.SyncInitialBootstrap, 1, 60, "6@s.whatsapp.net", 0, 7))); err != nil {
		t.Fatal(err)
	}
	r.waitEvent(t, domain.EventHistorySync, 1)
	r.close() // progress never reached 100, and wasync restarts

	r2 := newRig(t, dir)
	r2.clock = r.clock.Add(3 * time.Minute)
	r2.run()
	r2.tick <- time.Now() // the idle timer fires
	r2.waitEvent(t, domain.EventHistorySyncComplete, 1)
	if got := r2.pub.last(domain.EventHistorySyncComplete)["received"]; got != 7 {
		t.Fatalf("received = %v", got)
	}
	r2.close()

	r3 := newRig(t, dir)
	r3.run()
	select {
	case r3.tick <- time.Now():
		t.Fatal("an idle timer is running after completion")
	case <-time.After(50 * time.Millisecond):
	}
	if n := r3.pub.count(domain.EventHistorySyncComplete); n != 0 {
		t.Fatal("completion fired again after restart")
	}
}
