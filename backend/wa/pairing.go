package wa

import (
	"context"
	"errors"
	"strings"
	"time"

	"go.mau.fi/whatsmeow"

	"github.com/wasync/wasync/backend/domain"
)

// WhatsApp shows the first QR code of a batch for 60 s and each later one
// for 20 s; after the last, the code has expired and the user asks anew.
const (
	firstQRTimeout = 60 * time.Second
	nextQRTimeout  = 20 * time.Second
	// pairStartTimeout bounds waiting for the server's first pairing codes.
	pairStartTimeout = 20 * time.Second
)

var errAlreadyLinked = domain.Errorf(domain.CodeConflict, "a phone is already linked: log out first to link another")

// StartPairing connects an unlinked device so that WhatsApp issues QR codes;
// called again after the codes expired, it gets fresh ones. It returns once
// the first code is shown. Callers are serialized: a second caller while a
// pairing is under way (the window and a browser at once) shares it, the
// same codes from the same whatsmeow client, instead of starting another.
func (c *Client) StartPairing(ctx context.Context) error {
	c.mu.Lock()
	prev := c.session
	switch prev.State {
	case domain.StateWaitingQR:
		first := c.firstQR
		c.mu.Unlock()
		return c.awaitFirstQR(ctx, first)
	case domain.StateConnected, domain.StateConnecting, domain.StateDisconnected, domain.StatePairing:
		c.mu.Unlock()
		return errAlreadyLinked
	}
	// The attempt is claimed under the lock that checked the state, before
	// any slow work, so a concurrent caller finds it and waits for it.
	first := make(chan struct{})
	c.firstQR = first
	c.qrEpoch++
	c.session = domain.Session{State: domain.StateWaitingQR, PreviousAccount: prev.PreviousAccount}
	s := c.session
	c.mu.Unlock()
	c.sink.SessionChanged(s)
	// A fresh client each time: after a logout whatsmeow has deleted the old
	// device, and a new one gets new keys.
	cli, err := c.newWhatsmeow(ctx)
	if err != nil {
		c.endAttempt(first, -1, "Cannot start pairing: "+err.Error())
		return err
	}
	if cli.Store.ID != nil {
		c.mu.Lock()
		if c.firstQR == first {
			c.firstQR, c.session = nil, prev
		}
		c.mu.Unlock()
		c.sink.SessionChanged(prev)
		return errAlreadyLinked
	}
	// The registration payload built on connect carries the chosen depth.
	applyHistoryDepth(c.historyDepth())
	// The socket outlives the request that asked for it: connect on the
	// client's own context.
	if err := cli.ConnectContext(c.ctx); err != nil && !errors.Is(err, whatsmeow.ErrAlreadyConnected) {
		c.endAttempt(first, -1, "Cannot reach WhatsApp: "+err.Error())
		return domain.Errorf(domain.CodeUnavailable, "cannot reach WhatsApp to get a pairing code: %v", err)
	}
	return c.awaitFirstQR(ctx, first)
}

// awaitFirstQR waits until the attempt first shows its first code. A
// caller that gives up leaves the attempt running (another screen may share
// it); the start timeout ends this attempt only, never a newer one.
func (c *Client) awaitFirstQR(ctx context.Context, first chan struct{}) error {
	if first == nil {
		return nil
	}
	select {
	case <-first:
		return nil
	case <-ctx.Done():
		return domain.Errorf(domain.CodeUnavailable, "stopped waiting for a pairing code: %v", ctx.Err())
	case <-c.clock.After(pairStartTimeout):
		c.endAttempt(first, -1, "WhatsApp did not send a pairing code in time")
		return domain.Errorf(domain.CodeUnavailable, "WhatsApp did not send a pairing code within %s; try again", pairStartTimeout)
	}
}

// pairingFailed stops the current pairing attempt and says why.
func (c *Client) pairingFailed(reason string) {
	c.endPairing(func() bool { return true }, reason)
}

