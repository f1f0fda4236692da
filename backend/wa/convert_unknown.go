package wa

import (
	"google.golang.org/protobuf/reflect/protoreflect"

	"go.mau.fi/whatsmeow/proto/waE2E"
)

// noUserContent reports whether a Message field carries protocol traffic
// or a change to another message, not a message of its own: a message made
// only of these is dropped on purpose.
func noUserContent(name protoreflect.Name) bool {
	switch name {
	case "messageContextInfo", "senderKeyDistributionMessage", "fastRatchetKeySenderKeyDistributionMessage", "protocolMessage", "reactionMessage", "encReactionMessage", "pollUpdateMessage", "keepInChatMessage", "pinInChatMessage", "secretEncryptedMessage", "peerDataOperationRequestMessage", "peerDataOperationRequestResponseMessage", "appStateSyncKeyShare", "appStateSyncKeyRequest", "appStateFatalExceptionNotification", "initialSecurityNotificationSettingSync", "deviceSentMessage", "encEventResponseMessage", "encCommentMessage", "messageHistoryBundle", "placeholderMessage", "call", "chat":
		return true
	}
	return false
}

// hasUserContent reports whether m carries a field that is a message of its
// own: one the converter does not map becomes an unsupported row (with its
// raw protobuf) instead of being lost.
func hasUserContent(m *waE2E.Message) bool {
	found := false
	m.ProtoReflect().Range(func(fd protoreflect.FieldDescriptor, _ protoreflect.Value) bool {
		if !noUserContent(fd.Name()) {
			found = true
			return false
		}
		return true
	})
	return found
}
