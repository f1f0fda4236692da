package fakewa

import (
	"bytes"
	"encoding/binary"
	"strconv"

	"go.mau.fi/libsignal/ecc"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/util/keys"
)

// iqPreKeyCount answers `encrypt get <count/>` with the number of one-time
// prekeys the companion has on the server. whatsmeow asks right after login
// and uploads when it is below 5.
func (s *Server) iqPreKeyCount(c *conn, _ *waBinary.Node) ([]waBinary.Node, error) {
	comp, err := s.loggedIn(c)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	n := len(comp.preKeys)
	s.mu.Unlock()
	return []waBinary.Node{{Tag: "count", Attrs: waBinary.Attrs{"value": strconv.Itoa(n)}}}, nil
}

// iqPreKeyUpload stores `encrypt set <registration/><type/><identity/>
// <list><key/>...</list><skey/>` (812 keys on the first login).
func (s *Server) iqPreKeyUpload(c *conn, iq *waBinary.Node) ([]waBinary.Node, error) {
	comp, err := s.loggedIn(c)
	if err != nil {
		return nil, err
	}
	bad := &iqError{Code: 400, Text: "bad-request"}
	reg, _ := iq.GetChildByTag("registration").Content.([]byte)
	typ, _ := iq.GetChildByTag("type").Content.([]byte)
	ident, _ := iq.GetChildByTag("identity").Content.([]byte)
	if len(reg) != 4 || !bytes.Equal(typ, []byte{ecc.DjbType}) || len(ident) != 32 {
		return nil, bad
	}
	skey, err := parsePreKeyNode(iq.GetChildByTag("skey"))
	if err != nil {
		return nil, bad
	}
	list := iq.GetChildByTag("list")
	children := list.GetChildren()
	uploaded := make([]keys.PreKey, 0, len(children))
	for _, child := range children {
		pk, err := parsePreKeyNode(child)
		if err != nil {
			return nil, bad
		}
		uploaded = append(uploaded, pk)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !bytes.Equal(ident, comp.identityPub[:]) {
		return nil, &iqError{Code: 409, Text: "conflict"}
	}
	comp.registrationID = binary.BigEndian.Uint32(reg)
	comp.signedPreKey = skey
	have := make(map[uint32]bool, len(comp.preKeys))
	for _, pk := range comp.preKeys {
		have[pk.KeyID] = true
	}
	for _, pk := range uploaded {
		if !have[pk.KeyID] {
			comp.preKeys = append(comp.preKeys, pk)
			have[pk.KeyID] = true
		}
	}
	return nil, nil
}
