package api

import (
	"net/http"
)

// uiPolicy keeps injected markup inert even if some text were ever rendered
// as HTML: scripts only from this origin, no inline script, no framing.
const uiPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

// static serves the embedded UI under /ui/. Its files hold no data, so they
// load without a key and the login page can show.
func (s *Server) static() http.Handler {
	if s.cfg.UI == nil {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fail(w, http.StatusNotFound, "this build has no web UI")
		})
	}
	files := http.StripPrefix("/ui/", http.FileServerFS(s.cfg.UI))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", uiPolicy)
		if r.URL.Path == "/ui/" || r.URL.Path == "/ui/index.html" {
			w.Header().Set("Cache-Control", "no-cache")
		}
		files.ServeHTTP(w, r)
	})
}
