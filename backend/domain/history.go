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
	SyncType   string
	ChunkOrder int
	Progress   int
	SessionID  string
	Chats      []ChatUpsert
	Contacts   []Contact
	Messages   []StoredMessage
	Changes    []MessageChange
}

// ChatUpsert is what a sync says about a chat. Presence is per field: a nil
// pointer leaves the stored value alone.
type ChatUpsert struct {
	JID          string
	AltJID       string // the same chat's other JID (LID or phone number)
	Name         string // group subject or conversation name ("" leaves it)
	IsGroup      bool
	Archived     *bool
	Pinned       *bool
	MutedUntil   *int64 // -1 = muted for ever, 0 = not muted
	Unread       *int
	MarkedUnread *bool
	EndOfHistory int  // 0 = not carried
	MoreOnPhone  bool // only meaningful when EndOfHistory != 0
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
}

// Kinds of MessageChange.
const (
	ChangeReaction = "reaction"
	ChangeEdit     = "edit"
	ChangeRevoke   = "revoke"
)

// Kinds of MessageChange made on the phone and synced as app state.
const (
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
	FromMe    bool // the target's key fromMe, when known
	Starred   bool // ChangeStar
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
