package wa

import (
	"strings"

	"github.com/wasync/wasync/backend/domain"
)

// addContext completes a row with what every kind can carry: the quoted
// message (with its content, so a reply shows what it answered even when
// the original is not stored), mentions, the forwarded flag and score,
// view-once and disappearing flags, one's own message status, and the
// actor of a notice.
func addContext(out *domain.StoredMessage, p *part, in source) {
	c := p.content
	if ci := p.ctx; ci != nil {
		if id := ci.GetStanzaID(); id != "" {
			out.QuotedID = id
			if c.Quoted == nil {
				q := describe(ci.GetQuotedMessage())
				c.Quoted = &domain.Quoted{ID: id, Sender: ci.GetParticipant(), Text: q.text, Type: q.typ}
			}
		}
		c.Mentions = ci.GetMentionedJID()
		c.Forwarded = ci.GetIsForwarded()
		c.ForwardScore = int(ci.GetForwardingScore())
		c.Ephemeral = int(ci.GetExpiration())
	}
	if in.evt != nil {
		c.ViewOnce = c.ViewOnce || in.evt.IsViewOnce
		if in.evt.IsEphemeral && c.Ephemeral == 0 {
			c.Ephemeral = -1 // disappearing, timer not carried
		}
	}
	if out.FromMe && in.web.GetStatus() > 0 {
		c.Status = strings.ToLower(in.web.GetStatus().String())
	}
	if c.System != nil {
		if c.System.Actor == "" {
			c.System.Actor = out.SenderJID
		}
		out.Text = domain.SystemText(c.System, out.FromMe)
	}
	if !c.IsZero() {
		out.Content = &c
	}
}
