package fakewa

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"
)

// iqHandler answers one client request IQ: it returns the children of the
// result IQ, or an error (an *iqError sets the code, anything else is 500).
type iqHandler func(c *conn, iq *waBinary.Node) ([]waBinary.Node, error)

// iqError is an IQ error answer.
type iqError struct {
	Code int
	Text string
}

func (e *iqError) Error() string { return fmt.Sprintf("iq error %d %s", e.Code, e.Text) }

// iqRoutes maps "xmlns type first-child" (first-child "-" when there is
// none) to its handler. Anything missing is answered 501 and recorded in
// UnhandledIQs.
func (s *Server) iqRoutes() map[string]iqHandler {
	return map[string]iqHandler{
		"encrypt get count":              s.iqPreKeyCount,
		"encrypt set registration":       s.iqPreKeyUpload,
		"passive set active":             s.iqPassive,
		"passive set passive":            s.iqPassive,
		"w:p get -":                      s.iqPing,
		"w:m set media_conn":             s.iqMediaConn,
		"md set remove-companion-device": s.iqRemoveCompanion,
		"md set link_code_companion_reg": s.iqLinkCode,
		"w:sync:app:state set sync":      s.iqAppStateSync, // after an app-state key share (appstate_sync.go)
		"w:g2 get query":                 s.iqGroupInfo,    // group subject, description, participants (groups.go)
		// Not yet: "usync get usync" and "encrypt get key" (sending DMs).
	}
}

func routeKey(iq *waBinary.Node) string {
	ns, _ := iq.Attrs["xmlns"].(string)
	typ, _ := iq.Attrs["type"].(string)
	child := "-"
	if children := iq.GetChildren(); len(children) > 0 {
		child = children[0].Tag
	}
	return ns + " " + typ + " " + child
}

// handleNode dispatches one decoded client node.
func (s *Server) handleNode(c *conn, node *waBinary.Node) {
	switch node.Tag {
	case "iq":
		s.handleIQ(c, node)
	case "message", "receipt", "call", "appdata":
		s.routePeerMessage(c, node) // peer messages to the phone, before the ack (peer_receive.go)
		s.sendAck(c, node)
		s.noteDelivery(c, node) // receipts for phone messages (deliver.go)
	case "ack":
		if !c.deliverResponse(node) {
			s.noteDelivery(c, node)
		}
	case "presence", "chatstate":
		// nothing to answer
	default:
		s.logf("ignoring client node %s", node.Tag)
	}
}

func (s *Server) handleIQ(c *conn, iq *waBinary.Node) {
	switch typ, _ := iq.Attrs["type"].(string); typ {
	case "result", "error":
		if !c.deliverResponse(iq) {
			s.logf("unsolicited iq %s from client", typ)
		}
		return
	}
	key := routeKey(iq)
	h := s.routes[key]
	var children []waBinary.Node
	var err error
	if h == nil {
		s.journal.addUnhandled(key + ": " + truncate(iq.XMLString(), 400))
		err = &iqError{Code: 501, Text: "feature-not-implemented"}
	} else {
		children, err = h(c, iq)
	}
	resp := waBinary.Node{Tag: "iq", Attrs: waBinary.Attrs{"id": iq.Attrs["id"], "from": types.ServerJID}}
	if err != nil {
		var ie *iqError
		if !errors.As(err, &ie) {
			s.logf("iq %s failed: %v", key, err)
			ie = &iqError{Code: 500, Text: "internal-server-error"}
		}
		resp.Attrs["type"] = "error"
		resp.Content = []waBinary.Node{{Tag: "error", Attrs: waBinary.Attrs{"code": strconv.Itoa(ie.Code), "text": ie.Text}}}
	} else {
		resp.Attrs["type"] = "result"
		if len(children) > 0 {
			resp.Content = children
		}
	}
	if err := c.send(resp); err != nil {
		s.logf("answer iq %s: %v", key, err)
	}
}

// sendAck acknowledges a client stanza; SendMessage blocks until its ack.
func (s *Server) sendAck(c *conn, node *waBinary.Node) {
	attrs := waBinary.Attrs{
		"class": node.Tag,
		"id":    node.Attrs["id"],
		"from":  types.ServerJID,
		"t":     strconv.FormatInt(time.Now().Unix(), 10),
	}
	if to, ok := node.Attrs["to"]; ok {
		attrs["from"] = to
	}
	if typ, ok := node.Attrs["type"]; ok && node.Tag != "message" {
		attrs["type"] = typ
	}
	if err := c.send(waBinary.Node{Tag: "ack", Attrs: attrs}); err != nil {
		s.logf("ack %s: %v", node.Tag, err)
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// loggedIn returns the companion a request comes from, or an IQ error.
func (s *Server) loggedIn(c *conn) (*companion, error) {
	dev := c.deviceJID()
	s.mu.Lock()
	defer s.mu.Unlock()
	comp := s.companions[dev]
	if dev.IsEmpty() || comp == nil {
		return nil, &iqError{Code: 401, Text: "not-authorized"}
	}
	return comp, nil
}
