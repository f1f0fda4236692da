package fakewa

import (
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"
)

// iqRemoveCompanion answers md set <remove-companion-device jid=OWN
// reason=user_initiated/>, sent by whatsmeow's Logout: the companion is
// unlinked and can no longer log in.
func (s *Server) iqRemoveCompanion(c *conn, iq *waBinary.Node) ([]waBinary.Node, error) {
	comp, err := s.loggedIn(c)
	if err != nil {
		return nil, err
	}
	jid, _ := iq.GetChildByTag("remove-companion-device").Attrs["jid"].(types.JID)
	if jid != comp.jid {
		return nil, &iqError{Code: 403, Text: "forbidden"}
	}
	s.mu.Lock()
	comp.removed = true
	s.mu.Unlock()
	return nil, nil
}
