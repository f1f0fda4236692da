package fakewa

import (
	"crypto/rand"
	"encoding/base64"
	"strconv"
	"time"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"
)

// onHandshake starts the session after the Noise handshake: a ClientPayload
// without a username registers a new companion (QR / pair-code), one with a
// username and device logs an existing companion in.
func (s *Server) onHandshake(c *conn) {
	if c.payload.Username == nil {
		s.startRegistration(c)
		return
	}
	s.login(c)
}

// startRegistration sends the pair-device refs; whatsmeow acks the IQ and
// emits events.QR with one code per ref.
func (s *Server) startRegistration(c *conn) {
	if c.payload.GetDevicePairingData() == nil {
		s.logf("registration payload without device pairing data")
		c.abort()
		return
	}
	if err := s.sendPairDevice(c); err != nil {
		s.logf("pair-device: %v", err)
		return
	}
	if s.cfg.PairingTimeout > 0 {
		c.mu.Lock()
		c.pairTimer = time.AfterFunc(s.cfg.PairingTimeout, func() {
			c.mu.Lock()
			paired := c.paired
			c.mu.Unlock()
			if !paired {
				s.logf("pairing timed out, closing connection")
				c.abort()
			}
		})
		c.mu.Unlock()
	}
}

// sendPairDevice sends <iq type=set xmlns=md><pair-device><ref/>...</>
// with fresh refs. The client's result is not waited for (it arrives on the
// read goroutine, which may be the caller).
func (s *Server) sendPairDevice(c *conn) error {
	refs := make([]waBinary.Node, s.cfg.QRRefs)
	s.mu.Lock()
	for i := range refs {
		ref := newRef()
		s.refs[ref] = c
		c.refs = append(c.refs, ref)
		refs[i] = waBinary.Node{Tag: "ref", Content: []byte(ref)}
	}
	s.mu.Unlock()
	return c.send(waBinary.Node{
		Tag: "iq",
		Attrs: waBinary.Attrs{
			"id": s.nextID(), "type": "set", "xmlns": "md", "from": types.ServerJID,
		},
		Content: []waBinary.Node{{Tag: "pair-device", Content: refs}},
	})
}

// RefreshQR sends a new pair-device IQ with fresh refs to every unpaired
// connection (whatsmeow emits another events.QR) and returns how many it
// reached. Earlier refs stay valid until their connection closes.
func (s *Server) RefreshQR() int {
	s.mu.Lock()
	var targets []*conn
	for c := range s.conns {
		if len(c.refs) > 0 { // got refs before, so it is a registration
			targets = append(targets, c)
		}
	}
	s.mu.Unlock()
	n := 0
	for _, c := range targets {
		c.mu.Lock()
		paired := c.paired
		c.mu.Unlock()
		if !paired && s.sendPairDevice(c) == nil {
			n++
		}
	}
	return n
}

// login answers a returning companion with <success> and its offline queue
// (the message stanzas it left unanswered, offline.go), or <failure reason=401> (whatsmeow: events.LoggedOut, session
// deleted) when the device is unknown, removed or uses another Noise key.
func (s *Server) login(c *conn) {
	if f, fail := s.loginFailureNode(); fail {
		s.logf("login answered with failure %s", f.Attrs["reason"])
		c.sendFinal(f)
		return
	}
	jid := types.JID{
		User:   strconv.FormatUint(c.payload.GetUsername(), 10),
		Device: uint16(c.payload.GetDevice()),
		Server: types.DefaultUserServer,
	}
	s.mu.Lock()
	comp := s.companions[jid]
	ok := comp != nil && !comp.removed && comp.noisePub == c.clientStatic
	var old *conn
	if ok {
		old = comp.conn
		comp.conn = c
	}
	s.mu.Unlock()
	if !ok {
		s.logf("login refused for %s", jid)
		c.sendFinal(waBinary.Node{Tag: "failure", Attrs: waBinary.Attrs{"reason": "401", "location": "fakewa"}})
		return
	}
	if old != nil && old != c {
		old.sendFinal(streamErrorNode("", "replaced"))
	}
	c.mu.Lock()
	c.device = jid
	c.mu.Unlock()
	now := strconv.FormatInt(time.Now().Unix(), 10)
	err := c.send(waBinary.Node{Tag: "success", Attrs: waBinary.Attrs{
		"t": now, "props": "1", "abprops": "1", "location": "fakewa", "creation": now, "lid": comp.lid,
	}})
	if err == nil {
		err = c.send(offlineCount(s.redeliver(c, jid)))
	}
	if err != nil {
		s.logf("login %s: %v", jid, err)
	}
}

// newRef makes a pair-device ref: no commas, since the QR string joins the
// ref and three keys with commas.
func newRef() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return "2@" + base64.RawURLEncoding.EncodeToString(b)
}
