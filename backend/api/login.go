package api

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/wasync/wasync/backend/auth"
	"github.com/wasync/wasync/backend/domain"
)

// setSessionCookie sets (or, with maxAge < 0, clears) the session cookie;
// over HTTPS it is Secure.
func setSessionCookie(w http.ResponseWriter, r *http.Request, token string, maxAge int) {
	secure := r.TLS != nil
	http.SetCookie(w, &http.Cookie{
		Name:     sessionCookie,
		Value:    token,
		Path:     "/",
		MaxAge:   maxAge,
		HttpOnly: true,
		Secure:   secure,
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
	setSessionCookie(w, r, token, int(auth.SessionTTL.Seconds()))
	ok(w, "Logged in", nil)
}

// loginLink redeems a one-time login link, then sends the browser to the
// UI without the token in its address bar. A link that does not work (used,
// expired, mistyped) gets a page that leads to the login form: a person
// clicked it, not a script.
func (s *Server) loginLink(w http.ResponseWriter, r *http.Request) {
	token, err := s.svc.LoginWithLink(r.Context(), r.URL.Query().Get("token"))
	if err != nil {
		var de *domain.Error
		if !errors.As(err, &de) || de.Code != domain.CodeUnauthorized {
			s.failErr(w, r, err)
			return
		}
		writeLinkGone(w, "It was already used, or it has expired.", fmt.Sprintf("%d minutes", int(auth.LinkTTL.Minutes())))
		return
	}
	setSessionCookie(w, r, token, int(auth.SessionTTL.Seconds()))
	http.Redirect(w, r, "/ui/", http.StatusSeeOther)
}

// loginLinkURL is what POST /auth/login-link answers.
type loginLinkURL struct {
	URL       string `json:"url"`
	ExpiresAt string `json:"expires_at"`
}

// mintLoginLink makes a new single-use login link for the holder of the
// key (`wasync-server login-link`). The link names the host the caller
// reached, so it opens where the caller can.
func (s *Server) mintLoginLink(w http.ResponseWriter, r *http.Request) {
	token, exp := s.svc.NewLoginLink(r.Context())
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	u := url.URL{Scheme: scheme, Host: r.Host, Path: "/auth/link", RawQuery: url.Values{"token": {token}}.Encode()}
	ok(w, "Login link (single-use)", loginLinkURL{URL: u.String(), ExpiresAt: exp.UTC().Format(time.RFC3339)})
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.svc.Logout(r.Context(), c.Value); err != nil {
			s.failErr(w, r, err)
			return
		}
	}
	setSessionCookie(w, r, "", -1)
	ok(w, "Logged out", nil)
}
