package api

import (
	"mime"
	"net/http"
)

func (s *Server) chat(w http.ResponseWriter, r *http.Request) {
	c, err := s.svc.GetChat(r.Context(), r.PathValue("jid"))
	s.send(w, r, "Chat", c, err)
}

// exportChat streams a chat as JSON Lines or standalone HTML, as a download.
func (s *Server) exportChat(w http.ResponseWriter, r *http.Request) {
	e, err := s.svc.PrepareExport(r.Context(), r.PathValue("jid"), r.URL.Query().Get("format"))
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	w.Header().Set("Content-Type", e.ContentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": e.FileName}))
	w.Header().Set("Cache-Control", "no-store")
	if err := s.svc.WriteExport(r.Context(), e, w); err != nil {
		// Headers are gone; the truncated download is the signal, and the log says why.
		s.cfg.Log.Error("export failed mid-stream", "chat", r.PathValue("jid"), "err", err)
	}
}
