package wa_test

import (
	"bytes"
	"errors"
	"net/http"
	"testing"

	"go.mau.fi/whatsmeow/proto/waCommon"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/proto/waHistorySync"
	"go.mau.fi/whatsmeow/proto/waWeb"
	"google.golang.org/protobuf/proto"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/wa"
	"github.com/wasync/wasync/backend/wa/fakewa"
)

// decode builds the phone's notification for hs (uploading it unless
// inline) and decodes it as the history processor would.
func decode(t *testing.T, h *harness, hs *waHistorySync.HistorySync, opts fakewa.HistoryOpts) (*waE2E.HistorySyncNotification, domain.HistoryChunk, error) {
	t.Helper()
	notif, err := h.phone.HistoryNotification(hs, opts)
	if err != nil {
		t.Fatal(err)
	}
	chunk, err := decodeNotif(t, h, notif)
	return notif, chunk, err
}

func decodeNotif(t *testing.T, h *harness, notif *waE2E.HistorySyncNotification) (domain.HistoryChunk, error) {
	t.Helper()
	raw, err := proto.Marshal(notif)
	if err != nil {
		t.Fatal(err)
	}
	return h.cli.DecodeHistory(ctx(t), raw)
}

// webMsg is a history message in chat.
func webMsg(chat, id string, ts uint64, m *waE2E.Message) *waHistorySync.HistorySyncMsg {
	return &waHistorySync.HistorySyncMsg{Message: &waWeb.WebMessageInfo{
		Key:              &waCommon.MessageKey{RemoteJID: proto.String(chat), FromMe: proto.Bool(false), ID: proto.String(id)},
		Message:          m,
		MessageTimestamp: proto.Uint64(ts),
		PushName:         proto.String("Pat"),
	}}
}

func textMsg(s string) *waE2E.Message { return &waE2E.Message{Conversation: proto.String(s)} }

func oneChat(syncType waHistorySync.HistorySync_HistorySyncType, conv *waHistorySync.Conversation) *waHistorySync.HistorySync {
	return &waHistorySync.HistorySync{SyncType: syncType.Enum(), Conversations: []*waHistorySync.Conversation{conv}}
}

