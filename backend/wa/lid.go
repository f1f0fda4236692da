package wa

import (
	"context"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"

	"github.com/wasync/wasync/backend/domain"
)

// jids makes one person one JID: a LID whose phone number is known stands
// for that phone-number JID, and every pairing learnt on the way is recorded
// so the store can merge what it already keeps under the other JID. One
// jids serves one chunk.
type jids struct {
	ctx   context.Context
	cli   *whatsmeow.Client
	pnFor map[string]string // LID user JID → phone-number user JID
	lidOf map[string]string // the reverse
	found []domain.LIDMapping
}

// newJIDs starts a resolver that falls back on whatsmeow's LID map.
func newJIDs(ctx context.Context, cli *whatsmeow.Client) *jids {
	return &jids{ctx: ctx, cli: cli, pnFor: map[string]string{}, lidOf: map[string]string{}}
}

// learn records that a and b are one person (in either order: one LID, one
// phone number); other pairs are ignored.
func (r *jids) learn(a, b types.JID) {
	a, b = a.ToNonAD(), b.ToNonAD()
	if a.Server == types.DefaultUserServer && b.Server == types.HiddenUserServer {
		a, b = b, a
	}
	if a.Server != types.HiddenUserServer || b.Server != types.DefaultUserServer || a.User == "" || b.User == "" {
		return
	}
	lid, pn := a.String(), b.String()
	if r.pnFor[lid] == pn {
		return
	}
	r.pnFor[lid], r.lidOf[pn] = pn, lid
	r.found = append(r.found, domain.LIDMapping{LID: lid, PN: pn})
}

// learnStrings is learn for JIDs as strings; unparsable ones are ignored.
func (r *jids) learnStrings(a, b string) {
	if a == "" || b == "" {
		return
	}
	ja, err1 := types.ParseJID(a)
	jb, err2 := types.ParseJID(b)
	if err1 == nil && err2 == nil {
		r.learn(ja, jb)
	}
}

// canonical returns the JID a person or chat is kept under (the phone
// number when known) and its other JID ("" when unknown). Groups and other
// servers are returned as they are.
func (r *jids) canonical(jid types.JID) (string, string) {
	jid = jid.ToNonAD()
	s := jid.String()
	switch jid.Server {
	case types.HiddenUserServer:
		if pn := r.lookupPN(jid); pn != "" {
			return pn, s
		}
		return s, ""
	case types.DefaultUserServer:
		return s, r.lidOf[s]
	}
	return s, ""
}

// lookupPN finds a LID's phone number in what this chunk taught, then in
// whatsmeow's LID map (recording what it finds there).
func (r *jids) lookupPN(lid types.JID) string {
	if pn := r.pnFor[lid.String()]; pn != "" {
		return pn
	}
	if r.cli == nil || r.cli.Store == nil || r.cli.Store.LIDs == nil {
		return ""
	}
	pn, err := r.cli.Store.LIDs.GetPNForLID(r.ctx, lid)
	if err != nil || pn.IsEmpty() {
		return ""
	}
	r.learn(lid, pn)
	return pn.ToNonAD().String()
}

// mappings lists every pairing learnt, once each.
func (r *jids) mappings() []domain.LIDMapping { return r.found }
