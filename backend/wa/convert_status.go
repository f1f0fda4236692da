package wa

import (
	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/wasync/wasync/backend/domain"
)

// statusKind converts replies and reactions to status updates that land in
// a chat: answers to status questions, quoted statuses, sticker
// interactions and status notifications ("added yours", reshares).
func statusKind(name protoreflect.Name) kindFunc {
	switch name {
	case "statusQuestionAnswerMessage":
		return func(m *waE2E.Message) part {
			a := m.GetStatusQuestionAnswerMessage()
			return statusReply(a.GetText(), a.GetKey().GetID())
		}
	case "questionResponseMessage":
		return func(m *waE2E.Message) part {
			a := m.GetQuestionResponseMessage()
			return statusReply(a.GetText(), a.GetKey().GetID())
		}
	case "statusQuotedMessage":
		return func(m *waE2E.Message) part {
			q := m.GetStatusQuotedMessage()
			return statusReply(q.GetText(), q.GetOriginalStatusID().GetID())
		}
	case "statusStickerInteractionMessage":
		return func(m *waE2E.Message) part {
			s := m.GetStatusStickerInteractionMessage()
			return statusReply("Reacted to a status sticker", s.GetKey().GetID())
		}
	case "statusNotificationMessage":
		return func(m *waE2E.Message) part {
			n := m.GetStatusNotificationMessage()
			text := "Status update"
			switch n.GetType() {
			case waE2E.StatusNotificationMessage_STATUS_ADD_YOURS:
				text = "Added theirs to your status prompt"
			case waE2E.StatusNotificationMessage_STATUS_RESHARE, waE2E.StatusNotificationMessage_STATUS_QUESTION_ANSWER_RESHARE:
				text = "Reshared your status"
			}
			return statusReply(text, n.GetOriginalMessageKey().GetID())
		}
	}
	return nil
}

// statusReply is a reply to a status: it quotes the status by id.
func statusReply(text, statusID string) part {
	return part{typ: "status_reply", text: text, content: domain.MessageContent{Quoted: &domain.Quoted{ID: statusID, Type: "status"}}}
}
