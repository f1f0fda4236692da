package wa

import (
	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/wasync/wasync/backend/domain"
)

// onUndecryptable keeps a visible "waiting for this message" row for a
// message whatsmeow could not decrypt. whatsmeow has already asked the
// sender to send it again (and, after a delay, the phone); when the retried
// message arrives with the same id the store replaces the placeholder.
func (c *Client) onUndecryptable(cli *whatsmeow.Client, evt *events.UndecryptableMessage) bool {
	if evt.Info.Chat.Server == types.BroadcastServer || evt.Info.ID == "" {
		return true
	}
	ctx, cancel := c.storeCtx()
	defer cancel()
	ids := newJIDs(ctx, cli)
	learnAlts(ids, evt.Info)
	chat, alt := ids.canonical(evt.Info.Chat)
	sender, senderAlt := ids.canonical(evt.Info.Sender)
	chunk := domain.HistoryChunk{
		SyncType: "LIVE",
		Chats:    []domain.ChatUpsert{{JID: chat, AltJID: alt, IsGroup: isGroup(evt.Info.Chat)}},
		Messages: []domain.StoredMessage{{
			ChatJID: chat, ID: evt.Info.ID, SenderJID: sender, SenderAltJID: senderAlt, SenderName: evt.Info.PushName,
			FromMe: evt.Info.IsFromMe, Timestamp: evt.Info.Timestamp.Unix(), Type: domain.TypeWaiting,
		}},
		LIDMappings: ids.mappings(),
	}
	if err := c.sink.LiveMessage(ctx, chunk); err != nil {
		c.log.Error("store placeholder for an undecryptable message", "id", evt.Info.ID, "err", err)
		return false
	}
	return true
}
