package wa

import (
	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/wasync/wasync/backend/domain"
)

// inviteKind converts group invitations and channel (newsletter)
// invitations, for followers and for admins.
func inviteKind(name protoreflect.Name) kindFunc {
	switch name {
	case "groupInviteMessage":
		return func(m *waE2E.Message) part {
			g := m.GetGroupInviteMessage()
			inv := &domain.Invite{Group: g.GetGroupJID(), Name: g.GetGroupName(), Code: g.GetInviteCode(), Expires: g.GetInviteExpiration()}
			return part{typ: "group_invite", text: joinText(g.GetGroupName(), g.GetCaption()), content: domain.MessageContent{Invite: inv}}
		}
	case "newsletterAdminInviteMessage":
		return func(m *waE2E.Message) part {
			n := m.GetNewsletterAdminInviteMessage()
			inv := &domain.Invite{Group: n.GetNewsletterJID(), Name: n.GetNewsletterName(), Channel: true, Expires: n.GetInviteExpiration()}
			return part{typ: "channel_invite", text: joinText(n.GetNewsletterName(), n.GetCaption()), content: domain.MessageContent{Invite: inv}}
		}
	case "newsletterFollowerInviteMessageV2":
		return func(m *waE2E.Message) part {
			n := m.GetNewsletterFollowerInviteMessageV2()
			inv := &domain.Invite{Group: n.GetNewsletterJID(), Name: n.GetNewsletterName(), Channel: true}
			return part{typ: "channel_invite", text: joinText(n.GetNewsletterName(), n.GetCaption()), content: domain.MessageContent{Invite: inv}}
		}
	}
	return nil
}
