package wa

import (
	"testing"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/proto/waWeb"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/wasync/wasync/backend/domain"
)

// unwrappedByWhatsmeow are the waE2E.Message fields whatsmeow's
// events.Message.UnwrapRaw replaces by the message they wrap (setting
// IsViewOnce, IsEphemeral, IsEdit... on the event).
var unwrappedByWhatsmeow = map[protoreflect.Name]bool{
	"deviceSentMessage": true, "botInvokeMessage": true, "ephemeralMessage": true, "viewOnceMessage": true,
	"viewOnceMessageV2": true, "viewOnceMessageV2Extension": true, "lottieStickerMessage": true,
	"documentWithCaptionMessage": true, "editedMessage": true,
}

// protocolOnly are the fields that are not a message of their own, with
// the reason none becomes a row.
var protocolOnly = map[protoreflect.Name]string{
	"senderKeyDistributionMessage":               "group encryption key exchange, consumed by whatsmeow",
	"fastRatchetKeySenderKeyDistributionMessage": "group encryption key exchange, consumed by whatsmeow",
	"messageContextInfo":                         "metadata beside the content (message secret, association)",
	"protocolMessage":                            "revoke and edit become changes, the timer a notice (convert.go); the rest is sync traffic",
	"reactionMessage":                            "a reaction: a change to its target (convert.go)",
	"encReactionMessage":                         "an encrypted reaction to a channel/community post; whatsmeow decrypts only on request and wasync keeps no channels",
	"pollUpdateMessage":                          "a poll vote: decrypted and tallied on the poll (convert_poll.go)",
	"secretEncryptedMessage":                     "an encrypted edit of an event or message, for the phone's own clients",
	"encEventResponseMessage":                    "an answer to an event: decrypted and counted on the event (convert_event_response.go)",
	"encCommentMessage":                          "an encrypted comment on a channel post; wasync keeps no channels",
	"messageHistoryBundle":                       "a bundle of group history: its messages arrive through history sync",
	"stickerSyncRmrMessage":                      "sticker sync between one's own devices",
	"chat":                                       "chat metadata sync between one's own devices",
}

func TestEveryMessageFieldIsHandled(t *testing.T) {
	fields := (&waE2E.Message{}).ProtoReflect().Descriptor().Fields()
	converted, wrappers, protocol := 0, 0, 0
	for i := range fields.Len() {
		name := fields.Get(i).Name()
		switch {
		case kindFor(name) != nil:
			converted++
		case unwrappedByWhatsmeow[name]:
			wrappers++
		case protocolOnly[name] != "":
			protocol++
		default:
			t.Errorf("waE2E.Message field %q is neither converted nor listed as a wrapper or protocol-only", name)
		}
		if kindFor(name) != nil && (unwrappedByWhatsmeow[name] || protocolOnly[name] != "") {
			t.Errorf("field %q is converted and also listed as not converted", name)
		}
	}
	t.Logf("waE2E.Message fields: %d converted, %d unwrapped by whatsmeow, %d protocol-only; %d/%d handled",
		converted, wrappers, protocol, converted+wrappers+protocol, fields.Len())
}

func TestEveryStubTypeHasText(t *testing.T) {
	values := waWeb.WebMessageInfo_UNKNOWN.Descriptor().Values()
	templated := 0
	for i := range values.Len() {
		name := string(values.Get(i).Name())
		if !stubHandled(name) {
			t.Errorf("stub type %s has no text: give it a template (domain.SystemTemplate) or list it in genericStubs", name)
		}
		if _, ok := domain.SystemTemplate(name); ok {
			templated++
		}
	}
	t.Logf("stub types: %d/%d handled (%d with a template of their own)", values.Len(), values.Len(), templated)
}
