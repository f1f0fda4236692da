package fakewa_test

import (
	"os"
	"strings"
	"testing"

	"github.com/wasync/wasync/backend/wa/fakewa"
)

// TestHandshakeFaults is not parallel: its leak check needs the other tests'
// goroutines out of the way (parallel tests start after it).
func TestHandshakeFaults(t *testing.T) {
	cases := []struct {
		name  string
		fault fakewa.HandshakeFault
		want  string
		slow  bool
	}{
		{"reject upgrade", fakewa.HandshakeRejectUpgrade, "503", false},
		{"empty server hello", fakewa.HandshakeEmptyHello, "missing parts of handshake response", false},
		{"untrusted certificate", fakewa.HandshakeBadCert, "failed to verify server cert", false},
		// whatsmeow waits its fixed 20 s NoiseHandshakeResponseTimeout here.
		{"silent close", fakewa.HandshakeSilentClose, "timed out waiting for handshake response", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.slow && os.Getenv("FAKEWA_SLOW") == "" {
				t.Skip("takes 20 s; set FAKEWA_SLOW=1")
			}
			before := goroutines()
			srv := fakewa.NewTest(t, fakewa.Config{})
			srv.SetHandshakeFault(tc.fault)
			c := newClient(t, srv, dbPath(t))
			err := c.Connect()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("connect error %v, want one containing %q", err, tc.want)
			}
			if c.IsConnected() {
				t.Error("client reports connected")
			}
			t.Logf("error: %v", err)
			if err := srv.Close(); err != nil {
				t.Fatal(err)
			}
			assertNoLeak(t, before)
			assertNoUnhandled(t, srv)
		})
	}
}

func TestHandshakeFaultCleared(t *testing.T) {
	t.Parallel()
	srv := fakewa.NewTest(t, fakewa.Config{})
	srv.SetHandshakeFault(fakewa.HandshakeBadCert)
	c := newClient(t, srv, dbPath(t))
	if err := c.Connect(); err == nil {
		t.Fatal("connect succeeded through a bad certificate")
	}
	srv.SetHandshakeFault(fakewa.HandshakeNormal)
	pairByQR(t, c, newPhone(t, srv))
	assertNoUnhandled(t, srv)
}
