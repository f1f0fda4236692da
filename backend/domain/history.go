package domain

// History sync types, as WhatsApp names them.
const (
	SyncInitialBootstrap = "INITIAL_BOOTSTRAP"
	SyncInitialStatusV3  = "INITIAL_STATUS_V3"
	SyncFull             = "FULL"
	SyncRecent           = "RECENT"
	SyncPushName         = "PUSH_NAME"
	SyncNonBlockingData  = "NON_BLOCKING_DATA"
	SyncOnDemand         = "ON_DEMAND"
)

// SyncAppState marks a chunk holding changes made on the phone and synced
// as app state (archive, pin, mute, read marks, stars, deletes for me, names).
const SyncAppState = "APP_STATE"

// HistoryNotification is a history sync notification as received, kept
// until its blob has been downloaded and stored.
type HistoryNotification struct {
	ID         int64
	SyncType   string
	ChunkOrder int
	Progress   int
	SessionID  string
	// Raw is the notification protobuf, enough to download the blob again.
	Raw []byte
}

// HistoryChunk is one decoded history blob, ready to be stored at once.
type HistoryChunk struct {
	SyncType    string
	ChunkOrder  int
	Progress    int
	SessionID   string
	Chats       []ChatUpsert
	Contacts    []Contact
	Messages    []StoredMessage
	Changes     []MessageChange
	LIDMappings []LIDMapping // from phoneNumberToLidMappings, SenderAlt/RecipientAlt, Store.LIDs
}

// LIDMapping says a LID and a phone-number JID are the same person.
type LIDMapping struct{ LID, PN string }

// ChatUpsert is what a sync says about a chat: per-field presence, nil
// leaves the stored value alone.
type ChatUpsert struct {
	JID          string
	AltJID       string // the same chat's other JID (LID or phone number)
	PhoneJID     string // the JID the phone keys this chat by (conversation id in history); on-demand requests are anchored on it
	Name         string // group subject or conversation name ("" leaves it)
	IsGroup      bool
	Archived     *bool
	Pinned       *bool
	MutedUntil   *int64 // -1 = muted for ever, 0 = not muted
	Unread       *int
	MarkedUnread *bool
	EndOfHistory int  // 0 = not carried
	MoreOnPhone  bool // only meaningful when EndOfHistory != 0
	Sent         int  // messages the phone sent for this chat in this chunk, whether kept or not (on-demand paging)
}

// Contact is a name learnt for a JID.
type Contact struct {
	JID          string
	AltJID       string // LID <-> phone number, when known
	FullName     string // address book (app state / Store.Contacts)
	FirstName    string
	BusinessName string // verified business name
	PushName     string
	PushNameTS   int64 // when the carrying message was sent; a push name never replaces one with a newer TS (0 = unknown: only fills an empty one)
}

// Message types beyond the content kinds (text, image, ...).
const (
	TypeWaiting     = "waiting"     // placeholder for a message whatsmeow could not decrypt yet; the retried message replaces it
	TypeUnsupported = "unsupported" // a kind the converter does not know; the raw protobuf is kept
	TypeDeleted     = "deleted"     // a history stub REVOKE: deleted on the phone before linking
)

// StoredMessage is one message row to store.
type StoredMessage struct {
	ChatJID       string
	ID            string
	SenderJID     string
	SenderName    string
	FromMe        bool
	Timestamp     int64 // Unix seconds
	Type          string
	Text          string
	MediaKind     string
	MediaName     string
	MediaSize     int64
	MediaDuration int
	QuotedID      string
	SenderAltJID  string // the sender's other JID (LID or phone), when known
	Deleted       bool   // stored already deleted (history REVOKE stub)
	// Raw is the message as a marshalled waWeb.WebMessageInfo (live messages are wrapped
	// into one: Key{RemoteJID, FromMe, ID, Participant}, Message, MessageTimestamp, PushName),
	// so one converter re-derives rows from history and live messages alike. Store compresses it.
	Raw []byte
}

// Kinds of MessageChange.
const (
	ChangeReaction    = "reaction"
	ChangeEdit        = "edit"
	ChangeRevoke      = "revoke"
	ChangeStar        = "star"          // Starred says on or off (app state)
	ChangeDeleteForMe = "delete_for_me" // hidden on the phone; kept here, flagged (app state)
)

// MessageChange modifies a stored message: a reaction, an edit, a revoke.
type MessageChange struct {
	Kind      string
	ChatJID   string
	TargetID  string
	SenderJID string
	Emoji     string // reaction; empty removes the sender's reaction
	Text      string // edit
	Timestamp int64
	FromMe    bool   // the target's key fromMe, when known
	Starred   bool   // ChangeStar
	Raw       []byte // the change's own protobuf (WebMessageInfo), kept with the edit version
}

// IngestResult counts what storing a chunk changed.
type IngestResult struct {
	Chats         int              `json:"conversations"`
	Messages      int              `json:"messages"`
	NewMessages   int              `json:"new_messages"`
	Changes       int              `json:"changes"`
	TouchedChats  []string         `json:"-"`
	OldestPerChat map[string]int64 `json:"-"`
}
