package api

import (
	"net/http"

	"github.com/wasync/wasync/backend/domain"
)

// The history queue routes: list notifications, retry one, retry every
// failed one.

func (s *Server) historyNotifications(w http.ResponseWriter, r *http.Request) {
	limit, perr := intParam(r, "limit")
	if perr != nil {
		s.failErr(w, r, perr)
		return
	}
	q := r.URL.Query()
	page, err := s.svc.ListHistoryNotifications(r.Context(), domain.NotificationQuery{
		Status: q.Get("status"), Cursor: q.Get("cursor"), Limit: limit,
	})
	s.send(w, r, "History notifications", page, err)
}

func (s *Server) retryHistoryNotification(w http.ResponseWriter, r *http.Request) {
	n, err := s.svc.RetryHistoryNotification(r.Context(), r.PathValue("id"))
	s.send(w, r, "History notification queued again", n, err)
}

func (s *Server) retryFailedHistoryNotifications(w http.ResponseWriter, r *http.Request) {
	res, err := s.svc.RetryFailedHistoryNotifications(r.Context())
	s.send(w, r, "Failed history notifications queued again", res, err)
}
