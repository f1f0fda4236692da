package fakewa

import (
	"context"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/util/keys"
)

// Environment variable names understood by the app (see package wa).
const (
	envDial    = "WASYNC_WA_DIAL"
	envCA      = "WASYNC_WA_CA"
	envRootKey = "WASYNC_WA_ROOT_KEY"
)

// DefaultQRRefs is how many pair-device refs a fresh connection gets, as on
// WhatsApp: whatsmeow's QR channel shows the first for 60 s, the others 20 s.
const DefaultQRRefs = 6

// Config tunes a Server. The zero value is a working default.
type Config struct {
	// QRRefs is the number of refs in each pair-device IQ (default
	// DefaultQRRefs); each becomes one QR code in events.QR.Codes.
	QRRefs int
	// PairingTimeout, if positive, closes an unpaired connection that long
	// after its pair-device IQ, as WhatsApp does once the refs run out; the
	// client then sees events.Disconnected (QR channel: "timeout").
	PairingTimeout time.Duration
	// RootKey signs the Noise certificate chain (default TestRootKey). The
	// client must trust its public half: wa.InstallRootKey(RootKeyHex()).
	RootKey *keys.KeyPair
	// Dir receives the CA PEM file (default: a temporary directory removed by
	// Close).
	Dir string
	// Logf, if set, receives the server's debug log.
	Logf func(format string, args ...any)
}

// HandshakeFault makes the server misbehave while a client connects.
type HandshakeFault int32

const (
	// HandshakeNormal completes every handshake.
	HandshakeNormal HandshakeFault = iota
	// HandshakeRejectUpgrade answers the websocket upgrade with HTTP 503.
	HandshakeRejectUpgrade
	// HandshakeEmptyHello answers the client hello with an empty server hello
	// and closes: whatsmeow fails at once with "missing parts of handshake
	// response".
	HandshakeEmptyHello
	// HandshakeBadCert sends a valid Noise server hello whose certificate chain
	// is signed by an untrusted root, then closes: whatsmeow fails at once
	// with "failed to verify server cert".
	HandshakeBadCert
	// HandshakeSilentClose closes after the client hello without answering.
	// whatsmeow only notices after its fixed 20 s NoiseHandshakeResponseTimeout.
	HandshakeSilentClose
)

// Server is a fake WhatsApp server on 127.0.0.1. It is safe for concurrent
// use; create it with Start or NewTest.
type Server struct {
	cfg      Config
	ln       net.Listener
	httpSrv  *http.Server
	ca       *testCA
	static   *keys.KeyPair
	chain    []byte
	badChain []byte
	caFile   string
	ownDir   string
	routes   map[string]iqHandler
	stopCtx  func() bool

	fault atomic.Int32
	// loginFailure, when set, answers every login with that failure reason.
	loginFailure string
	ids          atomic.Uint64
	journal      journal
	media        mediaHost
	offline      offlineQueue

	mu           sync.Mutex
	closed       bool
	conns        map[*conn]struct{}
	phones       map[string]*Phone // by phone number
	companions   map[types.JID]*companion
	refs         map[string]*conn        // pair-device ref → pre-login connection
	codePairings map[string]*codePairing // phone number → pending pair-code request
	wg           sync.WaitGroup
}

// Start listens on 127.0.0.1:0 and serves until Close or until ctx ends.
func Start(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.QRRefs <= 0 {
		cfg.QRRefs = DefaultQRRefs
	}
	if cfg.RootKey == nil {
		cfg.RootKey = TestRootKey()
	}
	s := &Server{
		cfg:          cfg,
		static:       keys.NewKeyPair(),
		conns:        map[*conn]struct{}{},
		phones:       map[string]*Phone{},
		companions:   map[types.JID]*companion{},
		refs:         map[string]*conn{},
		codePairings: map[string]*codePairing{},
	}
	s.journal.init()
	s.media.init()
	s.routes = s.iqRoutes()
	var err error
	if s.ca, err = newTestCA(); err != nil {
		return nil, fmt.Errorf("fakewa: %w", err)
	}
	if s.chain, err = buildCertChain(cfg.RootKey, *s.static.Pub); err != nil {
		return nil, fmt.Errorf("fakewa: %w", err)
	}
	if s.badChain, err = buildCertChain(keys.NewKeyPair(), *s.static.Pub); err != nil {
		return nil, fmt.Errorf("fakewa: %w", err)
	}
	dir := cfg.Dir
	if dir == "" {
		if dir, err = os.MkdirTemp("", "fakewa-"); err != nil {
			return nil, fmt.Errorf("fakewa: temp dir: %w", err)
		}
		s.ownDir = dir
	}
	s.caFile = filepath.Join(dir, "fakewa-ca.pem")
	if err = s.WriteCAFile(s.caFile); err != nil {
		s.removeOwnDir()
		return nil, err
	}
	if s.ln, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		s.removeOwnDir()
		return nil, fmt.Errorf("fakewa: listen: %w", err)
	}
	s.httpSrv = &http.Server{
		Handler:           http.HandlerFunc(s.serveHTTP),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(io.Discard, "", 0),
		TLSNextProto:      map[string]func(*http.Server, *tls.Conn, http.Handler){},
	}
	tlsLn := tls.NewListener(s.ln, s.ca.serverTLSConfig())
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if err := s.httpSrv.Serve(tlsLn); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.logf("serve: %v", err)
		}
	}()
	s.stopCtx = context.AfterFunc(ctx, func() { _ = s.Close() })
	return s, nil
}

