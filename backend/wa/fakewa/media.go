package fakewa

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// MediaHostname is the host named in media_conn answers. whatsmeow downloads
// from https://MediaHostname + directPath + "&hash=..."; the dial override
// sends that to this server, which serves it from PutMedia.
const MediaHostname = "mmg.whatsapp.net"

// mediaHost serves blobs by URL path on every host except the chat websocket.
type mediaHost struct {
	mu       sync.Mutex
	blobs    map[string][]byte
	faults   map[string]*mediaFault // media_faults.go
	requests []string
}

func (m *mediaHost) init() { m.blobs = map[string][]byte{} }

// PutMedia serves data at directPath (its query string, if any, is ignored
// when matching, since whatsmeow appends its own parameters). directPath
// starts with "/", e.g. "/v/t62.1234-24/abc.enc?ccb=11-4".
func (s *Server) PutMedia(directPath string, data []byte) {
	path, _, _ := strings.Cut(directPath, "?")
	s.media.mu.Lock()
	s.media.blobs[path] = append([]byte(nil), data...)
	s.media.mu.Unlock()
}

// MediaRequests lists the request URIs the media host was asked for.
func (s *Server) MediaRequests() []string {
	s.media.mu.Lock()
	defer s.media.mu.Unlock()
	return append([]string(nil), s.media.requests...)
}

func (s *Server) serveMedia(w http.ResponseWriter, r *http.Request) {
	s.media.mu.Lock()
	s.media.requests = append(s.media.requests, r.Host+r.URL.RequestURI())
	data, ok := s.media.blobs[r.URL.Path]
	fault := s.media.takeFault(r.URL.Path)
	s.media.mu.Unlock()
	if fault != 0 {
		failMedia(w, fault)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "fakewa: method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	if r.Method == http.MethodGet {
		_, _ = w.Write(data)
	}
}
