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

// source is one parsed message (live, or from a history sync via
// ParseWebMessage) with what the caller resolved about it.
type source struct {
	evt       *events.Message
	chat      string // the canonical chat JID
	sender    string // the canonical sender JID
	senderAlt string // the sender's other JID, when known
	raw       []byte // the message as a marshalled WebMessageInfo
	// historyEdit says ParseWebMessage rewrote an edit onto its target:
	// evt.Info.ID is the target's and evt.Message the new content.
	historyEdit bool
}

// convertMessage maps a parsed message to storage.
func convertMessage(in source) converted {
	evt, chat := in.evt, in.chat
	m := evt.Message
	if m == nil {
		return converted{}
	}
	ts := evt.Info.Timestamp.Unix()
	change := func(kind, target string) *domain.MessageChange {
		return &domain.MessageChange{Kind: kind, ChatJID: chat, TargetID: target, SenderJID: in.sender, Timestamp: ts, Raw: in.raw}
	}
	if pm := m.GetProtocolMessage(); pm != nil {
		switch pm.GetType() {
		case waE2E.ProtocolMessage_REVOKE:
			ch := change(domain.ChangeRevoke, pm.GetKey().GetID())
			ch.FromMe = pm.GetKey().GetFromMe()
			return converted{change: ch}
		case waE2E.ProtocolMessage_MESSAGE_EDIT:
			ch := change(domain.ChangeEdit, pm.GetKey().GetID())
			ch.Text, _, _ = content(pm.GetEditedMessage())
			ch.FromMe = pm.GetKey().GetFromMe()
			if ms := pm.GetTimestampMS(); ms > 0 {
				ch.Timestamp = ms / 1000
			}
			return converted{change: ch}
		}
		return converted{}
	}
	if r := m.GetReactionMessage(); r != nil {
		ch := change(domain.ChangeReaction, r.GetKey().GetID())
		ch.Emoji, ch.FromMe = r.GetText(), r.GetKey().GetFromMe()
		return converted{change: ch}
	}
	text, typ, media := content(m)
	if in.historyEdit || evt.IsEdit {
		ch := change(domain.ChangeEdit, evt.Info.ID)
		ch.Text, ch.FromMe = text, evt.Info.IsFromMe
		return converted{change: ch}
	}
	if typ == "" {
		if !hasUserContent(m) {
			return converted{}
		}
		typ = domain.TypeUnsupported
	}
	out := &domain.StoredMessage{
		ChatJID: chat, ID: evt.Info.ID, SenderJID: in.sender, SenderAltJID: in.senderAlt, SenderName: evt.Info.PushName,
		FromMe: evt.Info.IsFromMe, Timestamp: ts, Type: typ, Text: text, QuotedID: quotedID(m), Raw: in.raw,
	}
	if media != nil {
		out.MediaKind, out.MediaName, out.MediaSize, out.MediaDuration = media.Kind, media.FileName, media.Size, media.Duration
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
