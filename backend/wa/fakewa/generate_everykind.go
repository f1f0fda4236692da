package fakewa

import (
	"fmt"
	"sort"

	"google.golang.org/protobuf/proto"

	"go.mau.fi/whatsmeow/proto/waCommon"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/proto/waHistorySync"
	"go.mau.fi/whatsmeow/proto/waWeb"
)

// With GenOpts.EveryKind the first chunk also carries one group, "Every
// kind", holding one message of every kind EveryKind returns, system
// notices (history stubs) and texts that exercise formatting, replies,
// forwarding and markup that must stay text.

// EveryKindChat is the JID of the group GenOpts.EveryKind adds.
const EveryKindChat = "120363999000000001@g.us"

// everyKindName is that group's subject.
const everyKindName = "Every kind"

// Texts of the extra messages of the every-kind group.
const (
	EveryKindFormatted = "*kindbold* _kinditalic_ ~kindstrike~ `kindcode`\n```kindmono```\n> kindquote\n- kindlist one\n- kindlist two"
	EveryKindReply     = "kindreply answer"
	EveryKindForwarded = "kindforwarded text"
	EveryKindScript    = "<script>window.__xss=3</script> kindscript"
)

// everyKindMember is member i of the every-kind group (people indexes).
func (g *HistoryGenerator) everyKindMember(i int) genPerson { return g.people[i%len(g.people)] }

// everyKindConversation is the group with its messages, newest first.
func (g *HistoryGenerator) everyKindConversation() *waHistorySync.Conversation {
	msgs := g.everyKindMessages()
	last := msgs[len(msgs)-1].GetMessageTimestamp()
	conv := &waHistorySync.Conversation{
		ID: proto.String(EveryKindChat), Name: proto.String(everyKindName),
		ConversationTimestamp: proto.Uint64(last), LastMsgTimestamp: proto.Uint64(last),
		EndOfHistoryTransfer:     proto.Bool(true),
		EndOfHistoryTransferType: waHistorySync.Conversation_COMPLETE_AND_NO_MORE_MESSAGE_REMAIN_ON_PRIMARY.Enum(),
		Participant: []*waHistorySync.GroupParticipant{
			{UserJID: proto.String(g.opts.Owner.String()), Rank: waHistorySync.GroupParticipant_SUPERADMIN.Enum()},
		},
	}
	for i := range 3 {
		conv.Participant = append(conv.Participant, &waHistorySync.GroupParticipant{UserJID: proto.String(g.everyKindMember(i).jid.String())})
	}
	for i := len(msgs) - 1; i >= 0; i-- {
		conv.Messages = append(conv.Messages, &waHistorySync.HistorySyncMsg{Message: msgs[i], MsgOrderID: proto.Uint64(uint64(i) + 1)})
	}
	return conv
}

// everyKindMessages are the group's messages, oldest first: stubs opening
// the group, every kind sorted by name, then the extra texts and more stubs.
func (g *HistoryGenerator) everyKindMessages() []*waWeb.WebMessageInfo {
	base := g.opts.Start.Unix() - 86400
	var out []*waWeb.WebMessageInfo
	add := func(from int, m *waE2E.Message, stub waWeb.WebMessageInfo_StubType, params ...string) *waWeb.WebMessageInfo {
		i := len(out)
		info := &waWeb.WebMessageInfo{
			Key: &waCommon.MessageKey{
				RemoteJID: proto.String(EveryKindChat), FromMe: proto.Bool(from < 0),
				ID: proto.String(fmt.Sprintf("3EB0EVERYKIND%04X%04X", uint16(g.mix), i)),
			},
			Message:          m,
			MessageTimestamp: proto.Uint64(uint64(base + int64(i)*60)),
		}
		if from < 0 {
			info.Status = waWeb.WebMessageInfo_READ.Enum()
		} else {
			p := g.everyKindMember(from)
			info.Key.Participant, info.Participant, info.PushName = proto.String(p.jid.String()), proto.String(p.jid.String()), proto.String(p.name)
		}
		if stub != 0 {
			info.MessageStubType = stub.Enum()
			info.MessageStubParameters = params
		}
		out = append(out, info)
		return info
	}
	member := func(i int) string { return g.everyKindMember(i).jid.String() }
	add(0, nil, waWeb.WebMessageInfo_E2E_ENCRYPTED)
	add(0, nil, waWeb.WebMessageInfo_GROUP_CREATE, everyKindName)
	add(0, nil, waWeb.WebMessageInfo_GROUP_PARTICIPANT_ADD, member(1))
	kinds := EveryKind()
	names := make([]string, 0, len(kinds))
	for name := range kinds {
		names = append(names, name)
	}
	sort.Strings(names)
	for i, name := range names {
		add(i%3-1, kinds[name].Message, 0)
	}
	formatted := add(1, &waE2E.Message{Conversation: proto.String(EveryKindFormatted)}, 0)
	add(-1, &waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{
		Text: proto.String(EveryKindReply),
		ContextInfo: &waE2E.ContextInfo{
			StanzaID: formatted.Key.ID, Participant: proto.String(member(1)),
			QuotedMessage: &waE2E.Message{Conversation: proto.String(EveryKindFormatted)},
		},
	}}, 0)
	add(2, &waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{
		Text: proto.String(EveryKindForwarded), ContextInfo: &waE2E.ContextInfo{IsForwarded: proto.Bool(true), ForwardingScore: proto.Uint32(5)},
	}}, 0)
	add(0, &waE2E.Message{Conversation: proto.String(EveryKindScript)}, 0)
	add(1, nil, waWeb.WebMessageInfo_REVOKE)
	add(0, nil, waWeb.WebMessageInfo_CALL_MISSED_VOICE)
	add(0, nil, waWeb.WebMessageInfo_GROUP_CHANGE_SUBJECT, everyKindName)
	return out
}

// everyKindExpected adds the every-kind group to e.
func (g *HistoryGenerator) everyKindExpected(e *Expected) {
	n := len(g.everyKindMessages())
	e.Counts[EveryKindChat] += n
	e.Total += n
	e.Names[EveryKindChat] = everyKindName
	e.MoreOnPhone[EveryKindChat] = false
}