// NewTest starts a Server for tb with cfg, fails tb if it cannot, and closes
// it when tb ends.
func NewTest(tb testing.TB, cfg Config) *Server {
	tb.Helper()
	if cfg.Dir == "" {
		cfg.Dir = tb.TempDir()
	}
	s, err := Start(context.Background(), cfg)
	if err != nil {
		tb.Fatalf("start fake WhatsApp: %v", err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

// Close stops listening, drops every connection and waits for the server's
// goroutines to end. It is idempotent.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	conns := s.connList()
	s.mu.Unlock()
	s.stopCtx()
	err := s.httpSrv.Close()
	for _, c := range conns {
		c.abort()
	}
	s.wg.Wait()
	s.removeOwnDir()
	if err != nil {
		return fmt.Errorf("fakewa: close: %w", err)
	}
	return nil
}

func (s *Server) removeOwnDir() {
	if s.ownDir != "" {
		_ = os.RemoveAll(s.ownDir)
	}
}

// Addr is the host:port to dial (WASYNC_WA_DIAL).
func (s *Server) Addr() string { return s.ln.Addr().String() }

// CAPEM is the test CA certificate in PEM form.
func (s *Server) CAPEM() []byte { return append([]byte(nil), s.ca.certPEM...) }

// CAFile is the path of the CA PEM file the server wrote at start
// (WASYNC_WA_CA).
func (s *Server) CAFile() string { return s.caFile }

// WriteCAFile writes the CA PEM to path.
func (s *Server) WriteCAFile(path string) error {
	if err := os.WriteFile(path, s.ca.certPEM, 0o600); err != nil {
		return fmt.Errorf("fakewa: write CA file: %w", err)
	}
	return nil
}

// RootKeyHex is the Noise certificate root public key in hex
// (WASYNC_WA_ROOT_KEY, wa.InstallRootKey).
func (s *Server) RootKeyHex() string { return hex.EncodeToString(s.cfg.RootKey.Pub[:]) }

// Env is the environment that points a separate app process at this server:
// WASYNC_WA_DIAL, WASYNC_WA_CA and WASYNC_WA_ROOT_KEY.
func (s *Server) Env() map[string]string {
	return map[string]string{envDial: s.Addr(), envCA: s.caFile, envRootKey: s.RootKeyHex()}
}

// SetHandshakeFault makes later connections misbehave as f describes
// (HandshakeNormal restores normal service).
func (s *Server) SetHandshakeFault(f HandshakeFault) { s.fault.Store(int32(f)) }

// DropConnections abruptly closes every client connection, as a network
// failure would, and returns how many it closed. whatsmeow then emits
// events.Disconnected and reconnects by itself if it is logged in.
func (s *Server) DropConnections() int {
	s.mu.Lock()
	conns := s.connList()
	s.mu.Unlock()
	for _, c := range conns {
		c.abort()
	}
	return len(conns)
}

// Connections is the number of open client connections.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

func (s *Server) connList() []*conn {
	out := make([]*conn, 0, len(s.conns))
	for c := range s.conns {
		out = append(out, c)
	}
	return out
}

// addConn registers c and counts it in the wait group, unless closed.
func (s *Server) addConn(c *conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.conns[c] = struct{}{}
	s.wg.Add(1)
	return true
}

// goTracked runs f in a goroutine that Close waits for, unless closed.
func (s *Server) goTracked(f func()) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		f()
	}()
	return true
}

func (s *Server) removeConn(c *conn) {
	s.mu.Lock()
	delete(s.conns, c)
	for _, ref := range c.refs {
		delete(s.refs, ref)
	}
	for num, cp := range s.codePairings {
		if cp.c == c {
			delete(s.codePairings, num)
		}
	}
	for _, comp := range s.companions {
		if comp.conn == c {
			comp.conn = nil
		}
	}
	s.mu.Unlock()
	s.wg.Done()
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/ws/chat" {
		s.serveWS(w, r)
		return
	}
	s.serveMedia(w, r)
}

// nextID makes an id for a server-originated stanza; it never collides with
// whatsmeow's own request ids.
func (s *Server) nextID() string {
	return "fakewa-" + strconv.FormatUint(s.ids.Add(1), 10)
}

func (s *Server) logf(format string, args ...any) {
	if s.cfg.Logf != nil {
		s.cfg.Logf(format, args...)
	}
}
