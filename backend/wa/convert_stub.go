package wa

import (
	"strings"

	"go.mau.fi/whatsmeow/proto/waWeb"
	"go.mau.fi/whatsmeow/types"

	"github.com/wasync/wasync/backend/domain"
)

// A history message with a messageStubType is a system notice ("+1 555
// 0100 added +1 555 0101", "Missed voice call", "This message was
// deleted"): every stub type becomes a row at its time. The row keeps the
// actor and targets as JIDs (System); the store names them at read time.

// stubSender is who a stub is from: oneself, the group participant, or
// the DM's contact. ok is false when it cannot be told.
func stubSender(own types.JID, chat types.JID, wm *waWeb.WebMessageInfo) (types.JID, bool) {
	switch {
	case wm.GetKey().GetFromMe():
		return own.ToNonAD(), !own.IsEmpty()
	case chat.Server != types.GroupServer:
		return chat, true
	}
	p := wm.GetParticipant()
	if p == "" {
		p = wm.GetKey().GetParticipant()
	}
	j, err := types.ParseJID(p)
	return j, err == nil && p != ""
}

// historyStub converts a stub of a history sync, resolving its actor and
// targets to canonical JIDs.
func historyStub(ids *jids, own, chatJID types.JID, wm *waWeb.WebMessageInfo, raw []byte) *domain.StoredMessage {
	in := source{chat: chatJID.String(), raw: raw, web: wm}
	if sender, ok := stubSender(own, chatJID, wm); ok {
		in.sender, in.senderAlt = ids.canonical(sender)
	}
	m := convertStub(in)
	for i, t := range m.Content.System.Targets {
		if j, err := types.ParseJID(t); err == nil {
			m.Content.System.Targets[i], _ = ids.canonical(j)
		}
	}
	return m
}

// convertStub maps a stub (in.web) to a row: a deleted message for REVOKE,
// a call row for call stubs, a system row for everything else.
func convertStub(in source) *domain.StoredMessage {
	wm := in.web
	kind := wm.GetMessageStubType().String()
	sys := &domain.System{Kind: kind, Actor: in.sender}
	for _, p := range wm.GetMessageStubParameters() {
		if looksLikeJID(p) {
			sys.Targets = append(sys.Targets, p)
		} else {
			sys.Params = append(sys.Params, p)
		}
	}
	fromMe := wm.GetKey().GetFromMe()
	out := &domain.StoredMessage{
		ChatJID: in.chat, ID: wm.GetKey().GetID(), SenderJID: in.sender, SenderAltJID: in.senderAlt, FromMe: fromMe,
		Timestamp: int64(wm.GetMessageTimestamp()), Type: "system", Text: domain.SystemText(sys, fromMe),
		Content: &domain.MessageContent{Kind: kind, System: sys}, Raw: in.raw,
	}
	switch wm.GetMessageStubType() {
	case waWeb.WebMessageInfo_REVOKE, waWeb.WebMessageInfo_ADMIN_REVOKE:
		out.Type, out.Deleted, out.Text = domain.TypeDeleted, true, ""
	case waWeb.WebMessageInfo_CALL_MISSED_VOICE, waWeb.WebMessageInfo_CALL_MISSED_VIDEO,
		waWeb.WebMessageInfo_CALL_MISSED_GROUP_VOICE, waWeb.WebMessageInfo_CALL_MISSED_GROUP_VIDEO,
		waWeb.WebMessageInfo_SILENCED_UNKNOWN_CALLER_AUDIO, waWeb.WebMessageInfo_SILENCED_UNKNOWN_CALLER_VIDEO:
		out.Type = "call"
		out.Content.Call = &domain.Call{
			Missed: true, Video: strings.HasSuffix(kind, "VIDEO"), Group: strings.Contains(kind, "GROUP"), Outcome: "missed",
		}
	}
	return out
}

// looksLikeJID reports whether a stub parameter names a person.
func looksLikeJID(s string) bool {
	return strings.HasSuffix(s, "@"+types.DefaultUserServer) || strings.HasSuffix(s, "@"+types.HiddenUserServer)
}
