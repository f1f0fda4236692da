package wa

import (
	"errors"
	"fmt"

	"go.mau.fi/whatsmeow/proto/waWeb"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"github.com/wasync/wasync/backend/domain"
)

// ConvertRaw derives a row again from a kept raw message (a marshalled
// waWeb.WebMessageInfo, as StoredMessage.Raw holds it) with the converter
// history and live messages go through. It uses no network, only the
// linked device's own JID and LID map; keep is false when the converter
// makes no row of the message (an edit, a reaction, protocol traffic). It
// wraps ErrNotReady while no device is linked, so the row is left for a
// later pass.
func (c *Client) ConvertRaw(raw []byte) (domain.StoredMessage, bool, error) {
	var wm waWeb.WebMessageInfo
	if err := proto.Unmarshal(raw, &wm); err != nil {
		return domain.StoredMessage{}, false, fmt.Errorf("raw message: %w", err)
	}
	cli := c.current()
	if cli == nil || cli.Store.ID == nil {
		return domain.StoredMessage{}, false, fmt.Errorf("convert raw message: %w", ErrNotReady)
	}
	remote, err := types.ParseJID(wm.GetKey().GetRemoteJID())
	if err != nil || remote.IsEmpty() {
		return domain.StoredMessage{}, false, errors.Join(errors.New("raw message: no chat JID"), err)
	}
	ids := newJIDs(c.ctx, cli)
	chat, _ := ids.canonical(remote)
	chatJID, err := types.ParseJID(chat)
	if err != nil {
		return domain.StoredMessage{}, false, fmt.Errorf("raw message: chat %q: %w", chat, err)
	}
	var chunk domain.HistoryChunk
	c.convertHistoryMessage(c.ctx, cli, ids, chatJID, &wm, &chunk)
	for _, m := range chunk.Messages {
		if m.ID == wm.GetKey().GetID() {
			return m, true, nil
		}
	}
	return domain.StoredMessage{}, false, nil
}
