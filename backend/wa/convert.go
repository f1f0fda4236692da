package wa

import (
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/proto/waWeb"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/wasync/wasync/backend/domain"
)

// The converter is split by what the user sees, one file per family
// (convert_text.go, convert_media.go, convert_poll.go, ...). Each family
// answers, for a field name of waE2E.Message, the function that turns a
// message carrying that field into a part; describe (convert_kinds.go)
// asks them in turn. convert_coverage_test.go walks the proto descriptor so
// that a field no family handles, and that is not listed as a wrapper or as
// protocol-only, fails the build's tests.

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
	// web is the history message as sent (nil for a live one): its stub
	// type and status are not in evt.
	web *waWeb.WebMessageInfo
	// vote is the decrypted poll vote of a pollUpdateMessage, when the
	// poll's secret was known (decryptVote).
	vote *waE2E.PollVoteMessage
	// response is the decrypted answer of an encEventResponseMessage, when
	// the event's secret was known (decryptResponse).
	response *waE2E.EventResponseMessage
	// historyEdit says ParseWebMessage rewrote an edit onto its target:
	// evt.Info.ID is the target's and evt.Message the new content.
	historyEdit bool
}

// convertMessage maps a parsed message to storage.
func convertMessage(in source) converted {
	if in.web.GetMessageStubType() != waWeb.WebMessageInfo_UNKNOWN {
		return converted{msg: convertStub(in)}
	}
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
			ch.Text = describe(pm.GetEditedMessage()).text
			ch.FromMe = pm.GetKey().GetFromMe()
			if ms := pm.GetTimestampMS(); ms > 0 {
				ch.Timestamp = ms / 1000
			}
			return converted{change: ch}
		case waE2E.ProtocolMessage_EPHEMERAL_SETTING:
			return converted{msg: ephemeralSetting(in, pm)}
		}
		return converted{}
	}
	if r := m.GetReactionMessage(); r != nil {
		ch := change(domain.ChangeReaction, r.GetKey().GetID())
		ch.Emoji, ch.FromMe = r.GetText(), r.GetKey().GetFromMe()
		return converted{change: ch}
	}
	if pu := m.GetPollUpdateMessage(); pu != nil {
		return converted{change: pollVoteChange(in, pu)}
	}
	if er := m.GetEncEventResponseMessage(); er != nil {
		return converted{change: eventResponseChange(in, er)}
	}
	p := describe(m)
	if in.historyEdit || evt.IsEdit {
		ch := change(domain.ChangeEdit, evt.Info.ID)
		ch.Text, ch.FromMe = p.text, evt.Info.IsFromMe
		return converted{change: ch}
	}
	if p.typ == "" {
		return converted{}
	}
	out := &domain.StoredMessage{
		ChatJID: chat, ID: evt.Info.ID, SenderJID: in.sender, SenderAltJID: in.senderAlt, SenderName: evt.Info.PushName,
		FromMe: evt.Info.IsFromMe, Timestamp: ts, Type: p.typ, Text: p.text, Raw: in.raw,
	}
	if p.media != nil {
		out.MediaKind, out.MediaName, out.MediaSize, out.MediaDuration = p.media.Kind, p.media.FileName, p.media.Size, p.media.Duration
	}
	addContext(out, &p, in)
	return converted{msg: out}
}

// isGroup reports whether jid names a group chat.
func isGroup(jid types.JID) bool { return jid.Server == types.GroupServer }
