package fakewa

import (
	"context"
	"fmt"
	"sync"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"
)

// Received is one node a client sent to the server.
type Received struct {
	// Device is the logged-in companion that sent it; empty before login.
	Device types.JID
	// Node is the decoded stanza.
	Node *waBinary.Node
}

// journal keeps what clients sent, in order, and lets tests wait for it.
type journal struct {
	mu        sync.Mutex
	nodes     []Received
	changed   chan struct{} // closed and replaced on every append
	unhandled []string
}

func (j *journal) init() { j.changed = make(chan struct{}) }

func (j *journal) add(r Received) {
	j.mu.Lock()
	j.nodes = append(j.nodes, r)
	close(j.changed)
	j.changed = make(chan struct{})
	j.mu.Unlock()
}

func (j *journal) addUnhandled(desc string) {
	j.mu.Lock()
	j.unhandled = append(j.unhandled, desc)
	j.mu.Unlock()
}

// Received returns every node clients have sent so far, oldest first.
func (s *Server) Received() []Received {
	s.journal.mu.Lock()
	defer s.journal.mu.Unlock()
	return append([]Received(nil), s.journal.nodes...)
}

// WaitReceived waits until a node at index since or later of Received
// matches and returns it with its index. Pass since 0 for "ever", or
// len(Received()) taken earlier for "from now on".
func (s *Server) WaitReceived(ctx context.Context, since int, match func(Received) bool) (Received, int, error) {
	for {
		s.journal.mu.Lock()
		nodes, changed := s.journal.nodes, s.journal.changed
		s.journal.mu.Unlock()
		for i := max(since, 0); i < len(nodes); i++ {
			if match(nodes[i]) {
				return nodes[i], i, nil
			}
		}
		since = max(since, len(nodes))
		select {
		case <-changed:
		case <-ctx.Done():
			return Received{}, -1, fmt.Errorf("fakewa: waiting for a client node: %w", ctx.Err())
		}
	}
}

// WaitIQ waits for a client IQ with namespace xmlns whose first child is
// tagged child (any IQ of that namespace if child is empty).
func (s *Server) WaitIQ(ctx context.Context, xmlns, child string) (*waBinary.Node, error) {
	r, _, err := s.WaitReceived(ctx, 0, func(r Received) bool {
		return IsIQ(r.Node, xmlns, child)
	})
	if err != nil {
		return nil, fmt.Errorf("fakewa: waiting for iq %s/%s: %w", xmlns, child, err)
	}
	return r.Node, nil
}

// IsIQ reports whether node is a client request IQ (get or set) with
// namespace xmlns and, unless child is empty, first child tagged child.
func IsIQ(node *waBinary.Node, xmlns, child string) bool {
	if node == nil || node.Tag != "iq" {
		return false
	}
	if ns, _ := node.Attrs["xmlns"].(string); ns != xmlns {
		return false
	}
	if typ, _ := node.Attrs["type"].(string); typ != "get" && typ != "set" {
		return false
	}
	if child == "" {
		return true
	}
	children := node.GetChildren()
	return len(children) > 0 && children[0].Tag == child
}

// UnhandledIQs lists the client IQs the server could not answer (it answered
// them with error 501). Every test should assert it is empty, so that a
// whatsmeow upgrade that sends something new fails loudly.
func (s *Server) UnhandledIQs() []string {
	s.journal.mu.Lock()
	defer s.journal.mu.Unlock()
	return append([]string(nil), s.journal.unhandled...)
}
