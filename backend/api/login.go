package api

import (
	"net/http"

	"github.com/wasync/wasync/backend/auth"
)

func setSessionCookie(w http.ResponseWriter, token string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name:     sessionCookie,
		Value:    token,
		Path:     "/",
		MaxAge:   maxAge,
		HttpOnly: true,
		SameSite: http.SameSiteStrictMode,
	})
}

// login exchanges the API key for a browser session cookie.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Key string `json:"key"`
	}
	if err := decode(r, &body, false); err != nil {
		s.failErr(w, r, err)
		return
	}
	token, err := s.svc.Login(r.Context(), body.Key)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	setSessionCookie(w, token, int(auth.SessionTTL.Seconds()))
	ok(w, "Logged in", nil)
}

// loginLink redeems the one-time link printed at start, then sends the
// browser to the UI without the token in its address bar.
func (s *Server) loginLink(w http.ResponseWriter, r *http.Request) {
	token, err := s.svc.LoginWithLink(r.Context(), r.URL.Query().Get("token"))
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	setSessionCookie(w, token, int(auth.SessionTTL.Seconds()))
	http.Redirect(w, r, "/ui/", http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.svc.Logout(r.Context(), c.Value); err != nil {
			s.failErr(w, r, err)
			return
		}
	}
	setSessionCookie(w, "", -1)
	ok(w, "Logged out", nil)
}
