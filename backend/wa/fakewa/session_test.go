package fakewa_test

import (
	"context"
	"testing"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/wasync/wasync/backend/wa/fakewa"
)

func TestRestartLogsInWithoutQR(t *testing.T) {
	t.Parallel()
	srv := fakewa.NewTest(t, fakewa.Config{})
	phone := newPhone(t, srv)
	path := dbPath(t)
	first := newClient(t, srv, path)
	jid := pairByQR(t, first, phone)
	first.Disconnect()
	_ = first.db.Close()

	mark := len(srv.Received())
	second := newClient(t, srv, path)
	if second.Store.ID == nil || *second.Store.ID != jid {
		t.Fatalf("reopened store has ID %v, want %s", second.Store.ID, jid)
	}
	if err := second.Connect(); err != nil {
		t.Fatalf("connect: %v", err)
	}
	waitEvent[*events.Connected](t, second.ev, 0)
	for _, evt := range second.ev.all() {
		switch evt.(type) {
		case *events.QR, *events.PairSuccess:
			t.Errorf("restarted client got %T", evt)
		}
	}
	for _, r := range srv.Received()[mark:] {
		if fakewa.IsIQ(r.Node, "encrypt", "registration") {
			t.Error("restarted client uploaded prekeys again")
		}
	}
	assertNoUnhandled(t, srv)
}

// TestDroppedConnectionReconnects: after a network drop whatsmeow emits
// Disconnected and logs in again by itself. The two events after the drop
// may be recorded in either order: whatsmeow's onDisconnect starts both
// `go dispatchEvent(Disconnected)` and `go autoReconnect` at once, with no
// delay after a successful login (AutoReconnectErrors is 0), so on a loaded
// machine the new login's Connected can be dispatched before Disconnected.
func TestDroppedConnectionReconnects(t *testing.T) {
	t.Parallel()
	srv := fakewa.NewTest(t, fakewa.Config{})
	c := newClient(t, srv, dbPath(t))
	jid := pairByQR(t, c, newPhone(t, srv))

	evMark, rxMark := len(c.ev.all()), len(srv.Received())
	if n := srv.DropConnections(); n != 1 {
		t.Fatalf("dropped %d connections, want 1", n)
	}
	waitEvent[*events.Disconnected](t, c.ev, evMark)
	waitEvent[*events.Connected](t, c.ev, evMark)
	// The first login's passive IQ was answered before its Connected, so one
	// after the drop proves a new login rather than a late event.
	if _, _, err := srv.WaitReceived(testCtx(t), rxMark, func(r fakewa.Received) bool {
		return r.Device == jid && fakewa.IsIQ(r.Node, "passive", "active")
	}); err != nil {
		t.Fatalf("no login after the drop: %v", err)
	}
	info, err := srv.Companion(jid)
	if err != nil || !info.Connected {
		t.Fatalf("after reconnect: %+v, %v", info, err)
	}
	assertNoUnhandled(t, srv)
}

func TestPhoneRemovesCompanion(t *testing.T) {
	t.Parallel()
	srv := fakewa.NewTest(t, fakewa.Config{})
	phone := newPhone(t, srv)
	c := newClient(t, srv, dbPath(t))
	jid := pairByQR(t, c, phone)
	ctx := testCtx(t)

	if err := phone.RemoveCompanion(ctx, jid); err != nil {
		t.Fatal(err)
	}
	lo, _ := waitEvent[*events.LoggedOut](t, c.ev, 0)
	if lo.Reason != events.ConnectFailureLoggedOut {
		t.Errorf("LoggedOut reason %v", lo.Reason)
	}
	// whatsmeow deletes the device after dispatching LoggedOut.
	eventually(t, "the device row is deleted", func() bool {
		dev, err := c.container.GetDevice(context.Background(), jid)
		return err == nil && dev == nil
	})
	if got := phone.Companions(); len(got) != 0 {
		t.Errorf("phone still lists %v", got)
	}
	assertNoUnhandled(t, srv)
}

