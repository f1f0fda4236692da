package api

import (
	"mime"
	"net/http"
	"strconv"
)

// backup streams a fresh online backup of the database as a download. The
// copy is finished before the first byte is sent, so errors before that
// are answered in the envelope.
func (s *Server) backup(w http.ResponseWriter, r *http.Request) {
	sent := false
	err := s.svc.WriteBackup(r.Context(), w, func(name string, size int64) {
		sent = true
		w.Header().Set("Content-Type", "application/vnd.sqlite3")
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
		w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
		w.Header().Set("Cache-Control", "no-store")
	})
	if err == nil {
		return
	}
	if !sent {
		s.failErr(w, r, err)
		return
	}
	s.cfg.Log.Error("backup download failed mid-stream", "err", err)
}
