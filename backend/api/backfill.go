package api

import "net/http"

// backfillStatus is GET /history/backfill: the background backfill's
// progress per chat and overall.
func (s *Server) backfillStatus(w http.ResponseWriter, r *http.Request) {
	st, err := s.svc.BackfillStatus(r.Context())
	s.send(w, r, "History backfill", st, err)
}

func (s *Server) pauseBackfill(w http.ResponseWriter, r *http.Request) {
	st, err := s.svc.PauseBackfill(r.Context(), true)
	s.send(w, r, "History backfill paused", st, err)
}

func (s *Server) resumeBackfill(w http.ResponseWriter, r *http.Request) {
	st, err := s.svc.PauseBackfill(r.Context(), false)
	s.send(w, r, "History backfill resumed", st, err)
}
