package fakewa_test

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/proto/waCommon"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/proto/waHistorySync"
	"go.mau.fi/whatsmeow/proto/waWeb"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/wasync/wasync/backend/wa/fakewa"
)

// linkedManual pairs a client that downloads history itself
// (ManualHistorySyncDownload) and acks synchronously.
func linkedManual(t *testing.T) (*fakewa.Server, *fakewa.Phone, *client, types.JID) {
	t.Helper()
	srv := fakewa.NewTest(t, fakewa.Config{})
	phone := newPhone(t, srv)
	c := newClient(t, srv, dbPath(t))
	c.ManualHistorySyncDownload = true
	c.SynchronousAck = true
	jid := pairByQR(t, c, phone)
	return srv, phone, c, jid
}

// historyNotifications returns the history sync notifications c received
// as events.Message, in order.
func historyNotifications(c *client) []*waE2E.HistorySyncNotification {
	var out []*waE2E.HistorySyncNotification
	for _, evt := range c.ev.all() {
		if m, ok := evt.(*events.Message); ok {
			if n := m.Message.GetProtocolMessage().GetHistorySyncNotification(); n != nil {
				out = append(out, n)
			}
		}
	}
	return out
}

func smallHistory() *waHistorySync.HistorySync {
	return &waHistorySync.HistorySync{
		SyncType:   waHistorySync.HistorySync_INITIAL_BOOTSTRAP.Enum(),
		ChunkOrder: proto.Uint32(1),
		Progress:   proto.Uint32(100),
		Conversations: []*waHistorySync.Conversation{{
			ID:   proto.String("15551234567@s.whatsapp.net"),
			Name: proto.String("Alice"),
			Messages: []*waHistorySync.HistorySyncMsg{{
				MsgOrderID: proto.Uint64(1),
				Message: &waWeb.WebMessageInfo{
					Key:              &waCommon.MessageKey{RemoteJID: proto.String("15551234567@s.whatsapp.net"), FromMe: proto.Bool(false), ID: proto.String("ABC")},
					Message:          &waE2E.Message{Conversation: proto.String("hello")},
					MessageTimestamp: proto.Uint64(uint64(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC).Unix())),
				},
			}},
		}},
	}
}

func TestHistorySyncInline(t *testing.T) {
	t.Parallel()
	srv, phone, c, jid := linkedManual(t)
	ctx := testCtx(t)
	hs := smallHistory()
	id, err := phone.SendHistorySync(ctx, jid, hs, fakewa.HistoryOpts{Inline: true, SessionID: "sess-1"})
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := waitEvent[*events.Message](t, c.ev, 0)
	if msg.Info.ID != id || !msg.Info.IsFromMe || msg.Info.Category != "peer" {
		t.Errorf("message info %+v", msg.Info)
	}
	notif := msg.Message.GetProtocolMessage().GetHistorySyncNotification()
	if notif == nil || len(notif.GetInitialHistBootstrapInlinePayload()) == 0 || notif.GetPeerDataRequestSessionID() != "sess-1" {
		t.Fatalf("notification %v", notif)
	}
	got, err := c.DownloadHistorySync(ctx, notif, true)
	if err != nil {
		t.Fatal(err)
	}
	if !proto.Equal(got, hs) {
		t.Errorf("got %v\nwant %v", got, hs)
	}
	if reqs := srv.MediaRequests(); len(reqs) != 0 {
		t.Errorf("inline sync hit the media host: %v", reqs)
	}
	assertNoUnhandled(t, srv)
}

// encTypes is the <enc> types of the phone's messages, in order.
func encTypes(phone *fakewa.Phone) [][]string {
	var out [][]string
	for _, m := range phone.Sent() {
		out = append(out, m.EncTypes)
	}
	return out
}

