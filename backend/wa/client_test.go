package wa_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/wa/fakewa"
)

func TestQRPairingConnects(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	if s := h.cli.Session(); s.State != domain.StateLoggedOut {
		t.Fatalf("fresh store: %+v", s)
	}
	s := h.linkByQR(t)
	if s.JID != h.phone.JID().String() {
		t.Fatalf("connected as %q, want %q", s.JID, h.phone.JID())
	}
	for _, ev := range []string{domain.EventConnectionQR, domain.EventConnectionPair, domain.EventConnectionConnected} {
		if !h.sink.hasEvent(ev) {
			t.Errorf("no %s event", ev)
		}
	}
	if err := h.cli.StartPairing(ctx(t)); domain.ErrorCode(err) != domain.CodeConflict {
		t.Fatalf("pairing while linked: %v", err)
	}
	if _, err := h.cli.PairPhone(ctx(t), "15551234567"); domain.ErrorCode(err) != domain.CodeConflict {
		t.Fatalf("pair code while linked: %v", err)
	}
}

func TestPairCodeConnects(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	rctx, cancel := context.WithCancel(context.Background())
	code, err := h.cli.PairPhone(rctx, "+1 (555) 000-1111")
	cancel()
	if err != nil {
		t.Fatal(err)
	}
	if len(strings.ReplaceAll(code, "-", "")) != 8 || h.cli.Session().PairCode != code {
		t.Fatalf("pair code %q, session %+v", code, h.cli.Session())
	}
	if err := h.phone.EnterPairCode(ctx(t), code); err != nil {
		t.Fatal(err)
	}
	s := h.wait(t, "connected", state(domain.StateConnected))
	if s.JID != h.phone.JID().String() {
		t.Fatalf("connected as %q", s.JID)
	}
}

func TestPairCodeRejectsBadNumbers(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	for _, phone := range []string{"", "abc", "12345", "0155512345", "1555123456789012", "1555-CALL-NOW"} {
		if _, err := h.cli.PairPhone(ctx(t), phone); domain.ErrorCode(err) != domain.CodeInvalid {
			t.Errorf("phone %q: %v", phone, err)
		}
	}
	if s := h.cli.Session(); s.State != domain.StateLoggedOut {
		t.Fatalf("bad input changed state: %+v", s)
	}
}

func TestRestartLogsStraightIn(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	h.close()
	h.open(t)
	if s := h.cli.Session(); s.State != domain.StateConnecting {
		t.Fatalf("after restart: %+v", s)
	}
	h.wait(t, "connected", state(domain.StateConnected))
	if h.sink.hasEvent(domain.EventConnectionQR) {
		t.Fatal("a QR code was shown after restart")
	}
}

func TestDroppedConnectionReconnects(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	if n := h.srv.DropConnections(); n == 0 {
		t.Fatal("nothing to drop")
	}
	h.wait(t, "disconnected", func(s domain.Session) bool {
		return s.State == domain.StateDisconnected || h.sink.hasEvent(domain.EventConnectionDisconnect)
	})
	h.wait(t, "connected again", func(s domain.Session) bool {
		return s.State == domain.StateConnected && h.sink.hasEvent(domain.EventConnectionDisconnect)
	})
}

func TestPhoneSideRemovalLogsOutAndKeepsHistory(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	s := h.linkByQR(t)
	if err := h.st.SetSetting(context.Background(), "history-marker", "kept"); err != nil {
		t.Fatal(err)
	}
	companions := h.phone.Companions()
	if len(companions) != 1 {
		t.Fatalf("phone lists %d companions", len(companions))
	}
	if err := h.phone.RemoveCompanion(ctx(t), companions[0]); err != nil {
		t.Fatal(err)
	}
	out := h.wait(t, "logged out", state(domain.StateLoggedOut))
	if !strings.Contains(out.PreviousAccount, s.JID) || !strings.Contains(out.Reason, "phone removed") {
		t.Fatalf("logged out session: %+v", out)
	}
	waitNoDevice(t, h)
	if v, ok, _ := h.st.Setting(context.Background(), "history-marker"); !ok || v != "kept" {
		t.Fatal("stored data lost on logout")
	}
	// The link screen can pair again with fresh keys.
	h.linkByQR(t)
}

// waitNoDevice polls the database: whatsmeow deletes the device after it
// dispatched LoggedOut.
func waitNoDevice(t *testing.T, h *harness) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for time.Now().Before(deadline) {
		var n int
		if err := h.st.WhatsmeowDB().QueryRow(`SELECT COUNT(*) FROM whatsmeow_device`).Scan(&n); err == nil && n == 0 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("device keys still stored after logout")
}