// endAttempt stops the pairing attempt first, if it is still the current
// one and still waiting for a scan (and, with epoch >= 0, still on that QR
// batch): a timer of an older attempt must not end a newer one.
func (c *Client) endAttempt(first chan struct{}, epoch int, reason string) {
	c.endPairing(func() bool {
		return c.firstQR == first && c.session.State == domain.StateWaitingQR && (epoch < 0 || c.qrEpoch == epoch)
	}, reason)
}

// endPairing ends the pairing if mine (called under c.mu) says it is the
// one to end; check and end happen under one lock.
func (c *Client) endPairing(mine func() bool, reason string) {
	c.mu.Lock()
	if !mine() {
		c.mu.Unlock()
		return
	}
	c.qrEpoch++
	c.session = domain.Session{State: domain.StateLoggedOut, PreviousAccount: c.session.PreviousAccount, Reason: reason}
	s, cli := c.session, c.cli
	c.mu.Unlock()
	if cli != nil && cli.Store.ID == nil {
		cli.Disconnect()
	}
	c.sink.SessionChanged(s)
}

// showQRCodes rotates through a batch of codes from events.QR, each shown
// until its timeout, then marks the pairing expired.
func (c *Client) showQRCodes(codes []string) {
	c.mu.Lock()
	c.qrEpoch++
	epoch := c.qrEpoch
	first := c.firstQR
	c.mu.Unlock()
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		for i, code := range codes {
			timeout := nextQRTimeout
			if i == 0 {
				timeout = firstQRTimeout
			}
			expires := c.clock.Now().Add(timeout).UTC()
			if !c.showQR(epoch, code, expires) {
				return
			}
			if i == 0 && first != nil {
				closeOnce(first)
			}
			select {
			case <-c.ctx.Done():
				return
			case <-c.clock.After(timeout):
			}
		}
		c.endAttempt(first, epoch, "The QR code expired: ask for a new code")
	}()
}

// showQR publishes one code if the rotation it belongs to is still current.
func (c *Client) showQR(epoch int, code string, expires time.Time) bool {
	c.mu.Lock()
	if c.qrEpoch != epoch || c.session.State != domain.StateWaitingQR {
		c.mu.Unlock()
		return false
	}
	c.session.QR = &domain.QR{Code: code, ExpiresAt: expires.Format(time.RFC3339)}
	s := c.session
	c.mu.Unlock()
	c.sink.SessionChanged(s)
	c.sink.Emit(domain.EventConnectionQR, map[string]string{"code": code, "expires_at": s.QR.ExpiresAt})
	return true
}

func closeOnce(ch chan struct{}) {
	select {
	case <-ch:
	default:
		close(ch)
	}
}

// PairPhone links by phone number instead of QR: it returns the 8-character
// code the user types on the phone (WhatsApp > Linked devices > Link with
// phone number). phone is the full international number, digits only.
func (c *Client) PairPhone(ctx context.Context, phone string) (string, error) {
	digits, err := normalizePhone(phone)
	if err != nil {
		return "", err
	}
	if err := c.StartPairing(ctx); err != nil {
		return "", err
	}
	cli := c.current()
	code, err := cli.PairPhone(ctx, digits, true, whatsmeow.PairClientChrome, "Chrome (Linux)")
	if err != nil {
		return "", domain.Errorf(domain.CodeUnavailable, "WhatsApp refused the pair code request: %v", err)
	}
	c.update(func(s *domain.Session) { s.PairCode = code })
	return code, nil
}

// normalizePhone accepts +, spaces, dots, dashes and brackets around an
// E.164 number and returns its digits.
func normalizePhone(phone string) (string, error) {
	var b strings.Builder
	for _, r := range strings.TrimSpace(phone) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case strings.ContainsRune("+ -.()", r):
		default:
			return "", domain.Errorf(domain.CodeInvalid, "phone %q: use the full international number, digits only, such as 15551234567", phone)
		}
	}
	d := b.String()
	if len(d) < 7 || len(d) > 15 || d[0] == '0' {
		return "", domain.Errorf(domain.CodeInvalid, "phone %q: use the full international number with country code (7 to 15 digits, no leading 0), such as 15551234567", phone)
	}
	return d, nil
}
