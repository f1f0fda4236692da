package fakewa

import (
	"context"
	"time"

	"google.golang.org/protobuf/proto"

	"go.mau.fi/whatsmeow/appstate"
	"go.mau.fi/whatsmeow/proto/waSyncAction"
	"go.mau.fi/whatsmeow/types"
)

// The changes a user makes on the phone, each synced to the companions the
// app-state key was shared with (see ApplyAppState). Patches are built with
// whatsmeow's appstate.Build* where it has one.

// ArchiveChat archives or unarchives chat (archiving also unpins it, as on
// the phone).
func (p *Phone) ArchiveChat(ctx context.Context, chat types.JID, archived bool) error {
	return p.ApplyAppState(ctx, appstate.BuildArchive(chat, archived, time.Now(), nil))
}

// PinChat pins or unpins chat.
func (p *Phone) PinChat(ctx context.Context, chat types.JID, pinned bool) error {
	return p.ApplyAppState(ctx, appstate.BuildPin(chat, pinned))
}

// MuteChat mutes chat until until (the zero time: for ever), or unmutes it
// when muted is false.
func (p *Phone) MuteChat(ctx context.Context, chat types.JID, muted bool, until time.Time) error {
	var end *int64
	if muted && !until.IsZero() {
		end = proto.Int64(until.UnixMilli())
	}
	return p.ApplyAppState(ctx, appstate.BuildMuteAbs(chat, muted, end))
}

// MarkChatRead marks chat read, or unread when read is false.
func (p *Phone) MarkChatRead(ctx context.Context, chat types.JID, read bool) error {
	return p.ApplyAppState(ctx, appstate.BuildMarkChatAsRead(chat, read, time.Now(), nil))
}

// StarMessage stars or unstars message id in chat, sent by sender (ignored
// in a DM) or by the account owner when fromMe.
func (p *Phone) StarMessage(ctx context.Context, chat, sender types.JID, id string, fromMe, starred bool) error {
	if sender.IsEmpty() {
		sender = chat
	}
	return p.ApplyAppState(ctx, appstate.BuildStar(chat, sender, id, fromMe, starred))
}

// DeleteMessageForMe hides message id in chat on the phone only ("delete
// for me"); sender and fromMe as for StarMessage.
func (p *Phone) DeleteMessageForMe(ctx context.Context, chat, sender types.JID, id string, fromMe bool, sent time.Time) error {
	return p.ApplyAppState(ctx, appstate.PatchInfo{
		Type: appstate.WAPatchRegularHigh,
		Mutations: []appstate.MutationInfo{{
			Index:   []string{appstate.IndexDeleteMessageForMe, chat.String(), id, flag(fromMe), messageSender(chat, sender)},
			Version: 3,
			Value: &waSyncAction.SyncActionValue{DeleteMessageForMeAction: &waSyncAction.DeleteMessageForMeAction{
				DeleteMedia: proto.Bool(false), MessageTimestamp: proto.Int64(sent.Unix()),
			}},
		}},
	})
}

// SaveContact saves jid in the phone's address book as fullName (firstName
// its short form). alt, if set, is the contact's other JID (its LID when jid
// is a phone number, or the reverse), carried as the action's lidJID/pnJID.
func (p *Phone) SaveContact(ctx context.Context, jid types.JID, fullName, firstName string, alt types.JID) error {
	act := &waSyncAction.ContactAction{
		FullName: proto.String(fullName), FirstName: proto.String(firstName), SaveOnPrimaryAddressbook: proto.Bool(true),
	}
	for _, j := range []types.JID{jid, alt} {
		switch j.Server {
		case types.HiddenUserServer:
			act.LidJID = proto.String(j.String())
		case types.DefaultUserServer:
			act.PnJID = proto.String(j.String())
		}
	}
	return p.ApplyAppState(ctx, appstate.PatchInfo{
		Type: appstate.WAPatchCriticalUnblockLow,
		Mutations: []appstate.MutationInfo{{
			Index:   []string{appstate.IndexContact, jid.String()},
			Version: 2,
			Value:   &waSyncAction.SyncActionValue{ContactAction: act},
		}},
	})
}

// DeleteChat deletes chat on the phone.
func (p *Phone) DeleteChat(ctx context.Context, chat types.JID) error {
	return p.ApplyAppState(ctx, appstate.BuildDeleteChat(chat, time.Now(), nil))
}

// flag is an app-state index boolean.
func flag(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// messageSender is the sender part of a message index: "0" in a DM or for
// one's own messages, else the participant.
func messageSender(chat, sender types.JID) string {
	if sender.IsEmpty() || sender.User == chat.User {
		return "0"
	}
	return sender.String()
}
