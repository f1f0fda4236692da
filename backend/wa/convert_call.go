package wa

import (
	"strings"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/wasync/wasync/backend/domain"
)

// callKind converts call logs (sent in history when SupportCallLogHistory
// is on, see client.go), call offers carried as messages, and broadcast
// calls. Missed calls in history arrive as stubs (convert_stub.go).
func callKind(name protoreflect.Name) kindFunc {
	switch name {
	case "callLogMesssage": // sic: WhatsApp's spelling
		return func(m *waE2E.Message) part {
			c := m.GetCallLogMesssage()
			call := &domain.Call{
				Video: c.GetIsVideo(), Outcome: strings.ToLower(c.GetCallOutcome().String()),
				Duration: int(c.GetDurationSecs()), Group: len(c.GetParticipants()) > 1,
				Missed: c.GetCallOutcome() == waE2E.CallLogMessage_MISSED,
			}
			return part{typ: "call", text: callText(call), content: domain.MessageContent{Call: call}}
		}
	case "call":
		return func(*waE2E.Message) part {
			call := &domain.Call{Outcome: "offered"}
			return part{typ: "call", text: callText(call), content: domain.MessageContent{Call: call}}
		}
	case "bcallMessage":
		return func(m *waE2E.Message) part {
			b := m.GetBcallMessage()
			call := &domain.Call{Video: b.GetMediaType() == waE2E.BCallMessage_VIDEO, Outcome: "broadcast", Group: true}
			return part{typ: "call", text: joinText(callText(call), b.GetCaption()), content: domain.MessageContent{Call: call}}
		}
	}
	return nil
}

// callText is a call row's text as WhatsApp words it.
func callText(c *domain.Call) string {
	kind := "voice call"
	if c.Video {
		kind = "video call"
	}
	switch {
	case c.Missed:
		return "Missed " + kind
	case c.Group:
		return "Group " + kind
	}
	return strings.ToUpper(kind[:1]) + kind[1:]
}