func TestHistoryBlobErrorsAreClassified(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	chat := "15557771000@s.whatsapp.net"
	hs := func() *waHistorySync.HistorySync {
		return oneChat(waHistorySync.HistorySync_RECENT, &waHistorySync.Conversation{
			ID: proto.String(chat), Messages: []*waHistorySync.HistorySyncMsg{webMsg(chat, "M1", 1_700_000_000, textMsg("hi"))},
		})
	}
	for _, tc := range []struct {
		name  string
		opts  fakewa.HistoryOpts
		fault func(directPath string)
		want  error
	}{
		{name: "bad zlib", opts: fakewa.HistoryOpts{Fault: fakewa.BlobBadZlib}, want: wa.ErrGone},
		{name: "bad zlib inline", opts: fakewa.HistoryOpts{Fault: fakewa.BlobBadZlib, Inline: true}, want: wa.ErrGone},
		{name: "bad protobuf", opts: fakewa.HistoryOpts{Fault: fakewa.BlobBadProtobuf}, want: wa.ErrGone},
		{name: "expired 404", fault: h.srv.ExpireMedia, want: wa.ErrGone},
		{name: "expired 410", fault: func(p string) { h.srv.FailMedia(p, http.StatusGone, -1) }, want: wa.ErrGone},
		{name: "server error", fault: func(p string) { h.srv.FailMedia(p, http.StatusServiceUnavailable, -1) }, want: wa.ErrRetryLater},
	} {
		t.Run(tc.name, func(t *testing.T) {
			notif, err := h.phone.HistoryNotification(hs(), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if tc.fault != nil {
				tc.fault(notif.GetDirectPath())
			}
			_, err = decodeNotif(t, h, notif)
			if !errors.Is(err, tc.want) {
				t.Fatalf("DecodeHistory: %v, want %v", err, tc.want)
			}
			for _, other := range []error{wa.ErrGone, wa.ErrRetryLater, wa.ErrNotReady} {
				if other != tc.want && errors.Is(err, other) {
					t.Fatalf("DecodeHistory: %v is also %v", err, other)
				}
			}
		})
	}

	t.Run("no direct path", func(t *testing.T) {
		notif, err := h.phone.HistoryNotification(hs(), fakewa.HistoryOpts{})
		if err != nil {
			t.Fatal(err)
		}
		notif.DirectPath = nil
		if _, err := decodeNotif(t, h, notif); !errors.Is(err, wa.ErrGone) {
			t.Fatalf("DecodeHistory: %v, want ErrGone", err)
		}
	})

	t.Run("5xx then success", func(t *testing.T) {
		notif, err := h.phone.HistoryNotification(hs(), fakewa.HistoryOpts{})
		if err != nil {
			t.Fatal(err)
		}
		// whatsmeow retries a 503 five times itself before giving up.
		h.srv.FailMedia(notif.GetDirectPath(), http.StatusServiceUnavailable, 5)
		if _, err := decodeNotif(t, h, notif); !errors.Is(err, wa.ErrRetryLater) {
			t.Fatalf("first try: %v, want ErrRetryLater", err)
		}
		chunk, err := decodeNotif(t, h, notif)
		if err != nil || len(chunk.Messages) != 1 {
			t.Fatalf("second try: %d messages, %v", len(chunk.Messages), err)
		}
	})
}

func TestLIDAndPhoneConversationsInOneChunkAreOneChat(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	lid, pn := "88001122@lid", "15557772000@s.whatsapp.net"
	hs := &waHistorySync.HistorySync{
		SyncType: waHistorySync.HistorySync_INITIAL_BOOTSTRAP.Enum(),
		Conversations: []*waHistorySync.Conversation{
			{ID: proto.String(lid), Messages: []*waHistorySync.HistorySyncMsg{
				webMsg(lid, "L1", 1_700_000_001, textMsg("under the LID")), webMsg(lid, "L2", 1_700_000_002, textMsg("again")),
			}},
			{ID: proto.String(pn), Messages: []*waHistorySync.HistorySyncMsg{
				webMsg(pn, "P1", 1_700_000_003, textMsg("under the number")),
			}},
		},
		PhoneNumberToLidMappings: []*waHistorySync.PhoneNumberToLIDMapping{{PnJID: proto.String(pn), LidJID: proto.String(lid)}},
	}
	_, chunk, err := decode(t, h, hs, fakewa.HistoryOpts{})
	if err != nil {
		t.Fatal(err)
	}
	if !hasMapping(chunk.LIDMappings, lid, pn) {
		t.Fatalf("mappings %+v", chunk.LIDMappings)
	}
	phoneJIDs := map[string]int{}
	for _, c := range chunk.Chats {
		if c.JID != pn || c.AltJID != lid {
			t.Fatalf("chat %+v, want %s with alt %s", c, pn, lid)
		}
		phoneJIDs[c.PhoneJID] = c.Sent
	}
	if phoneJIDs[lid] != 2 || phoneJIDs[pn] != 1 {
		t.Fatalf("phone JIDs and sent counts %v", phoneJIDs)
	}
	for _, m := range chunk.Messages {
		if m.ChatJID != pn || m.SenderJID != pn {
			t.Fatalf("message %+v not in the one chat %s", m, pn)
		}
	}
	if len(chunk.Messages) != 3 {
		t.Fatalf("%d messages", len(chunk.Messages))
	}
}

func TestHistoryMessageKinds(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	chat := "15557773000@s.whatsapp.net"
	edit := webMsg(chat, "E1", 1_700_000_500, &waE2E.Message{ProtocolMessage: &waE2E.ProtocolMessage{
		Type:          waE2E.ProtocolMessage_MESSAGE_EDIT.Enum(),
		Key:           &waCommon.MessageKey{RemoteJID: proto.String(chat), ID: proto.String("T1")},
		EditedMessage: textMsg("second version"),
	}})
	revoked := webMsg(chat, "R1", 1_700_000_600, nil)
	revoked.Message.MessageStubType = waWeb.WebMessageInfo_REVOKE.Enum()
	// A kind newer than whatsmeow's proto: an unknown field 1023.
	future := &waE2E.Message{}
	future.ProtoReflect().SetUnknown([]byte{0xfa, 0x3f, 0x05, 'p', 'a', 'r', 't', 'y'})
	unknown := webMsg(chat, "U1", 1_700_000_700, future)
	protocolOnly := webMsg(chat, "S1", 1_700_000_800, &waE2E.Message{SenderKeyDistributionMessage: &waE2E.SenderKeyDistributionMessage{GroupID: proto.String("x")}})
	hs := oneChat(waHistorySync.HistorySync_FULL, &waHistorySync.Conversation{
		ID: proto.String(chat), Archived: proto.Bool(true),
		Messages: []*waHistorySync.HistorySyncMsg{webMsg(chat, "T1", 1_700_000_400, textMsg("first version")), edit, revoked, unknown, protocolOnly},
	})
	_, chunk, err := decode(t, h, hs, fakewa.HistoryOpts{})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]domain.StoredMessage{}
	for _, m := range chunk.Messages {
		byID[m.ID] = m
		if len(m.Raw) == 0 {
			t.Errorf("message %s without its raw protobuf", m.ID)
		}
	}
	if len(chunk.Messages) != 3 || byID["T1"].Text != "first version" {
		t.Fatalf("messages %+v: want T1 (first version), R1, U1; the edit is no row", byID)
	}
	if len(chunk.Changes) != 1 {
		t.Fatalf("changes %+v, want the edit", chunk.Changes)
	}
	if ch := chunk.Changes[0]; ch.Kind != domain.ChangeEdit || ch.TargetID != "T1" || ch.Text != "second version" ||
		ch.Timestamp != 1_700_000_500 || len(ch.Raw) == 0 {
		t.Fatalf("edit %+v", ch)
	}
	if r := byID["R1"]; r.Type != domain.TypeDeleted || !r.Deleted || r.ChatJID != chat {
		t.Fatalf("revoke stub %+v, want a deleted row", r)
	}
	u := byID["U1"]
	if u.Type != domain.TypeUnsupported || u.Content.Kind != "field 1023" {
		t.Fatalf("unknown kind %+v, want unsupported", u)
	}
	var back waWeb.WebMessageInfo
	if err := proto.Unmarshal(u.Raw, &back); err != nil || back.GetKey().GetID() != "U1" || !bytes.Contains(back.GetMessage().ProtoReflect().GetUnknown(), []byte("party")) {
		t.Fatalf("raw of the unknown kind does not round-trip: %v %v", &back, err)
	}
	if len(chunk.Chats) != 1 || chunk.Chats[0].Sent != 5 {
		t.Fatalf("chats %+v, want Sent 5 (every message the phone sent)", chunk.Chats)
	}
	if c := chunk.Chats[0]; c.Archived == nil || !*c.Archived || c.Pinned != nil || c.MutedUntil != nil || c.Unread != nil {
		t.Fatalf("chat state %+v: archived carried, the rest absent", c)
	}
	if len(chunk.Contacts) != 1 || chunk.Contacts[0].PushNameTS != 1_700_000_800 {
		t.Fatalf("contacts %+v, want the newest push name's time", chunk.Contacts)
	}
}

func TestOnDemandAnswerCarriesNoChatState(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	chat := "15557774000@s.whatsapp.net"
	hs := oneChat(waHistorySync.HistorySync_ON_DEMAND, &waHistorySync.Conversation{
		ID: proto.String(chat), Archived: proto.Bool(false), Pinned: proto.Uint32(0), UnreadCount: proto.Uint32(0),
		MuteEndTime: proto.Uint64(0), Messages: []*waHistorySync.HistorySyncMsg{webMsg(chat, "O1", 1_700_000_000, textMsg("old"))},
	})
	_, chunk, err := decode(t, h, hs, fakewa.HistoryOpts{})
	if err != nil {
		t.Fatal(err)
	}
	if c := chunk.Chats[0]; c.Archived != nil || c.Pinned != nil || c.MutedUntil != nil || c.Unread != nil || c.MarkedUnread != nil {
		t.Fatalf("on-demand chat %+v carries chat state", c)
	}
}
