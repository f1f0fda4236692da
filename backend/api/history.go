package api

import (
	"net/http"

	"github.com/wasync/wasync/backend/domain"
)

// requestHistorySync is the seed's POST /history/sync, made real.
func (s *Server) requestHistorySync(w http.ResponseWriter, r *http.Request) {
	var in domain.HistorySyncInput
	if err := decode(r, &in, true); err != nil {
		s.failErr(w, r, err)
		return
	}
	out, err := s.svc.RequestHistorySync(r.Context(), in)
	s.send(w, r, "History sync requested", out, err)
}

func (s *Server) historyRequest(w http.ResponseWriter, r *http.Request) {
	req, err := s.svc.GetHistoryRequest(r.Context(), r.PathValue("request_id"))
	s.send(w, r, "History sync request", req, err)
}
