package api

import (
	"bufio"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wasync/wasync/backend/events"
)

// frame is one Server-Sent Events frame.
type frame struct{ id, event, data string }

// openEvents opens GET /events with an optional Last-Event-ID and returns
// a func reading the next frame (comments skipped).
func openEvents(t *testing.T, h *harness, lastID string) func() frame {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", h.srv.URL+"/events", nil)
	req.Header.Set("Authorization", testKey)
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	rd := bufio.NewReader(resp.Body)
	return func() frame {
		var f frame
		for {
			line, err := rd.ReadString('\n')
			if err != nil {
				t.Fatalf("stream ended: %v", err)
			}
			line = strings.TrimSuffix(line, "\n")
			switch {
			case line == "" && f.data != "":
				return f
			case strings.HasPrefix(line, "id: "):
				f.id = line[4:]
			case strings.HasPrefix(line, "event: "):
				f.event = line[7:]
			case strings.HasPrefix(line, "data: "):
				f.data = line[6:]
			}
		}
	}
}

func TestEventFramesCarryIDAndTypeAndReplayAfterLastEventID(t *testing.T) {
	h := newHarness(t)
	first := h.bus.Emit("history.sync_complete", map[string]string{"n": "1"})
	second := h.bus.Emit("history.sync", map[string]string{"n": "2"})
	third := h.bus.Emit("connection.state", map[string]string{"n": "3"})

	next := openEvents(t, h, first.ID)
	for _, want := range []struct{ id, typ string }{{second.ID, "history.sync"}, {third.ID, "connection.state"}} {
		f := next()
		if f.id != want.id || f.event != want.typ || !strings.Contains(f.data, `"event_type":"`+want.typ+`"`) {
			t.Fatalf("replayed frame %+v, want %s %s", f, want.id, want.typ)
		}
	}
	live := h.bus.Emit("history.sync_complete", map[string]string{"n": "4"})
	if f := next(); f.id != live.ID || f.event != "history.sync_complete" {
		t.Fatalf("live frame %+v", f)
	}

	// A client with no Last-Event-ID gets live events only.
	fresh := openEvents(t, h, "")
	late := h.bus.Emit("test.ping", nil)
	if f := fresh(); f.id != late.ID || f.event != "test.ping" {
		t.Fatalf("fresh client got %+v first", f)
	}
}

func TestReplayWindowIsBounded(t *testing.T) {
	h := newHarness(t)
	gone := h.bus.Emit("test.ping", nil)
	var oldestKept string
	for i := 0; i < events.ReplayWindow; i++ {
		ev := h.bus.Emit("history.sync", nil)
		if i == 0 {
			oldestKept = ev.ID
		}
	}
	// The id is no longer kept: every kept event is replayed, oldest first.
	next := openEvents(t, h, gone.ID)
	if f := next(); f.id != oldestKept {
		t.Fatalf("first replayed %s, want the oldest kept %s", f.id, oldestKept)
	}
}
