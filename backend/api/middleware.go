package api

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"
)

// sessionCookie names the browser UI's session cookie.
const sessionCookie = "wasync_session"

// middleware wraps the mux, outermost first: recover, request id, Host
// check, cross-origin protection, body limit, auth, then routing with 404
// and 405 in the envelope.
func (s *Server) middleware(mux *http.ServeMux) http.Handler {
	s.setAllowedHosts(s.cfg.Addr)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fail(w, http.StatusForbidden, "cross-origin request refused")
	}))
	inner := cop.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBody)
		if !isPublic(r) && !s.authenticated(r) {
			fail(w, http.StatusUnauthorized, "Invalid or missing authentication: send the API key in the Authorization header")
			return
		}
		s.route(w, r)
	}))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		w.Header().Set("X-Request-ID", requestID(r))
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "no-referrer")
		w.Header().Set("X-Frame-Options", "DENY")
		rec := &statusWriter{ResponseWriter: w, code: http.StatusOK}
		defer func() {
			if p := recover(); p != nil {
				s.cfg.Log.Error("panic serving request", "path", r.URL.Path, "panic", fmt.Sprint(p))
				if !rec.wrote {
					fail(w, http.StatusInternalServerError, "internal error (see the wasync log)")
				}
			}
			// The path only: a login link's token is in the query.
			s.cfg.Log.Debug("http", "method", r.Method, "path", r.URL.Path, "status", rec.code,
				"ms", time.Since(start).Milliseconds(), "request_id", w.Header().Get("X-Request-ID"))
		}()
		if !s.hostAllowed(r.Host) {
			fail(rec, http.StatusMisdirectedRequest, fmt.Sprintf("Host %q is not this server's address; add it with --allowed-hosts if you meant it", r.Host))
			return
		}
		inner.ServeHTTP(rec, r)
	})
}

// route serves r through the mux, answering unknown routes and wrong
// methods in the envelope instead of the mux's plain text.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	h, pattern := s.mux.Handler(r)
	if pattern != "" {
		s.mux.ServeHTTP(w, r)
		return
	}
	probe := &headerProbe{header: http.Header{}}
	h.ServeHTTP(probe, r)
	switch probe.code {
	case http.StatusMethodNotAllowed:
		allow := probe.header.Get("Allow")
		w.Header().Set("Allow", allow)
		fail(w, http.StatusMethodNotAllowed, fmt.Sprintf("method %s is not allowed on %s (allowed: %s)", r.Method, r.URL.Path, allow))
	case http.StatusNotFound:
		fail(w, http.StatusNotFound, fmt.Sprintf("no route %s %s", r.Method, r.URL.Path))
	default: // the mux's own redirects (path cleaning)
		for k, v := range probe.header {
			w.Header()[k] = v
		}
		w.WriteHeader(probe.code)
	}
}

// isPublic lists what is served without a key: health, the UI's static
// files (they hold no data) and the login endpoints.
func isPublic(r *http.Request) bool {
	p := r.URL.Path
	return p == "/health" || p == "/" || p == "/ui" || strings.HasPrefix(p, "/ui/") ||
		p == "/auth/login" || p == "/auth/link"
}

func (s *Server) authenticated(r *http.Request) bool {
	if h := r.Header.Get("Authorization"); h != "" {
		key := strings.TrimSpace(h)
		if scheme, rest, ok := strings.Cut(key, " "); ok && strings.EqualFold(scheme, "Bearer") {
			key = strings.TrimSpace(rest)
		}
		return s.svc.CheckAPIKey(key)
	}
	c, err := r.Cookie(sessionCookie)
	return err == nil && s.svc.SessionValid(r.Context(), c.Value)
}

// setAllowedHosts accepts the listening address, localhost and 127.0.0.1
// (and [::1]) on its port, plus configured names. A loopback bind alone does
// not stop DNS rebinding; this check does. A configured name with a port is
// accepted on that port only; without one, with any port or none, since a
// reverse proxy passes the browser's Host (no port on 443, its own port
// otherwise) and the name, not the port, is what rebinding cannot forge.
func (s *Server) setAllowedHosts(addr string) {
	_, port, _ := net.SplitHostPort(addr)
	hosts := allowedHosts{exact: map[string]bool{strings.ToLower(addr): true}, names: map[string]bool{}}
	for _, h := range []string{"localhost", "127.0.0.1", "[::1]"} {
		hosts.exact[h+":"+port] = true
	}
	for _, h := range s.cfg.AllowedHosts {
		h = strings.ToLower(strings.TrimSpace(h))
		if h == "" {
			continue
		}
		if _, _, err := net.SplitHostPort(h); err == nil {
			hosts.exact[h] = true
		} else {
			hosts.names[strings.Trim(h, "[]")] = true
		}
	}
	s.allowed.Store(&hosts)
}

// allowedHosts holds the accepted Host values: exact host:port pairs, and
// names accepted with any port.
type allowedHosts struct {
	exact map[string]bool
	names map[string]bool
}

func (s *Server) hostAllowed(host string) bool {
	set := s.allowed.Load()
	host = strings.ToLower(host)
	if set.exact[host] {
		return true
	}
	name := host
	if h, _, err := net.SplitHostPort(host); err == nil {
		name = h
	}
	return set.names[strings.Trim(name, "[]")]
}

// requestID echoes a sane caller id or makes one.
func requestID(r *http.Request) string {
	if id := r.Header.Get("X-Request-ID"); id != "" && len(id) <= 128 && printable(id) {
		return id
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "req_" + hex.EncodeToString(b[:])
}

func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// statusWriter remembers the status for the request log. It forwards Flush
// when the underlying writer can (Wails' in-window writer cannot).
type statusWriter struct {
	http.ResponseWriter
	code  int
	wrote bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.code, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// headerProbe captures what the mux's fallback handlers would answer.
type headerProbe struct {
	header http.Header
	code   int
}

func (p *headerProbe) Header() http.Header         { return p.header }
func (p *headerProbe) Write(b []byte) (int, error) { return len(b), nil }
func (p *headerProbe) WriteHeader(code int)        { p.code = code }
