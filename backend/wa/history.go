package wa

import (
	"context"
	"fmt"
	"strings"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/proto/waHistorySync"
	"go.mau.fi/whatsmeow/proto/waWeb"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"github.com/wasync/wasync/backend/domain"
)

// DecodeHistory downloads (or takes inline) and decodes the blob of a stored
// notification, one blob at a time, and maps it to rows. Its errors wrap
// ErrNotReady, ErrRetryLater or ErrGone.
func (c *Client) DecodeHistory(ctx context.Context, raw []byte) (domain.HistoryChunk, error) {
	var n waE2E.HistorySyncNotification
	if err := proto.Unmarshal(raw, &n); err != nil {
		return domain.HistoryChunk{}, fmt.Errorf("%w: notification: %w", ErrGone, err)
	}
	cli := c.current()
	if cli == nil || cli.Store.ID == nil || (n.InitialHistBootstrapInlinePayload == nil && !cli.IsLoggedIn()) {
		return domain.HistoryChunk{}, ErrNotReady
	}
	blob := n.InitialHistBootstrapInlinePayload
	if blob == nil {
		if !strings.HasPrefix(n.GetDirectPath(), "/") {
			return domain.HistoryChunk{}, fmt.Errorf("%w: the notification has no usable direct path (%q)", ErrGone, n.GetDirectPath())
		}
		var err error
		if blob, err = cli.Download(ctx, &n); err != nil {
			return domain.HistoryChunk{}, downloadError(ctx, err)
		}
	}
	// whatsmeow decodes the blob and stores the message secrets and LID
	// mappings it carries; handing it the downloaded bytes inline keeps the
	// download's errors apart from the decoding's.
	inline := proto.CloneOf(&n)
	inline.InitialHistBootstrapInlinePayload = blob
	hs, err := cli.DownloadHistorySync(ctx, inline, true)
	if err != nil {
		return domain.HistoryChunk{}, decodeError(ctx, err)
	}
	chunk := c.convertHistory(ctx, cli, hs)
	chunk.SessionID = n.GetPeerDataRequestSessionID()
	return chunk, nil
}

// convertHistory maps a decoded history sync to rows. Status syncs
// (INITIAL_STATUS_V3) and NON_BLOCKING_DATA carry nothing wasync keeps and
// are ignored on purpose; PUSH_NAME syncs only name contacts.
func (c *Client) convertHistory(ctx context.Context, cli *whatsmeow.Client, hs *waHistorySync.HistorySync) domain.HistoryChunk {
	chunk := domain.HistoryChunk{SyncType: hs.GetSyncType().String(), ChunkOrder: int(hs.GetChunkOrder()), Progress: int(hs.GetProgress())}
	ids := newJIDs(ctx, cli)
	for _, m := range hs.GetPhoneNumberToLidMappings() {
		ids.learnStrings(m.GetLidJID(), m.GetPnJID())
	}
	for _, p := range hs.GetPushnames() {
		if p.GetID() != "" && p.GetPushname() != "" {
			chunk.Contacts = append(chunk.Contacts, domain.Contact{JID: p.GetID(), PushName: p.GetPushname()})
		}
	}
	switch hs.GetSyncType() {
	case waHistorySync.HistorySync_INITIAL_STATUS_V3, waHistorySync.HistorySync_NON_BLOCKING_DATA, waHistorySync.HistorySync_PUSH_NAME:
	default:
		onDemand := hs.GetSyncType() == waHistorySync.HistorySync_ON_DEMAND
		for _, conv := range hs.GetConversations() {
			c.convertConversation(ctx, cli, ids, conv, onDemand, &chunk)
		}
	}
	for i, ct := range chunk.Contacts {
		if jid, err := types.ParseJID(ct.JID); err == nil {
			chunk.Contacts[i].JID, chunk.Contacts[i].AltJID = ids.canonical(jid)
		}
	}
	chunk.Contacts = dedupeContacts(chunk.Contacts)
	chunk.LIDMappings = ids.mappings()
	return chunk
}

// dedupeContacts keeps one entry per JID, the one with the newest push
// name: every message carries its sender's, and one upsert per contact is
// enough.
func dedupeContacts(in []domain.Contact) []domain.Contact {
	index := make(map[string]int, len(in))
	out := in[:0]
	for _, ct := range in {
		if i, ok := index[ct.JID]; ok {
			if ct.PushNameTS >= out[i].PushNameTS {
				if ct.AltJID == "" {
					ct.AltJID = out[i].AltJID
				}
				out[i] = ct
			}
			continue
		}
		index[ct.JID] = len(out)
		out = append(out, ct)
	}
	return out
}

// convertConversation adds one conversation's chat, messages, changes and
// senders' names to chunk.
func (c *Client) convertConversation(ctx context.Context, cli *whatsmeow.Client, ids *jids, conv *waHistorySync.Conversation, onDemand bool, chunk *domain.HistoryChunk) {
	jid, err := types.ParseJID(conv.GetID())
	if err != nil || jid.Server == types.BroadcastServer || jid.Server == types.NewsletterServer {
		return
	}
	ids.learnStrings(conv.GetID(), conv.GetPnJID())
	ids.learnStrings(conv.GetID(), conv.GetLidJID())
	chat, alt := ids.canonical(jid)
	chunk.Chats = append(chunk.Chats, chatUpsert(conv, chat, alt, onDemand))
	chatJID, _ := types.ParseJID(chat)
	for _, hm := range conv.GetMessages() {
		c.convertHistoryMessage(ctx, cli, ids, chatJID, hm.GetMessage(), chunk)
	}
}

