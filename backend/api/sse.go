package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// events streams the event bus as Server-Sent Events. It never requires
// http.Flusher: Wails' in-window writer has none and still streams.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	ch, cancel := s.svc.Events(256)
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
			body, err := json.Marshal(ev)
			if err != nil {
				s.cfg.Log.Error("encode event", "type", ev.EventType, "err", err)
				continue
			}
			if _, err := fmt.Fprintf(w, "id: %s\ndata: %s\n\n", ev.ID, body); err != nil {
				return
			}
			flush()
		}
	}
}
