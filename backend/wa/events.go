package wa

import (
	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/wasync/wasync/backend/domain"
)

// handle is the one switch every whatsmeow event passes through. Events from
// a client that has since been replaced are ignored. It returns false when
// an event could not be kept, so whatsmeow does not acknowledge it.
func (c *Client) handle(cli *whatsmeow.Client, evt any) bool {
	if c.current() != cli {
		return true
	}
	switch e := evt.(type) {
	case *events.Message:
		return c.onMessage(cli, e)
	case *events.UndecryptableMessage:
		return c.onUndecryptable(cli, e)
	case *events.QR:
		c.showQRCodes(e.Codes)
	case *events.PairSuccess:
		c.mu.Lock()
		c.qrEpoch++
		c.mu.Unlock()
		c.update(func(s *domain.Session) {
			*s = domain.Session{State: domain.StatePairing, JID: e.ID.ToNonAD().String(), PreviousAccount: s.PreviousAccount}
		})
		c.sink.Emit(domain.EventConnectionPair, map[string]string{
			"jid": e.ID.ToNonAD().String(), "lid": e.LID.ToNonAD().String(), "platform": e.Platform, "business_name": e.BusinessName,
		})
	case *events.PairError:
		c.pairingFailed("Pairing failed: " + e.Error.Error())
	case *events.Connected:
		c.connected(cli)
		c.feedContactsOnce(cli)
		c.goResyncMarkedAppState(cli)
	case *events.Archive, *events.Pin, *events.Mute, *events.MarkChatAsRead, *events.Star, *events.DeleteForMe,
		*events.Contact, *events.PushName, *events.BusinessName, *events.DeleteChat, *events.AppStateSyncComplete:
		return c.onAppState(cli, e)
	case *events.GroupInfo:
		c.onGroupChange(cli, e)
	case *events.Disconnected:
		c.disconnected(cli)
	case *events.KeepAliveTimeout:
		c.log.Warn("keepalive timed out", "errors", e.ErrorCount)
		if e.ErrorCount >= 3 {
			// After sleep or a silent network change the socket may be dead
			// without a close: reconnect instead of waiting for TCP.
			cli.Disconnect()
			c.disconnected(cli)
			c.goConnect(cli)
		}
	case *events.LoggedOut:
		c.loggedOut("The phone removed this device (" + e.Reason.String() + ")")
	case *events.StreamReplaced:
		c.stopped("Another client connected with this device's keys, so WhatsApp closed this connection")
	case *events.ClientOutdated:
		c.stopped("WhatsApp says this version of wasync is outdated: update wasync")
	case *events.TemporaryBan:
		c.stopped(e.String())
	case *events.ConnectFailure:
		c.stopped("WhatsApp refused the connection: " + e.Reason.String() + " " + e.Message)
	case *events.PushNameSetting:
		name := e.Action.GetName()
		c.update(func(s *domain.Session) { s.PushName = name })
	case *events.StreamError:
		c.log.Warn("stream error", "code", e.Code)
	}
	return true
}

func (c *Client) connected(cli *whatsmeow.Client) {
	jid := ""
	if cli.Store.ID != nil {
		jid = cli.Store.ID.ToNonAD().String()
	}
	c.update(func(s *domain.Session) {
		*s = domain.Session{State: domain.StateConnected, JID: jid, PushName: cli.Store.PushName}
	})
	c.sink.Emit(domain.EventConnectionConnected, map[string]string{"jid": jid, "push_name": cli.Store.PushName})
}

func (c *Client) disconnected(cli *whatsmeow.Client) {
	if cli.Store.ID == nil {
		// The server closes an unpaired socket when its codes run out.
		c.mu.Lock()
		waiting := c.session.State == domain.StateWaitingQR
		c.mu.Unlock()
		if waiting {
			c.pairingFailed("The QR code expired: ask for a new code")
		}
		return
	}
	// whatsmeow dispatches Disconnected on its own goroutine while it
	// already reconnects: when the new socket is up, the event is still
	// reported but the state stays as the reconnect set it.
	if !cli.IsConnected() {
		c.update(func(s *domain.Session) {
			if s.State == domain.StateConnected || s.State == domain.StateConnecting {
				s.State = domain.StateDisconnected
				s.Reason = "Connection lost; reconnecting"
			}
		})
	}
	c.sink.Emit(domain.EventConnectionDisconnect, map[string]string{"jid": cli.Store.ID.ToNonAD().String()})
}

func (c *Client) stopped(reason string) {
	c.log.Warn("connection stopped", "reason", reason)
	c.update(func(s *domain.Session) {
		s.State = domain.StateDisconnected
		s.Reason = reason
		s.QR = nil
	})
	c.sink.Emit(domain.EventConnectionDisconnect, map[string]string{"reason": reason})
}

// loggedOut returns to the link screen. whatsmeow deletes the device keys
// after this event; the stored history stays.
func (c *Client) loggedOut(reason string) {
	c.mu.Lock()
	c.qrEpoch++
	prev := c.session.JID
	if c.session.PushName != "" {
		prev = c.session.PushName + " (" + prev + ")"
	}
	if prev == "" {
		prev = c.session.PreviousAccount
	}
	c.mu.Unlock()
	c.setSession(domain.Session{State: domain.StateLoggedOut, PreviousAccount: prev, Reason: reason})
	c.sink.Emit(domain.EventConnectionLoggedOut, map[string]string{"reason": reason, "previous_account": prev})
}
