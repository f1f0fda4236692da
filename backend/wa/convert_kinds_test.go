package wa

import (
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/proto/waCommon"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/proto/waWeb"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/wasync/wasync/backend/wa/fakewa"
)

// live is a message as a contact sends it in a DM.
func live(m *waE2E.Message) source {
	chat := types.NewJID("15550100", types.DefaultUserServer)
	evt := &events.Message{Info: types.MessageInfo{
		MessageSource: types.MessageSource{Chat: chat, Sender: chat}, ID: "M1", Timestamp: time.Unix(1_700_000_000, 0),
	}, Message: m}
	return source{evt: evt, chat: chat.String(), sender: chat.String()}
}

func TestEveryKindBecomesARow(t *testing.T) {
	for name, m := range fakewa.EveryKind() {
		t.Run(name, func(t *testing.T) {
			cv := convertMessage(live(m.Message))
			if cv.msg == nil {
				t.Fatalf("no row for %s", name)
			}
			if cv.msg.Type != m.Type {
				t.Errorf("type %q, want %q", cv.msg.Type, m.Type)
			}
			if m.Text != "" && !strings.Contains(cv.msg.Text, m.Text) {
				t.Errorf("text %q does not hold %q", cv.msg.Text, m.Text)
			}
		})
	}
}

func TestRoundVideoNote(t *testing.T) {
	cv := convertMessage(live(&waE2E.Message{PtvMessage: &waE2E.VideoMessage{Seconds: proto.Uint32(12), FileLength: proto.Uint64(900_000)}}))
	if cv.msg == nil || cv.msg.Type != "video_note" || cv.msg.MediaDuration != 12 || !cv.msg.Content.Media.RoundVideo {
		t.Fatalf("video note: %+v", cv.msg)
	}
}

func TestContactsAndEvent(t *testing.T) {
	cards := &waE2E.Message{ContactsArrayMessage: &waE2E.ContactsArrayMessage{Contacts: []*waE2E.ContactMessage{
		{DisplayName: proto.String("Ada"), Vcard: proto.String("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nitem1.TEL;waid=15550111:+1 555 0111\r\nEND:VCARD\r\n")},
		{DisplayName: proto.String("Bob"), Vcard: proto.String("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob\r\nTEL;type=CELL:+1 555 0112\r\nEMAIL:bob@example.com\r\nEND:VCARD\r\n")},
	}}}
	cv := convertMessage(live(cards))
	c := cv.msg.Content.Contacts
	if len(c) != 2 || c[0].WaID != "15550111" || c[0].Phones[0] != "+1 555 0111" || c[1].Emails[0] != "bob@example.com" {
		t.Fatalf("cards: %+v", c)
	}
	ev := convertMessage(live(&waE2E.Message{EventMessage: &waE2E.EventMessage{
		Name: proto.String("Team dinner"), StartTime: proto.Int64(1_700_100_000),
		Location: &waE2E.LocationMessage{Name: proto.String("Luigi's")},
	}}))
	if ev.msg.Type != "event" || ev.msg.Content.CalendarEvent.Name != "Team dinner" || ev.msg.Content.CalendarEvent.Place != "Luigi's" {
		t.Fatalf("event: %+v", ev.msg)
	}
}

func TestStubs(t *testing.T) {
	chat := types.NewJID("120363000000000001", types.GroupServer)
	wm := &waWeb.WebMessageInfo{
		Key:                   &waCommon.MessageKey{RemoteJID: proto.String(chat.String()), ID: proto.String("S1"), Participant: proto.String("15550100@s.whatsapp.net")},
		MessageTimestamp:      proto.Uint64(1_700_000_000),
		MessageStubType:       waWeb.WebMessageInfo_GROUP_PARTICIPANT_ADD.Enum(),
		MessageStubParameters: []string{"15550101@s.whatsapp.net"},
	}
	m := convertStub(source{chat: chat.String(), sender: "15550100@s.whatsapp.net", web: wm})
	if m.Type != "system" || m.Text != "+15550100 added +15550101" || m.Timestamp != 1_700_000_000 {
		t.Fatalf("add stub: %+v", m)
	}
	wm.MessageStubType, wm.MessageStubParameters = waWeb.WebMessageInfo_REVOKE.Enum(), nil
	m = convertStub(source{chat: chat.String(), web: wm})
	if m.Type != "deleted" || !m.Deleted {
		t.Fatalf("revoke stub: %+v", m)
	}
}

func TestUnknownFieldIsUnsupported(t *testing.T) {
	m := &waE2E.Message{}
	m.ProtoReflect().SetUnknown([]byte{0xfa, 0x3f, 0x02, 0x08, 0x01}) // field 1023, bytes
	cv := convertMessage(live(m))
	if cv.msg == nil || cv.msg.Type != "unsupported" || cv.msg.Content.Kind != "field 1023" {
		t.Fatalf("unknown kind: %+v", cv.msg)
	}
}