func TestHistorySyncMediaDownload(t *testing.T) {
	t.Parallel()
	srv, phone, c, jid := linkedManual(t)
	ctx := testCtx(t)
	hs := smallHistory()
	if _, err := phone.SendHistorySync(ctx, jid, hs, fakewa.HistoryOpts{}); err != nil {
		t.Fatal(err)
	}
	msg, _ := waitEvent[*events.Message](t, c.ev, 0)
	notif := msg.Message.GetProtocolMessage().GetHistorySyncNotification()
	if notif.GetInitialHistBootstrapInlinePayload() != nil || !strings.Contains(notif.GetDirectPath(), "?") ||
		len(notif.GetMediaKey()) != 32 || len(notif.GetFileEncSHA256()) != 32 || notif.GetFileLength() == 0 {
		t.Fatalf("notification %v", notif)
	}
	got, err := c.DownloadHistorySync(ctx, notif, true)
	if err != nil {
		t.Fatal(err)
	}
	if !proto.Equal(got, hs) {
		t.Errorf("got %v\nwant %v", got, hs)
	}
	path, _, _ := strings.Cut(notif.GetDirectPath(), "?")
	reqs := srv.MediaRequests()
	if len(reqs) != 1 || !strings.HasPrefix(reqs[0], fakewa.MediaHostname+path+"?") || !strings.Contains(reqs[0], "mms-type=md-msg-hist") {
		t.Errorf("media requests %v, want one for %s", reqs, path)
	}
	assertNoUnhandled(t, srv)
}

func TestHistorySyncChunksInOrder(t *testing.T) {
	t.Parallel()
	srv, phone, c, jid := linkedManual(t)
	ctx := testCtx(t)
	h := fakewa.GenerateHistory(fakewa.GenOpts{Seed: 2, Chats: 3, Groups: 1, MessagesPerChat: 30, ChunkMessages: 40, Owner: phone.JID()})
	before, _ := srv.Companion(jid)
	for i, hs := range h.Chunks {
		if _, err := phone.SendHistorySync(ctx, jid, hs, fakewa.HistoryOpts{Inline: i%2 == 0}); err != nil {
			t.Fatal(err)
		}
	}
	notifs := historyNotifications(c)
	if len(notifs) != len(h.Chunks) || len(h.Chunks) != 3 {
		t.Fatalf("%d notifications for %d chunks", len(notifs), len(h.Chunks))
	}
	var got []*waHistorySync.HistorySync
	for i, notif := range notifs {
		if notif.GetChunkOrder() != uint32(i+1) || notif.GetSyncType() != waE2E.HistorySyncType(h.Chunks[i].GetSyncType()) {
			t.Errorf("notification %d: order %d type %v", i, notif.GetChunkOrder(), notif.GetSyncType())
		}
		hs, err := c.DownloadHistorySync(ctx, notif, true)
		if err != nil {
			t.Fatal(err)
		}
		if !proto.Equal(hs, h.Chunks[i]) {
			t.Errorf("chunk %d differs from what was sent", i+1)
		}
		got = append(got, hs)
	}
	if counts, total := countStorable(got); total != h.Total || !maps.Equal(counts, h.Counts) {
		t.Errorf("received %v (%d), want %v (%d)", counts, total, h.Counts, h.Total)
	}
	want := [][]string{{"pkmsg"}, {"msg"}, {"msg"}}
	if got := encTypes(phone); !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("enc types %v, want %v", got, want)
	}
	if after, _ := srv.Companion(jid); after.PreKeys != before.PreKeys-1 {
		t.Errorf("prekeys %d -> %d, want one used", before.PreKeys, after.PreKeys)
	}
	assertNoUnhandled(t, srv)
}

