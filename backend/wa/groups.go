package wa

import (
	"context"
	"errors"
	"fmt"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/wasync/wasync/backend/domain"
)

// ErrNotInGroup means WhatsApp gives no information about a group: the
// account is not (or no longer) in it, or it does not exist.
var ErrNotInGroup = errors.New("not in this group")

// GroupInfo asks WhatsApp for a group's subject, description and
// participants (one w:g2 query). It returns ErrNotReady when not
// connected and ErrNotInGroup when WhatsApp gives nothing.
func (c *Client) GroupInfo(ctx context.Context, jid string) (domain.GroupInfo, error) {
	cli := c.current()
	if cli == nil || cli.Store.ID == nil || !cli.IsLoggedIn() {
		return domain.GroupInfo{}, ErrNotReady
	}
	g, err := types.ParseJID(jid)
	if err != nil || g.Server != types.GroupServer {
		return domain.GroupInfo{}, domain.Errorf(domain.CodeInvalid, "%q is not a group JID", jid)
	}
	return fetchGroup(ctx, cli, g)
}

func fetchGroup(ctx context.Context, cli *whatsmeow.Client, g types.JID) (domain.GroupInfo, error) {
	info, err := cli.GetGroupInfo(ctx, g)
	switch {
	case errors.Is(err, whatsmeow.ErrGroupNotFound), errors.Is(err, whatsmeow.ErrNotInGroup):
		return domain.GroupInfo{}, fmt.Errorf("group %s: %w: %w", g, ErrNotInGroup, err)
	case err != nil:
		return domain.GroupInfo{}, fmt.Errorf("group %s info: %w", g, err)
	}
	return groupInfo(info), nil
}

// groupInfo converts whatsmeow's group info, naming each participant by
// its phone-number JID when WhatsApp gave one (a LID otherwise).
func groupInfo(info *types.GroupInfo) domain.GroupInfo {
	out := domain.GroupInfo{JID: info.JID.String(), Subject: info.Name, Description: info.Topic}
	for _, p := range info.Participants {
		jid := p.JID
		if !p.PhoneNumber.IsEmpty() {
			jid = p.PhoneNumber
		}
		out.Participants = append(out.Participants, domain.GroupParticipant{JID: jid.ToNonAD().String(), Admin: p.IsAdmin})
	}
	return out
}

// onGroupChange refreshes a group's stored info after WhatsApp says it
// changed (subject, description, participants): the whole info is asked
// for again, off the event loop, and stored through the sink.
func (c *Client) onGroupChange(cli *whatsmeow.Client, e *events.GroupInfo) {
	leave, ok := c.inflight.enter()
	if !ok {
		return
	}
	go func() {
		defer leave()
		ctx, cancel := c.storeCtx()
		defer cancel()
		info, err := fetchGroup(ctx, cli, e.JID)
		if err != nil {
			c.log.Warn("group info after a change", "group", e.JID.String(), "err", err)
			return
		}
		chunk := domain.HistoryChunk{SyncType: domain.SyncAppState, Groups: []domain.GroupInfo{info}}
		if err := c.sink.LiveMessage(ctx, chunk); err != nil {
			c.log.Warn("store group info", "group", e.JID.String(), "err", err)
		}
	}()
}
