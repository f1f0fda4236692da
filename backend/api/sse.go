package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/wasync/wasync/backend/domain"
)

// events streams the event bus as Server-Sent Events. Each frame carries
// id: (the event id), event: (its type, so EventSource.addEventListener
// works) and data: (the event JSON). A reconnect with Last-Event-ID first
// gets the events it missed, from the bus's in-memory window of the last
// events.ReplayWindow. It never requires http.Flusher: Wails' in-window
// writer has none and still streams.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	missed, ch, cancel, found := s.svc.EventsAfter(r.Header.Get("Last-Event-ID"), 256)
	defer cancel()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	flush := func() {
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
	}
	fmt.Fprint(w, "retry: 2000\n: connected\n\n")
	if !found {
		fmt.Fprintf(w, ": Last-Event-ID is not among the %d events kept; replaying all kept events\n\n", len(missed))
	}
	for _, ev := range missed {
		if !s.writeEvent(w, ev) {
			return
		}
	}
	flush()
	heartbeat := time.NewTicker(15 * time.Second)
	defer heartbeat.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-heartbeat.C:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return
			}
			flush()
		case ev, open := <-ch:
			if !open {
				return
			}
			if !s.writeEvent(w, ev) {
				return
			}
			flush()
		}
	}
}

// writeEvent writes one frame; false when the client is gone.
func (s *Server) writeEvent(w http.ResponseWriter, ev domain.Event) bool {
	body, err := json.Marshal(ev)
	if err != nil {
		s.cfg.Log.Error("encode event", "type", ev.EventType, "err", err)
		return true
	}
	_, err = fmt.Fprintf(w, "id: %s\nevent: %s\ndata: %s\n\n", ev.ID, ev.EventType, body)
	return err == nil
}