// chatUpsert is what a conversation says about its chat. State the sync did
// not carry stays nil; an ON_DEMAND answer carries none at all.
func chatUpsert(conv *waHistorySync.Conversation, chat, alt string, onDemand bool) domain.ChatUpsert {
	jid, _ := types.ParseJID(conv.GetID())
	up := domain.ChatUpsert{
		JID: chat, AltJID: alt, PhoneJID: conv.GetID(), Name: conv.GetName(), IsGroup: isGroup(jid),
		Sent: len(conv.GetMessages()),
	}
	if up.Name == "" {
		up.Name = conv.GetDisplayName()
	}
	if conv.EndOfHistoryTransferType != nil {
		t := conv.GetEndOfHistoryTransferType()
		up.EndOfHistory = int(t) + 1
		up.MoreOnPhone = t == waHistorySync.Conversation_COMPLETE_BUT_MORE_MESSAGES_REMAIN_ON_PRIMARY ||
			t == waHistorySync.Conversation_COMPLETE_ON_DEMAND_SYNC_BUT_MORE_MSG_REMAIN_ON_PRIMARY
	}
	if onDemand {
		return up
	}
	if conv.Archived != nil {
		up.Archived = new(conv.GetArchived())
	}
	if conv.Pinned != nil {
		up.Pinned = new(conv.GetPinned() > 0)
	}
	if conv.MuteEndTime != nil {
		up.MutedUntil = new(int64(conv.GetMuteEndTime()))
	}
	if conv.UnreadCount != nil {
		up.Unread = new(int(conv.GetUnreadCount()))
	}
	if conv.MarkedAsUnread != nil {
		up.MarkedUnread = new(conv.GetMarkedAsUnread())
	}
	return up
}

// convertHistoryMessage adds one history message (a row, a change, a
// deleted stub, its reactions and its sender's name) to chunk.
func (c *Client) convertHistoryMessage(ctx context.Context, cli *whatsmeow.Client, ids *jids, chatJID types.JID, wm *waWeb.WebMessageInfo, chunk *domain.HistoryChunk) {
	chat := chatJID.String()
	raw, err := proto.Marshal(wm)
	if err != nil {
		c.log.Warn("encode history message", "chat", chat, "err", err)
	}
	if wm.GetMessageStubType() != waWeb.WebMessageInfo_UNKNOWN {
		chunk.Messages = append(chunk.Messages, *historyStub(ids, cli.Store.GetJID(), chatJID, wm, raw))
		return
	}
	evt, err := cli.ParseWebMessage(chatJID, wm)
	if err != nil {
		c.log.Debug("skip unparsable history message", "chat", chat, "err", err)
		return
	}
	sender, senderAlt := ids.canonical(evt.Info.Sender)
	ts := int64(wm.GetMessageTimestamp())
	cv := convertMessage(source{
		evt: evt, chat: chat, sender: sender, senderAlt: senderAlt, raw: raw, web: wm,
		vote: decryptVote(ctx, cli, evt), response: decryptResponse(ctx, cli, evt), historyEdit: evt.Info.ID != wm.GetKey().GetID(),
	})
	if cv.msg != nil {
		chunk.Messages = append(chunk.Messages, *cv.msg)
	}
	if cv.change != nil {
		chunk.Changes = append(chunk.Changes, *cv.change)
	}
	voter := canonicalVoter(ids, cli.Store.GetJID())
	chunk.Changes = append(chunk.Changes, historyVotes(wm, chat, evt.Info.ID, voter)...)
	chunk.Changes = append(chunk.Changes, historyResponses(wm, chat, evt.Info.ID, voter)...)
	if wm.GetPushName() != "" && !evt.Info.IsFromMe {
		chunk.Contacts = append(chunk.Contacts, domain.Contact{JID: sender, AltJID: senderAlt, PushName: wm.GetPushName(), PushNameTS: ts})
	}
	for _, r := range wm.GetReactions() {
		rs := r.GetKey().GetParticipant()
		switch {
		case rs != "":
		case r.GetKey().GetFromMe():
			rs = cli.Store.ID.ToNonAD().String()
		default:
			rs = r.GetKey().GetRemoteJID()
		}
		if j, err := types.ParseJID(rs); err == nil {
			rs, _ = ids.canonical(j)
		}
		chunk.Changes = append(chunk.Changes, domain.MessageChange{
			Kind: domain.ChangeReaction, ChatJID: chat, TargetID: evt.Info.ID, SenderJID: rs, FromMe: wm.GetKey().GetFromMe(),
			Emoji: r.GetText(), Timestamp: r.GetSenderTimestampMS() / 1000,
		})
	}
}
