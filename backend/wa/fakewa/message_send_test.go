package fakewa_test

import (
	"slices"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/wasync/wasync/backend/wa/fakewa"
)

func TestSendLiveMessages(t *testing.T) {
	t.Parallel()
	srv, phone, c, jid := linkedManual(t)
	ctx := testCtx(t)
	alice := types.NewJID("15557654321", types.DefaultUserServer)
	bob := types.NewJID("15557650000", types.DefaultUserServer)
	group := types.NewJID("120363000000000042", types.GroupServer)
	ts := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	cases := []struct {
		name   string
		msg    *waE2E.Message
		opts   fakewa.MessageOpts
		sender types.JID
		enc    []string
	}{
		{"own DM", &waE2E.Message{Conversation: proto.String("hi from my phone")},
			fakewa.MessageOpts{Chat: alice, FromMe: true, ID: "3AOWN1", Timestamp: ts}, phone.JID(), []string{"pkmsg"}},
		{"own DM again", &waE2E.Message{Conversation: proto.String("second")},
			fakewa.MessageOpts{Chat: alice, FromMe: true, ID: "3AOWN2", Timestamp: ts}, phone.JID(), []string{"msg"}},
		{"contact DM", &waE2E.Message{Conversation: proto.String("hello from alice")},
			fakewa.MessageOpts{Chat: alice, PushName: "Alice", ID: "3AALICE1", Timestamp: ts}, alice, []string{"pkmsg"}},
		{"group from contact", &waE2E.Message{Conversation: proto.String("hi group")},
			fakewa.MessageOpts{Chat: group, Sender: bob, PushName: "Bob", ID: "3AGRP1", Timestamp: ts}, bob, []string{"pkmsg", "skmsg"}},
		{"group from contact again", &waE2E.Message{Conversation: proto.String("hi again")},
			fakewa.MessageOpts{Chat: group, Sender: bob, PushName: "Bob", ID: "3AGRP2", Timestamp: ts}, bob, []string{"skmsg"}},
		{"group from me", &waE2E.Message{ImageMessage: &waE2E.ImageMessage{Caption: proto.String("look")}},
			fakewa.MessageOpts{Chat: group, FromMe: true, ID: "3AGRP3", Timestamp: ts}, phone.JID(), []string{"msg", "skmsg"}},
	}
	since := 0
	for i, tc := range cases {
		id, err := phone.SendMessage(ctx, jid, tc.msg, tc.opts)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var evt *events.Message
		for {
			evt, since = waitEvent[*events.Message](t, c.ev, since)
			since++
			if evt.Message.GetSenderKeyDistributionMessage() == nil || evt.Message.GetConversation() != "" {
				break // a group's first message also dispatches its key distribution alone
			}
		}
		info := evt.Info
		if info.ID != id || id != tc.opts.ID || info.Chat != tc.opts.Chat || info.IsFromMe != tc.opts.FromMe ||
			info.Sender.User != tc.sender.User || !info.Timestamp.Equal(ts) || info.PushName != tc.opts.PushName {
			t.Errorf("%s: info %+v", tc.name, info)
		}
		if !proto.Equal(stripSKDM(evt.Message), tc.msg) {
			t.Errorf("%s: message %v, want %v", tc.name, evt.Message, tc.msg)
		}
		if got := phone.Sent()[i].EncTypes; !slices.Equal(got, tc.enc) {
			t.Errorf("%s: enc types %v, want %v", tc.name, got, tc.enc)
		}
	}
	assertNoUnhandled(t, srv)
}

// stripSKDM drops the key distribution a group message may carry alongside.
func stripSKDM(m *waE2E.Message) *waE2E.Message {
	m = proto.Clone(m).(*waE2E.Message)
	m.SenderKeyDistributionMessage = nil
	m.MessageContextInfo = nil
	return m
}
