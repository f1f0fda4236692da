package wa

import (
	"strconv"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/wasync/wasync/backend/domain"
)

// noticeKind converts messages WhatsApp shows as system notices: pins,
// kept messages, placeholders for messages only the phone shows, and
// notices of shared history. The sender is the notice's actor.
func noticeKind(name protoreflect.Name) kindFunc {
	switch name {
	case "pinInChatMessage":
		return func(m *waE2E.Message) part {
			p := m.GetPinInChatMessage()
			kind := "PIN_MESSAGE"
			if p.GetType() == waE2E.PinInChatMessage_UNPIN_FOR_ALL {
				kind = "UNPIN_MESSAGE"
			}
			return notice(kind, p.GetKey().GetID())
		}
	case "keepInChatMessage":
		return func(m *waE2E.Message) part {
			k := m.GetKeepInChatMessage()
			kind := "KEEP_MESSAGE"
			if k.GetKeepType() == waE2E.KeepType_UNDO_KEEP_FOR_ALL {
				kind = "UNKEEP_MESSAGE"
			}
			return notice(kind, k.GetKey().GetID())
		}
	case "placeholderMessage":
		return func(*waE2E.Message) part {
			return part{typ: "placeholder", text: domain.SystemText(&domain.System{Kind: "PLACEHOLDER"}, false)}
		}
	case "messageHistoryNotice":
		return func(*waE2E.Message) part { return notice("MESSAGE_HISTORY_NOTICE", "") }
	}
	return nil
}

// notice is a system row about message target (if any).
func notice(kind, target string) part {
	s := &domain.System{Kind: kind}
	p := part{typ: "system", content: domain.MessageContent{System: s}}
	if target != "" {
		p.content.Quoted = &domain.Quoted{ID: target}
	}
	return p
}

// ephemeralSetting is a change of the disappearing-messages timer, shown
// as a notice.
func ephemeralSetting(in source, pm *waE2E.ProtocolMessage) *domain.StoredMessage {
	s := &domain.System{Kind: "CHANGE_EPHEMERAL_SETTING", Actor: in.sender, Params: []string{strconv.Itoa(int(pm.GetEphemeralExpiration()))}}
	return &domain.StoredMessage{
		ChatJID: in.chat, ID: in.evt.Info.ID, SenderJID: in.sender, SenderAltJID: in.senderAlt, FromMe: in.evt.Info.IsFromMe,
		Timestamp: in.evt.Info.Timestamp.Unix(), Type: "system", Text: domain.SystemText(s, in.evt.Info.IsFromMe),
		Content: &domain.MessageContent{Kind: "protocolMessage", System: s}, Raw: in.raw,
	}
}
