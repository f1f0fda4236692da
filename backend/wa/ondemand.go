package wa

import (
	"context"
	"fmt"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"

	"github.com/wasync/wasync/backend/domain"
)

// NewRequestID makes the message id of an on-demand request; the phone's
// ON_DEMAND answer carries it as its peerDataRequestSessionID. Without a
// client it is "" and RequestHistory then refuses anyway.
func (c *Client) NewRequestID() string {
	if cli := c.current(); cli != nil {
		return cli.GenerateMessageID()
	}
	return ""
}

// RequestHistory asks the phone for up to count messages of chat older than
// anchor: BuildHistorySyncRequest sent as a peer message to the account's
// own phone (a plain message to the contact does nothing), with message id
// id (from NewRequestID), so the caller can record it before the answer can
// possibly arrive.
func (c *Client) RequestHistory(ctx context.Context, id, chat string, anchor domain.Anchor, count int) error {
	cli := c.current()
	if cli == nil || cli.Store.ID == nil {
		return domain.Errorf(domain.CodeConflict, "no phone is linked: link one first")
	}
	if !cli.IsLoggedIn() {
		return domain.Errorf(domain.CodeUnavailable, "not connected to WhatsApp right now; try again when connected")
	}
	jid, err := types.ParseJID(chat)
	if err != nil {
		return domain.Errorf(domain.CodeInvalid, "chat %q is not a WhatsApp JID", chat)
	}
	info := &types.MessageInfo{
		MessageSource: types.MessageSource{Chat: jid, IsFromMe: anchor.FromMe, IsGroup: isGroup(jid)},
		ID:            anchor.ID,
		Timestamp:     time.Unix(anchor.Timestamp, 0),
	}
	msg := cli.BuildHistorySyncRequest(info, count)
	if _, err := cli.SendMessage(ctx, cli.Store.ID.ToNonAD(), msg, whatsmeow.SendRequestExtra{Peer: true, ID: id}); err != nil {
		return fmt.Errorf("send history request for %s: %w", chat, err)
	}
	return nil
}
