package fakewa

import (
	"net/http"
	"strings"
)

// mediaFault makes the media host answer requests for one path with an
// HTTP error instead of the blob.
type mediaFault struct {
	status int
	times  int // how many requests still fail; negative: all of them
}

// FailMedia makes the next times requests for directPath fail with HTTP
// status (times < 0: every request), as an overloaded (5xx) media host or
// an expired blob (404, 410) does; later requests get the blob again. 5xx
// answers carry Retry-After: 0, so that whatsmeow's own retries are quick.
func (s *Server) FailMedia(directPath string, status, times int) {
	path, _, _ := strings.Cut(directPath, "?")
	s.media.mu.Lock()
	defer s.media.mu.Unlock()
	if s.media.faults == nil {
		s.media.faults = map[string]*mediaFault{}
	}
	s.media.faults[path] = &mediaFault{status: status, times: times}
}

// ExpireMedia drops the blob at directPath: later requests get 404, as for
// a history blob WhatsApp no longer keeps.
func (s *Server) ExpireMedia(directPath string) {
	path, _, _ := strings.Cut(directPath, "?")
	s.media.mu.Lock()
	defer s.media.mu.Unlock()
	delete(s.media.blobs, path)
}

// takeFault returns the status the next request for path must fail with,
// or 0. The caller holds m.mu.
func (m *mediaHost) takeFault(path string) int {
	f := m.faults[path]
	if f == nil || f.times == 0 {
		return 0
	}
	if f.times > 0 {
		f.times--
	}
	return f.status
}

// failMedia writes a fault's answer.
func failMedia(w http.ResponseWriter, status int) {
	if status >= 500 {
		w.Header().Set("Retry-After", "0")
	}
	http.Error(w, "fakewa: injected media failure", status)
}
