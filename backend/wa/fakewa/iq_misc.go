package fakewa

import (
	"strconv"

	waBinary "go.mau.fi/whatsmeow/binary"
)

// iqPassive answers `passive set <active/>` (sent after every login;
// events.Connected waits for it) and `passive set <passive/>`.
func (s *Server) iqPassive(c *conn, _ *waBinary.Node) ([]waBinary.Node, error) {
	if _, err := s.loggedIn(c); err != nil {
		return nil, err
	}
	return nil, nil
}

// iqPing answers the `w:p` keepalive.
func (s *Server) iqPing(*conn, *waBinary.Node) ([]waBinary.Node, error) {
	return nil, nil
}

// mediaConnTTL is how long whatsmeow may reuse a media_conn answer, seconds.
const mediaConnTTL = 300

// iqMediaConn answers `w:m <media_conn/>` with the fake media host, which is
// served by the same listener (see PutMedia).
func (s *Server) iqMediaConn(c *conn, _ *waBinary.Node) ([]waBinary.Node, error) {
	if _, err := s.loggedIn(c); err != nil {
		return nil, err
	}
	return []waBinary.Node{{
		Tag: "media_conn",
		Attrs: waBinary.Attrs{
			"auth":        "fakewa-media-auth-" + s.nextID(),
			"ttl":         strconv.Itoa(mediaConnTTL),
			"auth_ttl":    strconv.Itoa(mediaConnTTL),
			"max_buckets": "12",
		},
		Content: []waBinary.Node{{Tag: "host", Attrs: waBinary.Attrs{"hostname": MediaHostname}}},
	}}, nil
}
