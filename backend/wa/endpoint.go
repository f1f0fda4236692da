package wa

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	"go.mau.fi/whatsmeow"
)

// Environment variables that point whatsmeow at a test server instead of
// WhatsApp. They are unset in normal use.
const (
	// EnvDial is host:port that every whatsmeow connection dials, whatever host
	// the URL names (TLS still checks the real name, e.g. web.whatsapp.com).
	EnvDial = "WASYNC_WA_DIAL"
	// EnvCA is a PEM file of CA certificates trusted for those connections
	// instead of the system roots.
	EnvCA = "WASYNC_WA_CA"
	// EnvRootKey is the 32-byte Noise certificate root public key, as 64 hex
	// characters, replacing whatsmeow.WACertPubKey.
	EnvRootKey = "WASYNC_WA_ROOT_KEY"
)

// Endpoint redirects whatsmeow's connections (pre-login and logged-in
// websockets, media) to a test server. The zero value means "talk to the real
// WhatsApp": see IsSet.
type Endpoint struct {
	// Dial is the host:port every connection dials.
	Dial string
	// CAFile is a PEM file with the CA certificates to trust.
	CAFile string
	// RootKeyHex is the Noise certificate root public key in hex (64 chars).
	RootKeyHex string
}

// EndpointFromEnv reads EnvDial, EnvCA and EnvRootKey through getenv (pass
// os.Getenv). All three unset gives the zero Endpoint; setting only some of
// them, a malformed host:port, an unreadable or certificate-less PEM file or
// a root key that is not 64 hex characters is an error naming the variable.
func EndpointFromEnv(getenv func(string) string) (Endpoint, error) {
	e := Endpoint{Dial: getenv(EnvDial), CAFile: getenv(EnvCA), RootKeyHex: getenv(EnvRootKey)}
	if !e.IsSet() {
		return Endpoint{}, nil
	}
	var missing []string
	for _, kv := range [][2]string{{EnvDial, e.Dial}, {EnvCA, e.CAFile}, {EnvRootKey, e.RootKeyHex}} {
		if kv[1] == "" {
			missing = append(missing, kv[0])
		}
	}
	if len(missing) > 0 {
		return Endpoint{}, fmt.Errorf("test endpoint: %v must be set together with the others (missing %v)",
			[]string{EnvDial, EnvCA, EnvRootKey}, missing)
	}
	if err := validateDial(e.Dial); err != nil {
		return Endpoint{}, fmt.Errorf("test endpoint: %s=%q: %w", EnvDial, e.Dial, err)
	}
	if _, err := loadCAPool(e.CAFile); err != nil {
		return Endpoint{}, fmt.Errorf("test endpoint: %s: %w", EnvCA, err)
	}
	if _, err := parseRootKey(e.RootKeyHex); err != nil {
		return Endpoint{}, fmt.Errorf("test endpoint: %s: %w", EnvRootKey, err)
	}
	return e, nil
}

// IsSet reports whether any field is set, i.e. whether whatsmeow must be
// pointed away from WhatsApp. The app warns loudly when it is.
func (e Endpoint) IsSet() bool {
	return e.Dial != "" || e.CAFile != "" || e.RootKeyHex != ""
}

// HTTPClient builds the one http.Client used for all of whatsmeow's traffic:
// every dial goes to e.Dial, TLS trusts only the CAs in e.CAFile (server
// names are still checked), HTTP/2 is off because the websocket upgrade needs
// HTTP/1.1, and no proxy is used.
func (e Endpoint) HTTPClient() (*http.Client, error) {
	if err := validateDial(e.Dial); err != nil {
		return nil, fmt.Errorf("test endpoint: dial address %q: %w", e.Dial, err)
	}
	pool, err := loadCAPool(e.CAFile)
	if err != nil {
		return nil, fmt.Errorf("test endpoint: %w", err)
	}
	dialer := &net.Dialer{Timeout: 10 * time.Second}
	addr := e.Dial
	transport := &http.Transport{
		Proxy: nil,
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return dialer.DialContext(ctx, network, addr)
		},
		TLSClientConfig:     &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12},
		ForceAttemptHTTP2:   false,
		TLSNextProto:        map[string]func(string, *tls.Conn) http.RoundTripper{},
		TLSHandshakeTimeout: 10 * time.Second,
		IdleConnTimeout:     30 * time.Second,
	}
	return &http.Client{Transport: transport}, nil
}

// Apply installs e.HTTPClient on cli for the pre-login websocket, the
// logged-in websocket and media (all three are used). Call it before
// cli.Connect. It does not touch whatsmeow.WACertPubKey: see InstallRootKey.
func (e Endpoint) Apply(cli *whatsmeow.Client) error {
	if cli == nil {
		return errors.New("test endpoint: nil whatsmeow client")
	}
	hc, err := e.HTTPClient()
	if err != nil {
		return err
	}
	cli.SetPreLoginHTTPClient(hc)
	cli.SetWebsocketHTTPClient(hc)
	cli.SetMediaHTTPClient(hc)
	return nil
}

var rootKey struct {
	sync.Mutex
	installed bool
	key       [32]byte
}

// InstallRootKey replaces whatsmeow.WACertPubKey, the root that the server's
// Noise certificate chain must be signed by, with the 32-byte public key in
// hexKey.
//
// WACertPubKey is a process-wide variable that every whatsmeow client reads
// during its handshake, so this must be called once per process before any
// client connects (in tests: from TestMain or a sync.Once before the first
// client). Calling it again with the same key is a no-op that writes nothing,
// so it is safe while clients run; calling it with a different key after the
// first install is refused with an error instead of racing.
func InstallRootKey(hexKey string) error {
	key, err := parseRootKey(hexKey)
	if err != nil {
		return fmt.Errorf("install root key: %w", err)
	}
	rootKey.Lock()
	defer rootKey.Unlock()
	if rootKey.installed {
		if rootKey.key != key {
			return errors.New("install root key: a different root key is already installed in this process")
		}
		return nil
	}
	whatsmeow.WACertPubKey = key
	rootKey.key = key
	rootKey.installed = true
	return nil
}

func validateDial(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("want host:port: %w", err)
	}
	if host == "" {
		return errors.New("want host:port: empty host")
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 {
		return fmt.Errorf("want host:port: port %q is not a number in 1-65535", port)
	}
	return nil
}

func loadCAPool(path string) (*x509.CertPool, error) {
	if path == "" {
		return nil, errors.New("no CA file given")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read CA file: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(data) {
		return nil, fmt.Errorf("CA file %s holds no PEM certificate", path)
	}
	return pool, nil
}

func parseRootKey(s string) ([32]byte, error) {
	var key [32]byte
	if len(s) != 64 {
		return key, fmt.Errorf("root key must be 64 hex characters, got %d", len(s))
	}
	if _, err := hex.Decode(key[:], []byte(s)); err != nil {
		return key, fmt.Errorf("root key is not hex: %w", err)
	}
	return key, nil
}
