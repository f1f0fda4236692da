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

// ChatUpsert is what a sync says about a chat. Zero fields leave stored
// values alone unless HasMeta says the sync carried the chat's metadata.
type ChatUpsert struct {
	JID        string
	AltJID     string // the same chat's LID (or phone JID), merged into JID
	Name       string
	IsGroup    bool
	HasMeta    bool
	Archived   bool
	Pinned     bool
	MutedUntil int64
	Unread     int
	// EndOfHistory is WhatsApp's endOfHistoryTransferType (0 unknown).
	EndOfHistory int
	MoreOnPhone  bool
	Sent         int // messages the phone sent for this chat in this chunk, whether kept or not (on-demand paging)
}

// Contact is a name learnt for a JID.
type Contact struct {
	JID      string
	PushName string
	FullName string
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

// MessageChange modifies a stored message: a reaction, an edit, a revoke.
type MessageChange struct {
	Kind      string
	ChatJID   string
	TargetID  string
	SenderJID string
	Emoji     string // reaction; empty removes the sender's reaction
	Text      string // edit
	Timestamp int64
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
