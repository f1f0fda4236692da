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
	// ReceivedAt is when the notification arrived (Unix seconds): the
	// chat state its blob carries is as of about then.
	ReceivedAt int64
}

// HistoryChunk is one decoded history blob (or one live message), ready to
// be stored at once.
type HistoryChunk struct {
	SyncType   string
	ChunkOrder int
	Progress   int
	SessionID  string
	Chats      []ChatUpsert
	Contacts   []Contact
	Messages   []StoredMessage
	Changes    []MessageChange
	// LIDMappings say which LID and phone-number JID are one person (from
	// phoneNumberToLidMappings, SenderAlt/RecipientAlt, Store.LIDs).
	LIDMappings []LIDMapping
	// Groups replace the stored subject, description and participants of
	// each group named (from a group info query).
	Groups []GroupInfo
}

// LIDMapping pairs a LID with the phone-number JID of the same person.
type LIDMapping struct{ LID, PN string }

// ChatUpsert is what a sync says about a chat. Presence is per field: a nil
// pointer (or an empty string, a zero EndOfHistory) leaves the stored value
// alone, so a sync that does not carry a field never resets it.
type ChatUpsert struct {
	JID string
	// AltJID is the same chat's other JID (LID or phone number); the store
	// merges the two into one chat keyed by the phone-number JID.
	AltJID string
	// PhoneJID is the JID the phone keys this chat by (the conversation id
	// in history); on-demand requests are anchored on it.
	PhoneJID     string
	Name         string // group subject or conversation name ("" leaves it)
	IsGroup      bool
	Archived     *bool
	Pinned       *bool
	MutedUntil   *int64 // -1 = muted for ever, 0 = not muted
	Unread       *int
	MarkedUnread *bool
	// EndOfHistory is WhatsApp's endOfHistoryTransferType + 1 (0 = not carried).
	EndOfHistory int
	MoreOnPhone  bool // only meaningful when EndOfHistory != 0
	// Sent counts the messages the phone sent for this chat in this chunk,
	// whether kept or not (on-demand paging).
	Sent int
	// StateTS is when the carried state was true (Unix seconds): the time
	// of the phone's app-state action, or when a history sync arrived. A
	// field keeps a value stamped later; 0 is unknown and loses to any stamp.
	StateTS int64
}

// StampState gives every chat upsert without a StateTS the time ts, the
// moment the chunk's state was taken.
func (c *HistoryChunk) StampState(ts int64) {
	for i := range c.Chats {
		if c.Chats[i].StateTS == 0 {
			c.Chats[i].StateTS = ts
		}
	}
}

// Contact is what is known of a person's names. Empty fields leave stored
// names alone.
type Contact struct {
	JID          string
	AltJID       string // LID <-> phone number, when known
	FullName     string // address book (app state / Store.Contacts)
	FirstName    string
	BusinessName string // verified business name
	PushName     string
	// PushNameTS is when the carrying message was sent: a push name never
	// replaces one with a newer TS (0 = unknown: it only fills an empty one).
	PushNameTS int64
}

// Message types beyond the content kinds (text, image, ...).
const (
	// TypeWaiting is a placeholder for a message that could not be
	// decrypted yet; the retried message replaces it.
	TypeWaiting = "waiting"
	// TypeUnsupported is a kind the converter does not know; the raw
	// protobuf is kept so a later converter can re-derive the row.
	TypeUnsupported = "unsupported"
	// TypeDeleted is a history stub REVOKE: deleted on the phone before linking.
	TypeDeleted = "deleted"
)

// ConverterVersion is the version of the protobuf-to-row conversion that
// produces StoredMessage rows. Raise it when conversion changes: stored raw
// messages of older versions are then converted again at startup.
const ConverterVersion = 2

// StoredMessage is one message row to store.
type StoredMessage struct {
	ChatJID       string
	ID            string
	SenderJID     string
	SenderAltJID  string // the sender's other JID (LID or phone), when known
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
	Deleted       bool // stored already deleted (history REVOKE stub)
	// Content is what the kind carries beyond text and media (poll,
	// contacts, location, system notice, quote...); nil when nothing.
	Content *MessageContent
	// Raw is the message as a marshalled waWeb.WebMessageInfo (live
	// messages are wrapped into one), so one converter re-derives rows from
	// history and live messages alike. The store compresses it.
	Raw []byte
}

// Kinds of MessageChange.
const (
	ChangeReaction    = "reaction"
	ChangeEdit        = "edit"
	ChangeRevoke      = "revoke"
	ChangeStar        = "star"          // Starred says on or off (app state)
	ChangeDeleteForMe = "delete_for_me" // hidden on the phone; kept here, flagged (app state)
	ChangePollVote    = "poll_vote"     // a voter's choice on a poll (Options); the latest wins
	// ChangeEventResponse is a person's answer to an event (Response); the
	// latest wins.
	ChangeEventResponse = "event_response"
)

// MessageChange modifies a stored message: a reaction, an edit, a revoke,
// a star or a delete-for-me. A change whose target is not stored yet is
// kept and applied when the target arrives.
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
	// Options are the hex SHA-256 hashes of the options a poll vote
	// chose (ChangePollVote; empty retracts the vote).
	Options []string
	// Response is an event answer (ChangeEventResponse): one of
	// EventGoing, EventNotGoing, EventMaybe.
	Response string
	Raw      []byte // the change's own protobuf (WebMessageInfo), kept with the edit version
}

// IngestResult counts what storing a chunk changed.
type IngestResult struct {
	Chats       int `json:"conversations"`
	Messages    int `json:"messages"`
	NewMessages int `json:"new_messages"`
	Changes     int `json:"changes"`
	// Unsupported counts the messages of kinds the converter does not
	// know (stored as unsupported rows with their raw protobuf).
	Unsupported   int              `json:"unsupported"`
	TouchedChats  []string         `json:"-"`
	OldestPerChat map[string]int64 `json:"-"`
}
