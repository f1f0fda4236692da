package wa

import (
	"context"
	"fmt"

	"github.com/wasync/wasync/backend/domain"
)

// Logout unlinks this device: it tells WhatsApp when it can, and always
// deletes the device keys locally. Stored history is kept.
func (c *Client) Logout(ctx context.Context) error {
	cli := c.current()
	if cli == nil || cli.Store.ID == nil {
		if c.Session().State == domain.StateWaitingQR {
			c.pairingFailed("")
			return nil
		}
		return domain.Errorf(domain.CodeConflict, "no phone is linked")
	}
	reason := "Logged out from wasync"
	if err := cli.Logout(ctx); err != nil {
		// Offline: forget the keys here anyway; the phone drops the device
		// when it next fails to reach it.
		c.log.Warn("logout could not reach WhatsApp; deleting the device keys locally", "err", err)
		cli.Disconnect()
		// Delete the rows, not through Device.Delete: that also clears the
		// in-memory device, which whatsmeow's reconnect goroutine may be
		// reading. The retired client is replaced by a fresh one.
		if derr := c.devices.container.DeleteDevice(ctx, cli.Store); derr != nil {
			return fmt.Errorf("delete device keys: %w", derr)
		}
		if _, nerr := c.newWhatsmeow(ctx); nerr != nil {
			return nerr
		}
		reason = "Logged out while offline: the phone may list this device until it notices"
	}
	c.loggedOut(reason)
	return nil
}