func TestLogoutRemovesCompanion(t *testing.T) {
	t.Parallel()
	srv := fakewa.NewTest(t, fakewa.Config{})
	phone := newPhone(t, srv)
	c := newClient(t, srv, dbPath(t))
	jid := pairByQR(t, c, phone)
	ctx := testCtx(t)

	if err := c.Logout(ctx); err != nil {
		t.Fatalf("logout: %v", err)
	}
	iq, err := srv.WaitIQ(ctx, "md", "remove-companion-device")
	if err != nil {
		t.Fatal(err)
	}
	if got := iq.GetChildByTag("remove-companion-device").Attrs["jid"]; got != jid {
		t.Errorf("remove-companion-device jid %v, want %s", got, jid)
	}
	if info, err := srv.Companion(jid); err != nil || !info.Removed {
		t.Errorf("server view after logout: %+v, %v", info, err)
	}
	if got := phone.Companions(); len(got) != 0 {
		t.Errorf("phone still lists %v", got)
	}
	if dev, err := c.container.GetDevice(ctx, jid); err != nil || dev != nil {
		t.Errorf("device still stored after logout: %v, %v", dev, err)
	}
	assertNoUnhandled(t, srv)
}

func TestMessageIsAcked(t *testing.T) {
	t.Parallel()
	srv := fakewa.NewTest(t, fakewa.Config{})
	c := newClient(t, srv, dbPath(t))
	pairByQR(t, c, newPhone(t, srv))
	ctx := testCtx(t)

	// Newsletter messages are plaintext, so sending needs no Signal session.
	to := types.NewJID("120363000000000001", types.NewsletterServer)
	resp, err := c.SendMessage(ctx, to, &waE2E.Message{Conversation: proto.String("hello")})
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	r, _, err := srv.WaitReceived(ctx, 0, func(r fakewa.Received) bool {
		return r.Node.Tag == "message" && r.Node.Attrs["id"] == resp.ID
	})
	if err != nil {
		t.Fatal(err)
	}
	if r.Device != *c.Store.ID {
		t.Errorf("message recorded from %s, want %s", r.Device, *c.Store.ID)
	}
	assertNoUnhandled(t, srv)
}

func TestRemovedWhileOfflineIsLoggedOutOnConnect(t *testing.T) {
	t.Parallel()
	srv := fakewa.NewTest(t, fakewa.Config{})
	phone := newPhone(t, srv)
	path := dbPath(t)
	first := newClient(t, srv, path)
	jid := pairByQR(t, first, phone)
	first.Disconnect()
	_ = first.db.Close()
	if err := phone.RemoveCompanion(testCtx(t), jid); err != nil {
		t.Fatal(err)
	}

	second := newClient(t, srv, path)
	if err := second.Connect(); err != nil {
		t.Fatalf("connect: %v", err)
	}
	lo, _ := waitEvent[*events.LoggedOut](t, second.ev, 0)
	if !lo.OnConnect || lo.Reason != events.ConnectFailureLoggedOut {
		t.Errorf("LoggedOut %+v, want on connect with reason 401", lo)
	}
	eventually(t, "the device row is deleted", func() bool {
		dev, err := second.container.GetDevice(context.Background(), jid)
		return err == nil && dev == nil
	})
	assertNoUnhandled(t, srv)
}

func TestSecondLoginReplacesFirst(t *testing.T) {
	t.Parallel()
	srv := fakewa.NewTest(t, fakewa.Config{})
	path := dbPath(t)
	first := newClient(t, srv, path)
	jid := pairByQR(t, first, newPhone(t, srv))

	second := newClient(t, srv, path) // same device, e.g. a second app instance
	if err := second.Connect(); err != nil {
		t.Fatalf("connect: %v", err)
	}
	waitEvent[*events.Connected](t, second.ev, 0)
	waitEvent[*events.StreamReplaced](t, first.ev, 0)
	if info, err := srv.Companion(jid); err != nil || !info.Connected {
		t.Errorf("after replacement: %+v, %v", info, err)
	}
	assertNoUnhandled(t, srv)
}
