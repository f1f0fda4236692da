package fakewa

import (
	"slices"
	"strconv"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"
)

// offlineQueue holds, per companion, the message stanzas it has not
// answered yet with a receipt or an ack. WhatsApp keeps such stanzas and
// delivers them again, unchanged, when the companion next logs in (its
// offline queue); so does the fake. The zero value is ready.
type offlineQueue struct {
	pending map[types.JID][]waBinary.Node // guarded by Server.mu
}

// holdUnanswered remembers a message stanza sent to companion until it is
// answered.
func (s *Server) holdUnanswered(companion types.JID, node waBinary.Node) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.offline.pending == nil {
		s.offline.pending = map[types.JID][]waBinary.Node{}
	}
	s.offline.pending[companion] = append(s.offline.pending[companion], node)
}

// answered forgets the stanza id once companion has answered it.
func (s *Server) answered(companion types.JID, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.offline.pending[companion] = slices.DeleteFunc(s.offline.pending[companion], func(n waBinary.Node) bool {
		return n.Attrs["id"] == id
	})
}

// Unanswered lists the ids of the stanzas companion has not answered yet,
// oldest first.
func (s *Server) Unanswered(companion types.JID) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for _, n := range s.offline.pending[companion] {
		id, _ := n.Attrs["id"].(string)
		ids = append(ids, id)
	}
	return ids
}

// redeliver sends every stanza companion left unanswered again on its new
// connection, marked offline as WhatsApp marks its offline queue, and
// returns how many it sent.
func (s *Server) redeliver(c *conn, companion types.JID) int {
	s.mu.Lock()
	queued := slices.Clone(s.offline.pending[companion])
	s.mu.Unlock()
	for _, node := range queued {
		attrs := make(waBinary.Attrs, len(node.Attrs)+1)
		for k, v := range node.Attrs {
			attrs[k] = v
		}
		attrs["offline"] = "1"
		node.Attrs = attrs
		if err := c.send(node); err != nil {
			s.logf("redeliver %v to %s: %v", node.Attrs["id"], companion, err)
			return 0
		}
	}
	return len(queued)
}

// offlineCount is the <ib><offline count=N/> a login ends with.
func offlineCount(n int) waBinary.Node {
	return waBinary.Node{Tag: "ib", Content: []waBinary.Node{{Tag: "offline", Attrs: waBinary.Attrs{"count": strconv.Itoa(n)}}}}
}
