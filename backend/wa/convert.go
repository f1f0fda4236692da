package wa

import (
	"strings"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/wasync/wasync/backend/domain"
)

// converted is what one WhatsApp message becomes: a row, a change to
// another row, or nothing (protocol traffic with no content).
type converted struct {
	msg    *domain.StoredMessage
	change *domain.MessageChange
}

// convertMessage maps a parsed message (live, or from a history sync via
// ParseWebMessage) to storage. chat is the canonical chat JID.
func convertMessage(evt *events.Message, chat string) converted {
	m := evt.Message
	if m == nil {
		return converted{}
	}
	sender := evt.Info.Sender.ToNonAD().String()
	ts := evt.Info.Timestamp.Unix()
	if pm := m.GetProtocolMessage(); pm != nil {
		switch pm.GetType() {
		case waE2E.ProtocolMessage_REVOKE:
			return converted{change: &domain.MessageChange{Kind: domain.ChangeRevoke, ChatJID: chat, TargetID: pm.GetKey().GetID(), SenderJID: sender, Timestamp: ts}}
		case waE2E.ProtocolMessage_MESSAGE_EDIT:
			text, _, _ := content(pm.GetEditedMessage())
			return converted{change: &domain.MessageChange{Kind: domain.ChangeEdit, ChatJID: chat, TargetID: pm.GetKey().GetID(), SenderJID: sender, Text: text, Timestamp: ts}}
		}
		return converted{}
	}
	if r := m.GetReactionMessage(); r != nil {
		return converted{change: &domain.MessageChange{Kind: domain.ChangeReaction, ChatJID: chat, TargetID: r.GetKey().GetID(), SenderJID: sender, Emoji: r.GetText(), Timestamp: ts}}
	}
	text, typ, media := content(m)
	if typ == "" {
		return converted{}
	}
	out := &domain.StoredMessage{
		ChatJID: chat, ID: evt.Info.ID, SenderJID: sender, SenderName: evt.Info.PushName, FromMe: evt.Info.IsFromMe,
		Timestamp: ts, Type: typ, Text: text, QuotedID: quotedID(m),
	}
	if media != nil {
		out.MediaKind, out.MediaName, out.MediaSize, out.MediaDuration = media.Kind, media.FileName, media.Size, media.Duration
	}
	if evt.IsEdit {
		return converted{change: &domain.MessageChange{Kind: domain.ChangeEdit, ChatJID: chat, TargetID: evt.Info.ID, Text: text, Timestamp: ts}}
	}
	return converted{msg: out}
}

// content returns a message's text (or caption), its type, and its media
// placeholder. An empty type means the message has no content to keep.
func content(m *waE2E.Message) (string, string, *domain.Media) {
	switch {
	case m == nil:
		return "", "", nil
	case m.Conversation != nil:
		return m.GetConversation(), "text", nil
	case m.ExtendedTextMessage != nil:
		return m.GetExtendedTextMessage().GetText(), "text", nil
	case m.ImageMessage != nil:
		im := m.GetImageMessage()
		return im.GetCaption(), "image", &domain.Media{Kind: "image", Size: int64(im.GetFileLength())}
	case m.VideoMessage != nil:
		v := m.GetVideoMessage()
		kind := "video"
		if v.GetGifPlayback() {
			kind = "gif"
		}
		return v.GetCaption(), kind, &domain.Media{Kind: kind, Size: int64(v.GetFileLength()), Duration: int(v.GetSeconds())}
	case m.AudioMessage != nil:
		a := m.GetAudioMessage()
		kind := "audio"
		if a.GetPTT() {
			kind = "voice"
		}
		return "", kind, &domain.Media{Kind: kind, Size: int64(a.GetFileLength()), Duration: int(a.GetSeconds())}
	case m.DocumentMessage != nil:
		d := m.GetDocumentMessage()
		name := d.GetFileName()
		if name == "" {
			name = d.GetTitle()
		}
		return d.GetCaption(), "document", &domain.Media{Kind: "document", FileName: name, Size: int64(d.GetFileLength())}
	case m.StickerMessage != nil:
		return "", "sticker", &domain.Media{Kind: "sticker", Size: int64(m.GetStickerMessage().GetFileLength())}
	case m.ContactMessage != nil:
		return m.GetContactMessage().GetDisplayName(), "contact", nil
	case m.LocationMessage != nil:
		l := m.GetLocationMessage()
		return strings.TrimSpace(l.GetName() + " " + l.GetAddress()), "location", nil
	case m.LiveLocationMessage != nil:
		return m.GetLiveLocationMessage().GetCaption(), "location", nil
	case m.PollCreationMessage != nil:
		return m.GetPollCreationMessage().GetName(), "poll", nil
	case m.PollCreationMessageV3 != nil:
		return m.GetPollCreationMessageV3().GetName(), "poll", nil
	}
	return "", "", nil
}

// quotedID finds the replied-to message id in whichever part carries a
// context info.
func quotedID(m *waE2E.Message) string {
	for _, ci := range []*waE2E.ContextInfo{
		m.GetExtendedTextMessage().GetContextInfo(), m.GetImageMessage().GetContextInfo(),
		m.GetVideoMessage().GetContextInfo(), m.GetAudioMessage().GetContextInfo(),
		m.GetDocumentMessage().GetContextInfo(), m.GetStickerMessage().GetContextInfo(),
	} {
		if id := ci.GetStanzaID(); id != "" {
			return id
		}
	}
	return ""
}

// isGroup reports whether jid names a group chat.
func isGroup(jid types.JID) bool { return jid.Server == types.GroupServer }
