package api

import (
	"net/http"

	"github.com/wasync/wasync/backend/buildinfo"
	"github.com/wasync/wasync/backend/domain"
)

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	ok(w, "ok", map[string]string{"status": "ok", "version": buildinfo.Version()})
}

func (s *Server) settings(w http.ResponseWriter, r *http.Request) {
	st, err := s.svc.Settings(r.Context())
	s.send(w, r, "Settings", st, err)
}

func (s *Server) rotateKey(w http.ResponseWriter, r *http.Request) {
	keep := ""
	if c, err := r.Cookie(sessionCookie); err == nil {
		keep = c.Value
	}
	st, err := s.svc.RotateAPIKey(r.Context(), keep)
	s.send(w, r, "API key rotated", st, err)
}

func (s *Server) appStatus(w http.ResponseWriter, r *http.Request) {
	ok(w, "App status", s.svc.AppStatus(r.Context()))
}

func (s *Server) appReady(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Screen string `json:"screen"`
	}
	if err := decode(r, &body, true); err != nil {
		s.failErr(w, r, err)
		return
	}
	s.send(w, r, "Noted", nil, s.svc.FrontendReady(r.Context(), body.Screen))
}

func (s *Server) appShow(w http.ResponseWriter, r *http.Request) {
	s.send(w, r, "Window shown", nil, s.svc.ShowWindow(r.Context()))
}

func (s *Server) chats(w http.ResponseWriter, r *http.Request) {
	limit, perr := intParam(r, "limit")
	if perr != nil {
		s.failErr(w, r, perr)
		return
	}
	q := r.URL.Query()
	page, err := s.svc.ListChats(r.Context(), domain.ChatQuery{Limit: limit, Cursor: q.Get("cursor"), Q: q.Get("q")})
	s.send(w, r, "Chats", page, err)
}

func (s *Server) messages(w http.ResponseWriter, r *http.Request) {
	limit, perr := intParam(r, "limit")
	if perr != nil {
		s.failErr(w, r, perr)
		return
	}
	page, err := s.svc.ListMessages(r.Context(), domain.MessageQuery{
		ChatJID: r.PathValue("jid"), Before: r.URL.Query().Get("before"), Limit: limit,
	})
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	ok(w, "Messages", page)
}

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	limit, perr := intParam(r, "limit")
	if perr != nil {
		s.failErr(w, r, perr)
		return
	}
	q := r.URL.Query()
	page, err := s.svc.Search(r.Context(), domain.SearchQuery{Q: q.Get("q"), ChatJID: q.Get("chat_jid"), Limit: limit})
	s.send(w, r, "Search results", page, err)
}

func (s *Server) historyRequests(w http.ResponseWriter, r *http.Request) {
	list, err := s.svc.ListHistoryRequests(r.Context())
	s.send(w, r, "History sync requests", list, err)
}

func (s *Server) webhooks(w http.ResponseWriter, r *http.Request) {
	list, err := s.svc.ListWebhooks(r.Context())
	s.send(w, r, "Webhooks", list, err)
}
