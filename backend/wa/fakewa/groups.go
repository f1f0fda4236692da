package fakewa

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"
)

// Group is what the server knows about a group the phone is in: what a
// group info query (w:g2 <query request="interactive"/>) answers.
type Group struct {
	JID          types.JID
	Subject      string
	Description  string
	Participants []GroupMember
	Created      time.Time
}

// GroupMember is one participant of a Group.
type GroupMember struct {
	JID   types.JID
	Admin bool
}

// phoneGroups holds a phone's groups by JID.
type phoneGroups struct {
	mu     sync.Mutex
	groups map[types.JID]Group
}

// SetGroup records (or replaces) a group the phone is in, without telling
// any companion.
func (p *Phone) SetGroup(g Group) {
	p.groups.mu.Lock()
	defer p.groups.mu.Unlock()
	if p.groups.groups == nil {
		p.groups.groups = map[types.JID]Group{}
	}
	if g.Created.IsZero() {
		g.Created = time.Unix(1_700_000_000, 0)
	}
	p.groups.groups[g.JID] = g
}

func (p *Phone) group(jid types.JID) (Group, bool) {
	p.groups.mu.Lock()
	defer p.groups.mu.Unlock()
	g, ok := p.groups.groups[jid]
	return g, ok
}

// RenameGroup changes a group's subject, as the phone's user would, and
// sends every connected companion the w:gp2 subject notification.
func (p *Phone) RenameGroup(ctx context.Context, jid types.JID, subject string) error {
	g, ok := p.group(jid)
	if !ok {
		return fmt.Errorf("fakewa: no group %s", jid)
	}
	g.Subject = subject
	p.SetGroup(g)
	now := strconv.FormatInt(time.Now().Unix(), 10)
	node := waBinary.Node{Tag: "notification", Attrs: waBinary.Attrs{
		"from": jid, "type": "w:gp2", "t": now, "participant": p.jid,
	}, Content: []waBinary.Node{{Tag: "subject", Attrs: waBinary.Attrs{"subject": subject, "s_t": now, "s_o": p.jid}}}}
	return p.notifyCompanions(ctx, node)
}

// notifyCompanions sends node to every connected companion and waits for
// each ack.
func (p *Phone) notifyCompanions(ctx context.Context, node waBinary.Node) error {
	for _, companion := range p.Companions() {
		c, err := p.srv.liveConn(companion)
		if err != nil {
			continue
		}
		n := node
		n.Attrs = waBinary.Attrs{}
		for k, v := range node.Attrs {
			n.Attrs[k] = v
		}
		if _, err := c.sendIQ(ctx, n); err != nil {
			return fmt.Errorf("fakewa: %s notification to %s: %w", node.Attrs["type"], companion, err)
		}
	}
	return nil
}

// iqGroupInfo answers a group info query from the phone's groups: 404 for a
// group it does not know.
func (s *Server) iqGroupInfo(c *conn, iq *waBinary.Node) ([]waBinary.Node, error) {
	comp, err := s.loggedIn(c)
	if err != nil {
		return nil, err
	}
	to, _ := iq.Attrs["to"].(types.JID)
	g, ok := comp.phone.group(to)
	if !ok {
		return nil, &iqError{Code: 404, Text: "item-not-found"}
	}
	children := make([]waBinary.Node, 0, len(g.Participants)+1)
	for _, m := range g.Participants {
		attrs := waBinary.Attrs{"jid": m.JID}
		if m.Admin {
			attrs["type"] = "admin"
		}
		children = append(children, waBinary.Node{Tag: "participant", Attrs: attrs})
	}
	if g.Description != "" {
		children = append(children, waBinary.Node{Tag: "description", Attrs: waBinary.Attrs{"id": "desc-" + g.JID.User},
			Content: []waBinary.Node{{Tag: "body", Content: []byte(g.Description)}}})
	}
	return []waBinary.Node{{Tag: "group", Attrs: waBinary.Attrs{
		"id": g.JID.User, "subject": g.Subject, "creation": strconv.FormatInt(g.Created.Unix(), 10),
		"s_t": strconv.FormatInt(g.Created.Unix(), 10), "size": strconv.Itoa(len(g.Participants)),
	}, Content: children}}, nil
}