func TestLogoutFromWasync(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	if err := h.cli.Logout(ctx(t)); err != nil {
		t.Fatal(err)
	}
	if _, err := h.srv.WaitIQ(ctx(t), "md", "remove-companion-device"); err != nil {
		t.Fatalf("server never told: %v", err)
	}
	if s := h.cli.Session(); s.State != domain.StateLoggedOut || s.PreviousAccount == "" {
		t.Fatalf("after logout: %+v", s)
	}
	waitNoDevice(t, h)
	if err := h.cli.Logout(ctx(t)); domain.ErrorCode(err) != domain.CodeConflict {
		t.Fatalf("second logout: %v", err)
	}
}

func TestLogoutWhileOfflineStillForgetsKeys(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	h.srv.SetHandshakeFault(fakewa.HandshakeRejectUpgrade)
	h.srv.DropConnections()
	h.wait(t, "disconnected", state(domain.StateDisconnected))
	if err := h.cli.Logout(ctx(t)); err != nil {
		t.Fatal(err)
	}
	s := h.cli.Session()
	if s.State != domain.StateLoggedOut || !strings.Contains(s.Reason, "offline") {
		t.Fatalf("after offline logout: %+v", s)
	}
	waitNoDevice(t, h)
}

func TestQRCodesRotateThenExpireThenRenew(t *testing.T) {
	h := newHarness(t, fakewa.Config{QRRefs: 3})
	if err := h.cli.StartPairing(ctx(t)); err != nil {
		t.Fatal(err)
	}
	first := h.cli.Session().QR
	h.clock.Advance(60 * time.Second)
	second := h.wait(t, "second code", func(s domain.Session) bool { return s.QR != nil && s.QR.Code != first.Code }).QR
	if second.ExpiresAt <= first.ExpiresAt {
		t.Fatalf("expiry did not move: %s then %s", first.ExpiresAt, second.ExpiresAt)
	}
	h.clock.Advance(20 * time.Second)
	h.wait(t, "third code", func(s domain.Session) bool { return s.QR != nil && s.QR.Code != second.Code })
	h.clock.Advance(20 * time.Second)
	s := h.wait(t, "expired", state(domain.StateLoggedOut))
	if !strings.Contains(s.Reason, "expired") || s.QR != nil {
		t.Fatalf("expired session: %+v", s)
	}
	if err := h.phone.ScanQR(ctx(t), first.Code); err == nil {
		t.Fatal("an expired code still paired")
	}
	// "New code" gets fresh codes, and those pair.
	h.linkByQR(t)
	checkNoLeftovers(t, h)
}

func TestServerClosingPairingSocketExpiresCode(t *testing.T) {
	h := newHarness(t, fakewa.Config{PairingTimeout: 100 * time.Millisecond})
	if err := h.cli.StartPairing(ctx(t)); err != nil {
		t.Fatal(err)
	}
	s := h.wait(t, "expired", state(domain.StateLoggedOut))
	if !strings.Contains(s.Reason, "expired") {
		t.Fatalf("session: %+v", s)
	}
}

func TestHandshakeFailureIsAClearErrorAndNoStuckState(t *testing.T) {
	for _, fault := range []fakewa.HandshakeFault{fakewa.HandshakeRejectUpgrade, fakewa.HandshakeEmptyHello, fakewa.HandshakeBadCert} {
		t.Run(fmt.Sprint(fault), func(t *testing.T) {
			h := newHarness(t, fakewa.Config{})
			h.srv.SetHandshakeFault(fault)
			err := h.cli.StartPairing(ctx(t))
			if domain.ErrorCode(err) != domain.CodeUnavailable || !strings.Contains(err.Error(), "cannot reach WhatsApp") {
				t.Fatalf("err = %v", err)
			}
			if s := h.cli.Session(); s.State != domain.StateLoggedOut || s.Reason == "" {
				t.Fatalf("state after failure: %+v", s)
			}
			h.srv.SetHandshakeFault(fakewa.HandshakeNormal)
			h.linkByQR(t)
			checkNoLeftovers(t, h)
		})
	}
}

func TestPhoneShowsTheDeviceName(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	info, err := h.srv.Companion(h.phone.Companions()[0])
	if err != nil || info.DeviceName != "wasync" {
		t.Fatalf("the phone lists the device as %q (%v), want \"wasync\"", info.DeviceName, err)
	}
}

func TestOutdatedClientAndTemporaryBanAreShownWithTheirReason(t *testing.T) {
	cases := map[string]string{fakewa.FailureClientOutdated: "outdated", fakewa.FailureTempBanned: "banned"}
	for reason, want := range cases {
		t.Run(reason, func(t *testing.T) {
			h := newHarness(t, fakewa.Config{})
			h.linkByQR(t)
			h.srv.SetLoginFailure(reason)
			h.close()
			h.open(t) // the next login fails
			s := h.wait(t, "stopped with a reason", func(s domain.Session) bool {
				return s.State == domain.StateDisconnected && strings.Contains(s.Reason, want)
			})
			if s.JID == "" {
				t.Fatalf("session lost its account: %+v", s)
			}
		})
	}
}
