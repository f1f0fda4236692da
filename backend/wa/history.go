package wa

import (
	"context"
	"errors"
	"fmt"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/proto/waHistorySync"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/wasync/wasync/backend/domain"
)

// ErrNotReady means a history blob cannot be fetched right now (not linked
// or not connected); the notification stays pending and is tried again.
var ErrNotReady = errors.New("not connected to WhatsApp")

// ErrGone means a history blob can never be fetched or decoded.
var ErrGone = errors.New("history blob is gone or undecodable")

// onMessage handles a message event. A history sync notification is only
// reported handled once the sink has stored it: with SynchronousAck the
// phone gets its ack after that, and otherwise sends it again.
func (c *Client) onMessage(cli *whatsmeow.Client, evt *events.Message) bool {
	ctx := c.ctx
	if n := evt.Message.GetProtocolMessage().GetHistorySyncNotification(); n != nil {
		raw, err := proto.Marshal(n)
		if err != nil {
			c.log.Error("encode history notification", "err", err)
			return false
		}
		err = c.sink.HistoryNotified(ctx, domain.HistoryNotification{
			SyncType: n.GetSyncType().String(), ChunkOrder: int(n.GetChunkOrder()), Progress: int(n.GetProgress()),
			SessionID: n.GetPeerDataRequestSessionID(), Raw: raw,
		})
		if err != nil {
			c.log.Error("persist history notification; not acknowledging it", "err", err)
			return false
		}
		return true
	}
	if evt.Info.Chat.Server == types.BroadcastServer {
		return true // status updates and broadcast lists are not chats
	}
	chat, alt := c.canonicalChat(ctx, cli, evt.Info.Chat, "", nil)
	cv := convertMessage(evt, chat)
	if cv.msg == nil && cv.change == nil {
		return true
	}
	chunk := domain.HistoryChunk{SyncType: "LIVE", Chats: []domain.ChatUpsert{{JID: chat, AltJID: alt, IsGroup: isGroup(evt.Info.Chat)}}}
	if cv.msg != nil {
		chunk.Messages = append(chunk.Messages, *cv.msg)
		if evt.Info.PushName != "" && !evt.Info.IsFromMe {
			chunk.Contacts = append(chunk.Contacts, domain.Contact{JID: cv.msg.SenderJID, PushName: evt.Info.PushName,
				PushNameTS: evt.Info.Timestamp.Unix()})
		}
	} else {
		chunk.Changes = append(chunk.Changes, *cv.change)
	}
	if err := c.sink.LiveMessage(ctx, chunk); err != nil {
		c.log.Error("store live message; not acknowledging it", "err", err)
		return false
	}
	return true
}

// DecodeHistory downloads (or takes inline) and decodes the blob of a stored
// notification, one blob at a time, and maps it to rows.
func (c *Client) DecodeHistory(ctx context.Context, raw []byte) (domain.HistoryChunk, error) {
	var n waE2E.HistorySyncNotification
	if err := proto.Unmarshal(raw, &n); err != nil {
		return domain.HistoryChunk{}, fmt.Errorf("%w: notification: %v", ErrGone, err)
	}
	cli := c.current()
	if cli == nil || cli.Store.ID == nil || (n.InitialHistBootstrapInlinePayload == nil && !cli.IsLoggedIn()) {
		return domain.HistoryChunk{}, ErrNotReady
	}
	hs, err := cli.DownloadHistorySync(ctx, &n, true)
	if err != nil {
		if ctx.Err() != nil || !permanentDownloadError(err) {
			return domain.HistoryChunk{}, fmt.Errorf("%w: %v", ErrNotReady, err)
		}
		return domain.HistoryChunk{}, fmt.Errorf("%w: %v", ErrGone, err)
	}
	chunk := c.convertHistory(ctx, cli, hs)
	chunk.SessionID = n.GetPeerDataRequestSessionID()
	return chunk, nil
}

func permanentDownloadError(err error) bool {
	return errors.Is(err, whatsmeow.ErrMediaDownloadFailedWith404) || errors.Is(err, whatsmeow.ErrMediaDownloadFailedWith410) ||
		errors.Is(err, whatsmeow.ErrInvalidMediaHMAC) || errors.Is(err, whatsmeow.ErrInvalidMediaEncSHA256) ||
		errors.Is(err, whatsmeow.ErrInvalidMediaSHA256) || errors.Is(err, whatsmeow.ErrFileLengthMismatch)
}

// convertHistory maps a decoded history sync to rows. Status syncs
// (INITIAL_STATUS_V3) and NON_BLOCKING_DATA carry nothing wasync keeps and
// are ignored on purpose; PUSH_NAME syncs only name contacts.
func (c *Client) convertHistory(ctx context.Context, cli *whatsmeow.Client, hs *waHistorySync.HistorySync) domain.HistoryChunk {
	chunk := domain.HistoryChunk{SyncType: hs.GetSyncType().String(), ChunkOrder: int(hs.GetChunkOrder()), Progress: int(hs.GetProgress())}
	for _, p := range hs.GetPushnames() {
		if p.GetID() != "" && p.GetPushname() != "" {
			chunk.Contacts = append(chunk.Contacts, domain.Contact{JID: p.GetID(), PushName: p.GetPushname()})
		}
	}
	switch hs.GetSyncType() {
	case waHistorySync.HistorySync_INITIAL_STATUS_V3, waHistorySync.HistorySync_NON_BLOCKING_DATA, waHistorySync.HistorySync_PUSH_NAME:
		return chunk
	}
	pnFor := map[string]string{}
	for _, m := range hs.GetPhoneNumberToLidMappings() {
		pnFor[m.GetLidJID()] = m.GetPnJID()
	}
	for _, conv := range hs.GetConversations() {
		c.convertConversation(ctx, cli, conv, pnFor, &chunk)
	}
	chunk.Contacts = dedupeContacts(chunk.Contacts)
	return chunk
}

