package wa

import (
	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waCommon"
	"go.mau.fi/whatsmeow/proto/waWeb"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/wasync/wasync/backend/domain"
)

// onMessage handles a message event. A history sync notification is only
// reported handled once the sink has stored it, and a live message once the
// sink has stored it: with SynchronousAck the server gets its ack after
// that, and otherwise delivers it again.
func (c *Client) onMessage(cli *whatsmeow.Client, evt *events.Message) bool {
	ctx, cancel := c.storeCtx()
	defer cancel()
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
	ids := newJIDs(ctx, cli)
	learnAlts(ids, evt.Info)
	chat, alt := ids.canonical(evt.Info.Chat)
	sender, senderAlt := ids.canonical(evt.Info.Sender)
	raw, err := proto.Marshal(wrapLive(evt))
	if err != nil {
		c.log.Warn("encode live message", "id", evt.Info.ID, "err", err)
	}
	cv := convertMessage(source{evt: evt, chat: chat, sender: sender, senderAlt: senderAlt, raw: raw,
		vote: decryptVote(ctx, cli, evt), response: decryptResponse(ctx, cli, evt)})
	if cv.msg == nil && cv.change == nil {
		return true
	}
	chunk := domain.HistoryChunk{
		SyncType:    "LIVE",
		Chats:       []domain.ChatUpsert{{JID: chat, AltJID: alt, IsGroup: isGroup(evt.Info.Chat)}},
		LIDMappings: ids.mappings(),
	}
	if cv.msg != nil {
		chunk.Messages = append(chunk.Messages, *cv.msg)
		if evt.Info.PushName != "" && !evt.Info.IsFromMe {
			chunk.Contacts = append(chunk.Contacts, domain.Contact{
				JID: sender, AltJID: senderAlt, PushName: evt.Info.PushName, PushNameTS: evt.Info.Timestamp.Unix(),
			})
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

// learnAlts records the LID/phone pairs a live stanza carries: the sender's
// (sender_pn, participant_pn, ...) and, for one's own messages in a DM, the
// recipient's.
func learnAlts(ids *jids, info types.MessageInfo) {
	if !info.SenderAlt.IsEmpty() {
		ids.learn(info.Sender, info.SenderAlt)
		if !info.IsGroup && !info.IsFromMe {
			ids.learn(info.Chat, info.SenderAlt)
		}
	}
	if !info.RecipientAlt.IsEmpty() {
		ids.learn(info.Chat, info.RecipientAlt)
	}
}

// wrapLive wraps a live message into a WebMessageInfo, the shape history
// messages come in, so one converter can re-derive rows from either.
func wrapLive(evt *events.Message) *waWeb.WebMessageInfo {
	key := &waCommon.MessageKey{
		RemoteJID: proto.String(evt.Info.Chat.String()),
		FromMe:    proto.Bool(evt.Info.IsFromMe),
		ID:        proto.String(evt.Info.ID),
	}
	if evt.Info.IsGroup {
		key.Participant = proto.String(evt.Info.Sender.ToNonAD().String())
	}
	msg := evt.RawMessage
	if msg == nil {
		msg = evt.Message
	}
	wm := &waWeb.WebMessageInfo{
		Key:              key,
		Message:          msg,
		MessageTimestamp: proto.Uint64(uint64(evt.Info.Timestamp.Unix())),
	}
	if evt.Info.PushName != "" {
		wm.PushName = proto.String(evt.Info.PushName)
	}
	return wm
}
