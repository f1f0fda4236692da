package api

import (
	"net/http"

	"github.com/wasync/wasync/backend/domain"
)

// messageVersions returns every kept version of a message's text.
func (s *Server) messageVersions(w http.ResponseWriter, r *http.Request) {
	v, err := s.svc.MessageVersions(r.Context(), r.PathValue("jid"), r.PathValue("id"))
	s.send(w, r, "Message versions", v, err)
}

// updateSettings changes the user settings the body carries.
func (s *Server) updateSettings(w http.ResponseWriter, r *http.Request) {
	var p domain.SettingsPatch
	if err := decode(r, &p, false); err != nil {
		s.failErr(w, r, err)
		return
	}
	st, err := s.svc.UpdateSettings(r.Context(), p)
	s.send(w, r, "Settings updated", st, err)
}
