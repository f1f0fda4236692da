package fakewa

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"google.golang.org/protobuf/proto"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
)

// MessageOpts describes a live message as a companion receives it.
type MessageOpts struct {
	// Chat is the conversation: a contact's JID (DM) or a group JID.
	Chat types.JID
	// Sender is the author when FromMe is false (default: Chat for a DM;
	// required in a group). A contact gets its own Signal identity and
	// session with the companion.
	Sender types.JID
	// ID is the message id (default: a fresh WhatsApp-like id).
	ID string
	// Timestamp is the message time (default: now).
	Timestamp time.Time
	// FromMe marks a message the account owner sent from the phone: in a DM
	// it arrives from the phone's device 0 with recipient=Chat, wrapped in a
	// DeviceSentMessage as WhatsApp does for one's own other devices.
	FromMe bool
	// PushName is the sender's push name (the stanza's notify attribute).
	PushName string
	// SenderAlt is the sender's other JID, sent as WhatsApp does beside a
	// LID-addressed sender: sender_pn in a DM, participant_pn (with
	// addressing_mode=lid) in a group; for a phone-number sender it goes in
	// sender_lid / participant_lid.
	SenderAlt types.JID
	// Garble sends bytes the companion cannot decrypt in place of the
	// ciphertext; whatsmeow answers with a retry receipt (ErrNotDelivered)
	// and reports events.UndecryptableMessage.
	Garble bool
}

// SendMessage delivers msg to companion as a live, Signal-encrypted message
// (whatsmeow dispatches it as events.Message). DMs are pkmsg/msg; group
// messages are skmsg, preceded by the sender's key distribution the first
// time that sender writes to that group for that companion. It returns the
// message id once the companion has acknowledged handling it.
func (p *Phone) SendMessage(ctx context.Context, companion types.JID, msg *waE2E.Message, opts MessageOpts) (string, error) {
	if opts.Chat.IsEmpty() {
		return "", errors.New("fakewa: SendMessage needs a chat")
	}
	env := envelope{
		id: opts.ID, t: opts.Timestamp, notify: opts.PushName, typ: messageType(msg), edit: editAttr(msg),
		senderAlt: opts.SenderAlt, garble: opts.Garble,
	}
	if env.id == "" {
		env.id = NewMessageID()
	}
	if env.t.IsZero() {
		env.t = time.Now()
	}
	env.mediaType = mediaTypeAttr(msg)
	switch {
	case opts.Chat.Server == types.GroupServer:
		env.group = opts.Chat
		env.sender = opts.Sender
		if opts.FromMe {
			env.sender = p.jid.ToNonAD()
		} else if env.sender.IsEmpty() {
			return "", errors.New("fakewa: a group message from a contact needs a sender")
		}
	case opts.FromMe:
		env.sender = p.jid.ToNonAD()
		env.recipient = opts.Chat
		msg = &waE2E.Message{
			DeviceSentMessage: &waE2E.DeviceSentMessage{
				DestinationJID: proto.String(opts.Chat.String()),
				Message:        msg,
			},
			MessageContextInfo: msg.GetMessageContextInfo(),
		}
	default:
		env.sender = opts.Sender
		if env.sender.IsEmpty() {
			env.sender = opts.Chat
		}
	}
	if err := p.deliver(ctx, companion, env, msg); err != nil {
		return "", fmt.Errorf("fakewa: message %s to %s: %w", env.id, companion, err)
	}
	return env.id, nil
}

// NewMessageID returns a fresh id shaped like the ids WhatsApp phones use.
func NewMessageID() string {
	var b [10]byte
	_, _ = rand.Read(b[:])
	return "3A" + strings.ToUpper(hex.EncodeToString(b[:]))
}

// messageType is the stanza type attribute WhatsApp uses for msg.
func messageType(msg *waE2E.Message) string {
	switch {
	case msg.GetReactionMessage() != nil || msg.GetEncReactionMessage() != nil:
		return "reaction"
	case mediaTypeAttr(msg) != "":
		return "media"
	default:
		return "text"
	}
}

// mediaTypeAttr is the <enc mediatype> of a media message, or "".
func mediaTypeAttr(msg *waE2E.Message) string {
	switch {
	case msg.GetImageMessage() != nil:
		return "image"
	case msg.GetVideoMessage() != nil:
		return "video"
	case msg.GetAudioMessage() != nil:
		if msg.GetAudioMessage().GetPTT() {
			return "ptt"
		}
		return "audio"
	case msg.GetDocumentMessage() != nil:
		return "document"
	case msg.GetStickerMessage() != nil:
		return "sticker"
	}
	return ""
}

// editAttr is the stanza edit attribute: "1" for an edit, "7" for a revoke.
func editAttr(msg *waE2E.Message) string {
	switch {
	case msg.GetEditedMessage() != nil || msg.GetProtocolMessage().GetType() == waE2E.ProtocolMessage_MESSAGE_EDIT:
		return string(types.EditAttributeMessageEdit)
	case msg.GetProtocolMessage().GetType() == waE2E.ProtocolMessage_REVOKE:
		return string(types.EditAttributeSenderRevoke)
	}
	return ""
}