// dedupeContacts keeps one entry per JID (the newest push name, else the
// last seen): every message carries its sender's, and one upsert per
// contact is enough.
func dedupeContacts(in []domain.Contact) []domain.Contact {
	index := make(map[string]int, len(in))
	out := in[:0]
	for _, ct := range in {
		if i, ok := index[ct.JID]; ok {
			if ct.PushNameTS >= out[i].PushNameTS {
				out[i] = ct
			}
			continue
		}
		index[ct.JID] = len(out)
		out = append(out, ct)
	}
	return out
}

func (c *Client) convertConversation(ctx context.Context, cli *whatsmeow.Client, conv *waHistorySync.Conversation, pnFor map[string]string, chunk *domain.HistoryChunk) {
	jid, err := types.ParseJID(conv.GetID())
	if err != nil || jid.Server == types.BroadcastServer || jid.Server == types.NewsletterServer {
		return
	}
	chat, alt := c.canonicalChat(ctx, cli, jid, conv.GetPnJID(), pnFor)
	if alt == "" && conv.GetLidJID() != "" && conv.GetLidJID() != chat {
		alt = conv.GetLidJID()
	}
	name := conv.GetName()
	if name == "" {
		name = conv.GetDisplayName()
	}
	up := domain.ChatUpsert{JID: chat, AltJID: alt, PhoneJID: conv.GetID(), Name: name, IsGroup: isGroup(jid)}
	// An ON_DEMAND answer does not carry the chat's state: leave it alone.
	if chunk.SyncType != waHistorySync.HistorySync_ON_DEMAND.String() {
		archived, pinned := conv.GetArchived(), conv.GetPinned() > 0
		muted, unread := int64(conv.GetMuteEndTime()), int(conv.GetUnreadCount())
		up.Archived, up.Pinned, up.MutedUntil, up.Unread = &archived, &pinned, &muted, &unread
	}
	if conv.EndOfHistoryTransferType != nil {
		t := conv.GetEndOfHistoryTransferType()
		up.EndOfHistory = int(t) + 1
		up.MoreOnPhone = t == waHistorySync.Conversation_COMPLETE_BUT_MORE_MESSAGES_REMAIN_ON_PRIMARY ||
			t == waHistorySync.Conversation_COMPLETE_ON_DEMAND_SYNC_BUT_MORE_MSG_REMAIN_ON_PRIMARY
	}
	chunk.Chats = append(chunk.Chats, up)
	chatJID, _ := types.ParseJID(chat)
	for _, hm := range conv.GetMessages() {
		wm := hm.GetMessage()
		evt, err := cli.ParseWebMessage(chatJID, wm)
		if err != nil {
			c.log.Debug("skip unparsable history message", "chat", chat, "err", err)
			continue
		}
		cv := convertMessage(evt, chat)
		if cv.msg != nil {
			chunk.Messages = append(chunk.Messages, *cv.msg)
		}
		if cv.change != nil {
			chunk.Changes = append(chunk.Changes, *cv.change)
		}
		if wm.GetPushName() != "" && !evt.Info.IsFromMe {
			chunk.Contacts = append(chunk.Contacts, domain.Contact{JID: evt.Info.Sender.ToNonAD().String(), PushName: wm.GetPushName(),
				PushNameTS: evt.Info.Timestamp.Unix()})
		}
		for _, r := range wm.GetReactions() {
			sender := r.GetKey().GetParticipant()
			if sender == "" {
				if r.GetKey().GetFromMe() {
					sender = cli.Store.ID.ToNonAD().String()
				} else {
					sender = r.GetKey().GetRemoteJID()
				}
			}
			chunk.Changes = append(chunk.Changes, domain.MessageChange{
				Kind: domain.ChangeReaction, ChatJID: chat, TargetID: evt.Info.ID, SenderJID: sender,
				Emoji: r.GetText(), Timestamp: r.GetSenderTimestampMS() / 1000,
			})
		}
	}
}

// canonicalChat names a chat by its phone-number JID when the LID it came
// under maps to one, so a contact known under both is one chat; the other
// JID is returned as alt.
func (c *Client) canonicalChat(ctx context.Context, cli *whatsmeow.Client, jid types.JID, pn string, pnFor map[string]string) (string, string) {
	jid = jid.ToNonAD()
	if jid.Server != types.HiddenUserServer {
		return jid.String(), ""
	}
	if pn == "" {
		pn = pnFor[jid.String()]
	}
	if pn == "" && cli != nil && cli.Store.LIDs != nil {
		if p, err := cli.Store.LIDs.GetPNForLID(ctx, jid); err == nil && !p.IsEmpty() {
			pn = p.ToNonAD().String()
		}
	}
	if pn == "" {
		return jid.String(), ""
	}
	return pn, jid.String()
}
