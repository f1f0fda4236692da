package fakewa_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/wasync/wasync/backend/wa/fakewa"
)

func newPhone(t *testing.T, srv *fakewa.Server) *fakewa.Phone {
	t.Helper()
	phone, err := srv.NewPhone(fakewa.PhoneConfig{})
	if err != nil {
		t.Fatal(err)
	}
	return phone
}

func TestPairByQR(t *testing.T) {
	t.Parallel()
	srv := fakewa.NewTest(t, fakewa.Config{})
	phone := newPhone(t, srv)
	c := newClient(t, srv, dbPath(t))
	ctx := testCtx(t)

	if err := c.Connect(); err != nil {
		t.Fatalf("connect: %v", err)
	}
	qr, _ := waitEvent[*events.QR](t, c.ev, 0)
	if len(qr.Codes) != fakewa.DefaultQRRefs {
		t.Fatalf("got %d QR codes, want %d", len(qr.Codes), fakewa.DefaultQRRefs)
	}
	if err := phone.ScanQR(ctx, qr.Codes[2]); err != nil {
		t.Fatalf("scan QR: %v", err)
	}
	ps, _ := waitEvent[*events.PairSuccess](t, c.ev, 0)
	waitEvent[*events.Connected](t, c.ev, 0)

	if ps.ID.User != phone.Number() || ps.ID.Device == 0 || ps.LID.User != phone.LID().User || ps.Platform != "android" {
		t.Errorf("PairSuccess = %+v for phone %s / %s", ps, phone.JID(), phone.LID())
	}
	if got := c.Store.GetJID(); got != ps.ID {
		t.Errorf("store JID %s, want %s", got, ps.ID)
	}
	if got := phone.Companions(); !slices.Equal(got, []types.JID{ps.ID}) {
		t.Errorf("phone companions %v, want [%s]", got, ps.ID)
	}
	info, err := srv.Companion(ps.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !info.Connected || info.PreKeys != 812 || info.IdentityKey != *c.Store.IdentityKey.Pub {
		t.Errorf("server view of companion: %+v", info)
	}
	if _, err := srv.PopPreKeyBundle(ps.ID); err != nil {
		t.Errorf("prekey bundle: %v", err)
	}
	if !c.IsLoggedIn() {
		t.Error("client not logged in")
	}
	assertNoUnhandled(t, srv)
}

func TestScanUnknownQR(t *testing.T) {
	t.Parallel()
	srv := fakewa.NewTest(t, fakewa.Config{})
	phone := newPhone(t, srv)
	c := newClient(t, srv, dbPath(t))
	if err := c.Connect(); err != nil {
		t.Fatal(err)
	}
	qr, _ := waitEvent[*events.QR](t, c.ev, 0)
	forged := "2@nosuchref" + qr.Codes[0][len("2@")+32:]
	if err := phone.ScanQR(testCtx(t), forged); !errors.Is(err, fakewa.ErrUnknownRef) {
		t.Fatalf("scan of unknown ref: %v, want ErrUnknownRef", err)
	}
	if err := phone.ScanQR(testCtx(t), "not a qr code"); err == nil {
		t.Fatal("scan of garbage succeeded")
	}
	assertNoUnhandled(t, srv)
}

func TestPairByPhoneCode(t *testing.T) {
	t.Parallel()
	srv := fakewa.NewTest(t, fakewa.Config{})
	phone := newPhone(t, srv)
	c := newClient(t, srv, dbPath(t))
	ctx := testCtx(t)

	if err := c.Connect(); err != nil {
		t.Fatalf("connect: %v", err)
	}
	waitEvent[*events.QR](t, c.ev, 0) // PairPhone needs the connection up
	code, err := c.PairPhone(ctx, "+"+phone.Number(), true, whatsmeow.PairClientChrome, "Chrome (Linux)")
	if err != nil {
		t.Fatalf("PairPhone: %v", err)
	}
	if len(code) != 9 || code[4] != '-' {
		t.Fatalf("pairing code %q, want XXXX-XXXX", code)
	}
	wrong := []byte(code)
	wrong[0] = map[bool]byte{true: 'B', false: 'A'}[wrong[0] == 'A']
	if err := phone.EnterPairCode(ctx, string(wrong)); !errors.Is(err, fakewa.ErrWrongPairCode) {
		t.Fatalf("wrong code: %v, want ErrWrongPairCode", err)
	}
	if err := phone.EnterPairCode(ctx, code); err != nil {
		t.Fatalf("enter code: %v", err)
	}
	ps, _ := waitEvent[*events.PairSuccess](t, c.ev, 0)
	waitEvent[*events.Connected](t, c.ev, 0)
	if ps.ID.User != phone.Number() || c.Store.GetJID() != ps.ID {
		t.Errorf("paired as %s (store %s), phone %s", ps.ID, c.Store.GetJID(), phone.Number())
	}
	assertNoUnhandled(t, srv)
}

func TestPairCodeWithoutRequest(t *testing.T) {
	t.Parallel()
	srv := fakewa.NewTest(t, fakewa.Config{})
	phone := newPhone(t, srv)
	if err := phone.EnterPairCode(testCtx(t), "ABCD-EFGH"); !errors.Is(err, fakewa.ErrNoPairCodeRequest) {
		t.Fatalf("got %v, want ErrNoPairCodeRequest", err)
	}
}

func TestQRRefresh(t *testing.T) {
	t.Parallel()
	srv := fakewa.NewTest(t, fakewa.Config{QRRefs: 2})
	phone := newPhone(t, srv)
	c := newClient(t, srv, dbPath(t))
	if err := c.Connect(); err != nil {
		t.Fatal(err)
	}
	first, i := waitEvent[*events.QR](t, c.ev, 0)
	if len(first.Codes) != 2 {
		t.Fatalf("got %d codes, want 2", len(first.Codes))
	}
	if n := srv.RefreshQR(); n != 1 {
		t.Fatalf("RefreshQR reached %d connections, want 1", n)
	}
	second, _ := waitEvent[*events.QR](t, c.ev, i+1)
	if len(second.Codes) != 2 || slices.Contains(first.Codes, second.Codes[0]) {
		t.Fatalf("refreshed codes %v repeat %v", second.Codes, first.Codes)
	}
	if err := phone.ScanQR(testCtx(t), second.Codes[1]); err != nil {
		t.Fatalf("scan refreshed QR: %v", err)
	}
	waitEvent[*events.Connected](t, c.ev, 0)
	assertNoUnhandled(t, srv)
}

// TestQRChannelTimeouts: whatsmeow's GetQRChannel shows the first of six
// codes for 60 s and each later one for 20 s (qrchan.go, emitQRs). Only the
// first is checked, then the context ends the channel: letting the server
// close the connection instead trips a data race inside whatsmeow (emitQRs
// sends on the channel while the Disconnected handler closes it).
func TestQRChannelTimeouts(t *testing.T) {
	t.Parallel()
	srv := fakewa.NewTest(t, fakewa.Config{})
	c := newClient(t, srv, dbPath(t))
	ctx, cancel := context.WithCancel(testCtx(t))
	defer cancel()
	qrc, err := c.GetQRChannel(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Connect(); err != nil {
		t.Fatal(err)
	}
	select {
	case item := <-qrc:
		if item.Event != whatsmeow.QRChannelEventCode || item.Timeout != 60*time.Second {
			t.Fatalf("first QR channel item %+v, want a code shown for 60s", item)
		}
	case <-ctx.Done():
		t.Fatal("no QR code")
	}
	cancel()
	for range qrc { // emitQRs closes the channel when its context ends
	}
	assertNoUnhandled(t, srv)
}

// TestQRExpiry: once its refs run out the server closes an unpaired
// connection; the client sees Disconnected and the codes no longer work.
func TestQRExpiry(t *testing.T) {
	t.Parallel()
	srv := fakewa.NewTest(t, fakewa.Config{PairingTimeout: 50 * time.Millisecond})
	phone := newPhone(t, srv)
	c := newClient(t, srv, dbPath(t))
	if err := c.Connect(); err != nil {
		t.Fatal(err)
	}
	qr, i := waitEvent[*events.QR](t, c.ev, 0)
	waitEvent[*events.Disconnected](t, c.ev, i+1)
	eventually(t, "the server dropped the connection", func() bool { return srv.Connections() == 0 })
	if err := phone.ScanQR(testCtx(t), qr.Codes[0]); !errors.Is(err, fakewa.ErrUnknownRef) {
		t.Fatalf("scan of expired QR: %v, want ErrUnknownRef", err)
	}
	if c.IsConnected() {
		t.Error("client still connected")
	}
	assertNoUnhandled(t, srv)
}
