package wa

import (
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/appstate"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/wasync/wasync/backend/domain"
)

// App state is what the phone syncs to its linked devices besides messages:
// chat archive, pin, mute and read marks, starred and deleted-for-me
// messages, address-book names. whatsmeow fetches a collection's patches
// when the server announces a change (<notification type="server_sync">),
// verifies and applies them, stores the new version, and only then
// dispatches one event per mutation. With EmitAppStateEventsOnFullSync, a
// full sync (the first one, at link time) dispatches the whole current
// state too, so the archive learns the chat state and names the phone has.
//
// When a handler fails, whatsmeow does not retry: FetchAppState ignores
// what handlers return, the patch's version and MACs are already stored, and
// the server_sync notification was acknowledged before the fetch began. A
// later fetch starts after that version, so the change would never come
// again. A chunk the sink could not store therefore makes the collections'
// versions forgotten in whatsmeow's store (a marker that survives a crash)
// and they are fetched again in full, now and at the next start, until
// every event of the re-fetch is stored (appstate_resync.go). Storing the
// same state again changes nothing.

// onAppState stores one app-state event (or, for AppStateSyncComplete, the
// contacts it brought) through the sink as an APP_STATE chunk.
func (c *Client) onAppState(cli *whatsmeow.Client, evt any) bool {
	switch e := evt.(type) {
	case *events.AppStateSyncComplete:
		if e.Name == appstate.WAPatchCriticalUnblockLow {
			c.goFeedStoredContacts(cli)
		}
		return true
	case *events.DeleteChat:
		// The archive keeps what the phone deleted: nothing is removed or
		// flagged here.
		c.log.Info("chat deleted on the phone; the archive keeps it", "chat", e.JID.String())
		return true
	}
	chunk, ok := appStateChunk(evt)
	if !ok {
		return true
	}
	return c.storeAppState(cli, chunk)
}

// isAppState reports whether evt is an app-state event onAppState handles.
func isAppState(evt any) bool {
	switch evt.(type) {
	case *events.Archive, *events.Pin, *events.Mute, *events.MarkChatAsRead, *events.Star, *events.DeleteForMe,
		*events.Contact, *events.PushName, *events.BusinessName, *events.DeleteChat, *events.AppStateSyncComplete:
		return true
	}
	return false
}

// appStateChunk converts an app-state event into the chunk that records it.
func appStateChunk(evt any) (domain.HistoryChunk, bool) {
	chunk := domain.HistoryChunk{SyncType: domain.SyncAppState}
	switch e := evt.(type) {
	case *events.Archive:
		chunk.Chats = []domain.ChatUpsert{{JID: chatJID(e.JID), Archived: new(e.Action.GetArchived()), StateTS: e.Timestamp.Unix()}}
	case *events.Pin:
		chunk.Chats = []domain.ChatUpsert{{JID: chatJID(e.JID), Pinned: new(e.Action.GetPinned()), StateTS: e.Timestamp.Unix()}}
	case *events.Mute:
		chunk.Chats = []domain.ChatUpsert{{JID: chatJID(e.JID), MutedUntil: new(mutedUntil(e)), StateTS: e.Timestamp.Unix()}}
	case *events.MarkChatAsRead:
		up := domain.ChatUpsert{JID: chatJID(e.JID), MarkedUnread: new(!e.Action.GetRead()), StateTS: e.Timestamp.Unix()}
		if e.Action.GetRead() {
			up.Unread = new(0)
		}
		chunk.Chats = []domain.ChatUpsert{up}
	case *events.Star:
		chunk.Changes = []domain.MessageChange{messageChange(domain.ChangeStar, e.ChatJID, e.SenderJID, e.MessageID, e.IsFromMe, e.Timestamp)}
		chunk.Changes[0].Starred = e.Action.GetStarred()
	case *events.DeleteForMe:
		chunk.Changes = []domain.MessageChange{messageChange(domain.ChangeDeleteForMe, e.ChatJID, e.SenderJID, e.MessageID, e.IsFromMe, e.Timestamp)}
	case *events.Contact:
		chunk.Contacts = []domain.Contact{{
			JID: chatJID(e.JID), AltJID: contactAlt(e), FullName: e.Action.GetFullName(), FirstName: e.Action.GetFirstName(),
		}}
	case *events.PushName:
		ct := domain.Contact{JID: chatJID(e.JID), AltJID: chatJID(e.JIDAlt), PushName: e.NewPushName}
		if e.Message != nil {
			ct.PushNameTS = e.Message.Timestamp.Unix()
		}
		chunk.Contacts = []domain.Contact{ct}
	case *events.BusinessName:
		chunk.Contacts = []domain.Contact{{JID: chatJID(e.JID), BusinessName: e.NewBusinessName}}
	default:
		return chunk, false
	}
	return chunk, true
}

// mutedUntil is the chat's mute end in Unix seconds: -1 for ever, 0 not
// muted (WhatsApp sends milliseconds, and -1 for ever).
func mutedUntil(e *events.Mute) int64 {
	switch end := e.Action.GetMuteEndTimestamp(); {
	case !e.Action.GetMuted():
		return 0
	case end < 0 || end == 0:
		return -1
	default:
		return end / 1000
	}
}

// messageChange is a change to a message named by an app-state index.
func messageChange(kind string, chat, sender types.JID, id string, fromMe bool, ts time.Time) domain.MessageChange {
	return domain.MessageChange{
		Kind: kind, ChatJID: chatJID(chat), TargetID: id, SenderJID: chatJID(sender), FromMe: fromMe, Timestamp: ts.Unix(),
	}
}

// contactAlt is the contact's other JID from the action's lidJID/pnJID.
func contactAlt(e *events.Contact) string {
	self := e.JID.ToNonAD().String()
	for _, alt := range []string{e.Action.GetLidJID(), e.Action.GetPnJID()} {
		if alt != "" && alt != self {
			return alt
		}
	}
	return ""
}

// chatJID is jid without its device, or "" for the empty JID.
func chatJID(jid types.JID) string {
	if jid.IsEmpty() {
		return ""
	}
	return jid.ToNonAD().String()
}
