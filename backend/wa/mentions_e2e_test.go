package wa_test

import (
	"testing"
	"time"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/proto"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/wa/fakewa"
)

func TestMentionsAreListedWithNames(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	group := mustJID(pollGroup)
	h.send(t, textMsg("hello"), fakewa.MessageOpts{Chat: group, Sender: mustJID(pollBob), PushName: "Bob", Timestamp: time.Unix(1_750_200_000, 0)})
	stranger := "15557778009@s.whatsapp.net"
	mention := &waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{
		Text:        proto.String("@15557778002 @15557778009 lunch?"),
		ContextInfo: &waE2E.ContextInfo{MentionedJID: []string{pollBob, stranger}},
	}}
	id := fakewa.NewMessageID()
	h.send(t, mention, fakewa.MessageOpts{Chat: group, Sender: mustJID(pollAlice), ID: id, PushName: "Alice", Timestamp: time.Unix(1_750_200_010, 0)})
	h.waitEvents(t, domain.EventMessageReceived, 2)
	c := listed(t, h, pollGroup)[id].Content
	if c == nil || c.MentionNames[pollBob] != "Bob" || c.MentionNames[stranger] != "+15557778009" {
		t.Fatalf("mention names: %+v", c)
	}
}