func TestHistorySyncLargeGeneration(t *testing.T) {
	t.Parallel()
	srv, phone, c, jid := linkedManual(t)
	ctx := testCtx(t)
	h := fakewa.GenerateHistory(fakewa.GenOpts{
		Seed: 3, Chats: 30, Groups: 10, MessagesPerChat: 500, ChunkMessages: 5000, Owner: phone.JID(),
		ExtraTexts: []string{"<img src=x onerror=alert(1)>", "xylophonequest"},
	})
	if len(h.Chunks) != 4 {
		t.Fatalf("%d chunks, want 4", len(h.Chunks))
	}
	for _, hs := range h.Chunks {
		if _, err := phone.SendHistorySync(ctx, jid, hs, fakewa.HistoryOpts{}); err != nil {
			t.Fatal(err)
		}
	}
	var got []*waHistorySync.HistorySync
	for _, notif := range historyNotifications(c) {
		hs, err := c.DownloadHistorySync(ctx, notif, true)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, hs)
	}
	counts, total := countStorable(got)
	if total != h.Total || !maps.Equal(counts, h.Counts) {
		t.Errorf("received %d storable messages, want %d", total, h.Total)
	}
	if n := len(srv.MediaRequests()); n != 4 {
		t.Errorf("%d media downloads, want 4", n)
	}
	assertNoUnhandled(t, srv)
}

func TestHistorySyncDefaultDispatch(t *testing.T) {
	t.Parallel()
	srv := fakewa.NewTest(t, fakewa.Config{})
	phone := newPhone(t, srv)
	c := newClient(t, srv, dbPath(t))
	jid := pairByQR(t, c, phone)
	ctx := testCtx(t)
	h := fakewa.GenerateHistory(fakewa.GenOpts{Seed: 4, Chats: 2, Groups: 1, MessagesPerChat: 10, ChunkMessages: 20, Owner: phone.JID()})
	for _, hs := range append(h.Chunks, h.PushNames) {
		if _, err := phone.SendHistorySync(ctx, jid, hs, fakewa.HistoryOpts{}); err != nil {
			t.Fatal(err)
		}
	}
	since := 0
	for i, want := range append(h.Chunks, h.PushNames) {
		var evt *events.HistorySync
		evt, since = waitEvent[*events.HistorySync](t, c.ev, since)
		since++
		if !proto.Equal(evt.Data, want) {
			t.Errorf("events.HistorySync %d differs from chunk sent", i)
		}
	}
	// The first chunk's LID mapping reached whatsmeow's store.
	for lid, pn := range h.Aliases {
		lidJID, _ := types.ParseJID(lid)
		eventually(t, "the LID mapping is stored", func() bool {
			got, err := c.Store.LIDs.GetPNForLID(context.Background(), lidJID)
			return err == nil && got.String() == pn
		})
	}
	assertNoUnhandled(t, srv)
}

func TestSendGeneratedHistoryToEveryCompanion(t *testing.T) {
	t.Parallel()
	srv := fakewa.NewTest(t, fakewa.Config{})
	phone := newPhone(t, srv)
	var clients []*client
	for range 2 {
		c := newClient(t, srv, dbPath(t))
		c.ManualHistorySyncDownload = true
		c.SynchronousAck = true
		pairByQR(t, c, phone)
		clients = append(clients, c)
	}
	ctx := testCtx(t)
	g := fakewa.NewHistoryGenerator(fakewa.GenOpts{Seed: 5, Chats: 3, Groups: 2, MessagesPerChat: 20, ChunkMessages: 30, Owner: phone.JID()})
	if err := phone.SendGeneratedHistory(ctx, g, fakewa.HistoryOpts{}); err != nil {
		t.Fatal(err)
	}
	want := g.Expected()
	for i, c := range clients {
		var got []*waHistorySync.HistorySync
		for _, notif := range historyNotifications(c) {
			hs, err := c.DownloadHistorySync(ctx, notif, true)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, hs)
		}
		if len(got) != g.NumChunks()+1 || got[len(got)-1].GetSyncType() != waHistorySync.HistorySync_PUSH_NAME {
			t.Errorf("client %d got %d syncs, want %d chunks and the push names", i, len(got), g.NumChunks())
		}
		if counts, total := countStorable(got); total != want.Total || !maps.Equal(counts, want.Counts) {
			t.Errorf("client %d received %d storable messages, want %d", i, total, want.Total)
		}
	}
	// One upload per chunk, downloaded by each companion.
	if n := len(srv.MediaRequests()); n != 2*(g.NumChunks()+1) {
		t.Errorf("%d media downloads, want %d", n, 2*(g.NumChunks()+1))
	}
	assertNoUnhandled(t, srv)
}
