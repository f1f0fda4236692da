package wa

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/store"
	waLog "go.mau.fi/whatsmeow/util/log"
)

// testCAPEM makes a self-signed CA certificate in PEM form.
func testCAPEM(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "endpoint test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

const goodKey = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func envFunc(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestEndpointFromEnvUnset(t *testing.T) {
	ep, err := EndpointFromEnv(envFunc(nil))
	if err != nil || ep.IsSet() {
		t.Fatalf("unset env: %+v, %v", ep, err)
	}
}

func TestEndpointFromEnvValid(t *testing.T) {
	ca := writeFile(t, "ca.pem", testCAPEM(t))
	ep, err := EndpointFromEnv(envFunc(map[string]string{EnvDial: "127.0.0.1:4430", EnvCA: ca, EnvRootKey: goodKey}))
	if err != nil {
		t.Fatal(err)
	}
	if !ep.IsSet() || ep.Dial != "127.0.0.1:4430" || ep.CAFile != ca || ep.RootKeyHex != goodKey {
		t.Fatalf("endpoint %+v", ep)
	}
	cli := whatsmeow.NewClient(&store.Device{}, waLog.Noop)
	if err := ep.Apply(cli); err != nil {
		t.Fatalf("apply: %v", err)
	}
}

func TestEndpointFromEnvErrors(t *testing.T) {
	ca := writeFile(t, "ca.pem", testCAPEM(t))
	notPEM := writeFile(t, "junk.pem", "hello, not a certificate\n")
	missing := filepath.Join(t.TempDir(), "absent.pem")
	cases := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"only dial", map[string]string{EnvDial: "127.0.0.1:1"}, "missing [WASYNC_WA_CA WASYNC_WA_ROOT_KEY]"},
		{"no root key", map[string]string{EnvDial: "127.0.0.1:1", EnvCA: ca}, "missing [WASYNC_WA_ROOT_KEY]"},
		{"no port", map[string]string{EnvDial: "127.0.0.1", EnvCA: ca, EnvRootKey: goodKey}, "WASYNC_WA_DIAL"},
		{"empty host", map[string]string{EnvDial: ":443", EnvCA: ca, EnvRootKey: goodKey}, "empty host"},
		{"port not a number", map[string]string{EnvDial: "localhost:https", EnvCA: ca, EnvRootKey: goodKey}, "not a number"},
		{"port out of range", map[string]string{EnvDial: "localhost:70000", EnvCA: ca, EnvRootKey: goodKey}, "not a number in 1-65535"},
		{"CA file missing", map[string]string{EnvDial: "127.0.0.1:1", EnvCA: missing, EnvRootKey: goodKey}, "read CA file"},
		{"CA file not PEM", map[string]string{EnvDial: "127.0.0.1:1", EnvCA: notPEM, EnvRootKey: goodKey}, "holds no PEM certificate"},
		{"root key short", map[string]string{EnvDial: "127.0.0.1:1", EnvCA: ca, EnvRootKey: goodKey[:62]}, "64 hex characters, got 62"},
		{"root key not hex", map[string]string{EnvDial: "127.0.0.1:1", EnvCA: ca, EnvRootKey: strings.Repeat("zz", 32)}, "not hex"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ep, err := EndpointFromEnv(envFunc(tc.env))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %+v, %v; want an error containing %q", ep, err, tc.want)
			}
		})
	}
}

func TestApplyRejectsBadEndpoint(t *testing.T) {
	cli := whatsmeow.NewClient(&store.Device{}, waLog.Noop)
	if err := (Endpoint{Dial: "nope", CAFile: "x", RootKeyHex: goodKey}).Apply(cli); err == nil {
		t.Fatal("Apply accepted a bad dial address")
	}
	if err := (Endpoint{}).Apply(nil); err == nil {
		t.Fatal("Apply accepted a nil client")
	}
}

func TestInstallRootKeyRejectsBadKey(t *testing.T) {
	if err := InstallRootKey("abc"); err == nil {
		t.Fatal("short key accepted")
	}
}
