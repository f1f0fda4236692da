package domain

import "time"

// Settings is what the settings screen and GET /settings show.
type Settings struct {
	APIAddr       string `json:"api_addr"`
	APIKey        string `json:"api_key"`
	APIKeyFromEnv bool   `json:"api_key_from_env"`
	DataDir       string `json:"data_dir"`
	Version       string `json:"version"`
	Mode          string `json:"mode"`
	TestEndpoint  bool   `json:"test_endpoint"`
	Demo          bool   `json:"demo"`
	// HideDeletedContent hides what deleted messages said: the archive
	// keeps it, but it is not shown or returned while this is on.
	HideDeletedContent bool `json:"hide_deleted_content"`
}

// SettingsPatch changes the user settings it carries; nil leaves one alone.
type SettingsPatch struct {
	HideDeletedContent *bool `json:"hide_deleted_content,omitempty"`
}

// SettingHideDeletedContent is the settings key of Settings.HideDeletedContent.
const SettingHideDeletedContent = "hide_deleted_content"

// AppStatus reports what the running app knows about its own UI.
type AppStatus struct {
	Mode      string    `json:"mode"`
	Version   string    `json:"version"`
	UIReady   bool      `json:"ui_ready"`
	UIScreen  string    `json:"ui_screen,omitempty"`
	UIReadyAt time.Time `json:"ui_ready_at,omitzero"`
}

// Chat is one conversation, direct or group.
type Chat struct {
	JID             string `json:"jid"`
	Name            string `json:"name"`
	IsGroup         bool   `json:"is_group"`
	LastMessageAt   string `json:"last_message_at"`
	LastMessageText string `json:"last_message_text"`
	Unread          int    `json:"unread"`
	MarkedUnread    bool   `json:"marked_unread"`
	Archived        bool   `json:"archived"`
	Pinned          bool   `json:"pinned"`
	Muted           bool   `json:"muted"`
	MoreOnPhone     bool   `json:"more_on_phone"`
	// Picture is "none" or "stored"; PictureID changes with the picture
	// (GET /chats/{jid}/picture serves it).
	Picture   string `json:"picture"`
	PictureID string `json:"picture_id,omitempty"`
	// Description and Participants are a group's; only GET /chats/{jid}
	// carries them.
	Description  string             `json:"description,omitempty"`
	Participants []GroupParticipant `json:"participants,omitempty"`
}

// Media describes a media attachment kept as a typed placeholder.
type Media struct {
	Kind     string `json:"kind"`
	FileName string `json:"file_name,omitempty"`
	Size     int64  `json:"size,omitempty"`
	Duration int    `json:"duration,omitempty"`
}

// Reaction is one sender's reaction to a message.
type Reaction struct {
	Sender string `json:"sender"`
	Emoji  string `json:"emoji"`
}

// Message is one stored message. Text is exactly as received.
type Message struct {
	ID         string `json:"id"`
	ChatJID    string `json:"chat_jid"`
	Sender     string `json:"sender"`
	SenderName string `json:"sender_name"`
	FromMe     bool   `json:"from_me"`
	Timestamp  string `json:"timestamp"`
	Text       string `json:"text"`
	Type       string `json:"type"`
	Media      *Media `json:"media,omitempty"`
	QuotedID   string `json:"quoted_id,omitempty"`
	// Edited says the text shown is the newest of EditCount edits; the
	// earlier versions are kept (MessageVersions).
	Edited    bool `json:"edited"`
	EditCount int  `json:"edit_count"`
	// Deleted says the sender deleted the message for everyone; its content
	// is kept (and blanked when HideDeletedContent is on).
	Deleted      bool       `json:"deleted"`
	DeletedAt    string     `json:"deleted_at,omitempty"`
	Starred      bool       `json:"starred"`
	DeletedForMe bool       `json:"deleted_for_me"`
	Reactions    []Reaction `json:"reactions,omitempty"`
	// Content is what the kind carries beyond text and media (see
	// MessageContent); poll tallies and system notices' names are filled
	// at read time.
	Content *MessageContent `json:"content,omitempty"`
}

// MessageVersion is one kept version of a message's text: the original
// and then every edit, oldest first.
type MessageVersion struct {
	Text      string `json:"text"`
	Timestamp string `json:"timestamp"`
	Original  bool   `json:"original"`
	Current   bool   `json:"current"`
}

// MessageVersionList is every kept version of one message.
type MessageVersionList struct {
	ChatJID   string           `json:"chat_jid"`
	MessageID string           `json:"message_id"`
	Deleted   bool             `json:"deleted"`
	Versions  []MessageVersion `json:"versions"`
}

// SearchResult is one full-text match. Snippet marks matches with U+0002
// (start) and U+0003 (end) so clients highlight without parsing HTML.
type SearchResult struct {
	ChatJID    string `json:"chat_jid"`
	ChatName   string `json:"chat_name"`
	MessageID  string `json:"message_id"`
	Timestamp  string `json:"timestamp"`
	SenderName string `json:"sender_name"`
	Snippet    string `json:"snippet"`
}

// HistoryRequestChat is the per-chat state of an on-demand history request.
type HistoryRequestChat struct {
	ChatJID         string `json:"chat_jid"`
	Status          string `json:"status"`
	Requested       int    `json:"requested"`
	Received        int    `json:"received"`
	OldestTimestamp string `json:"oldest_timestamp"`
	MoreOnPhone     bool   `json:"more_on_phone"`
}

// HistoryRequest is an on-demand history sync request and its progress.
type HistoryRequest struct {
	RequestID   string               `json:"request_id"`
	Status      string               `json:"status"`
	Requested   int                  `json:"requested"`
	Received    int                  `json:"received"`
	CreatedAt   string               `json:"created_at"`
	CompletedAt string               `json:"completed_at,omitempty"`
	Chats       []HistoryRequestChat `json:"chats"`
}

// Webhook is a registered receiver. Secret is masked except at creation.
type Webhook struct {
	WebhookID      string   `json:"webhook_id"`
	URL            string   `json:"url"`
	Events         []string `json:"events"`
	Enabled        bool     `json:"enabled"`
	Secret         string   `json:"secret"`
	CreatedAt      string   `json:"created_at"`
	DisabledReason string   `json:"disabled_reason,omitempty"`
}

// Page parameters and results shared by the list use cases.
type (
	// ChatQuery selects a page of chats, most recent first.
	ChatQuery struct {
		Limit  int    `json:"limit"`
		Cursor string `json:"cursor"`
		Q      string `json:"q"`
	}
	// ChatPage is a page of chats.
	ChatPage struct {
		Chats      []Chat `json:"chats"`
		NextCursor string `json:"next_cursor"`
	}
	// MessageQuery selects a page of a chat's messages, newest first.
	MessageQuery struct {
		ChatJID string `json:"chat_jid"`
		Before  string `json:"before"`
		Limit   int    `json:"limit"`
	}
	// MessagePage is a page of messages.
	MessagePage struct {
		Messages   []Message `json:"messages"`
		NextCursor string    `json:"next_cursor"`
	}
	// SearchQuery is a full-text query.
	SearchQuery struct {
		Q       string `json:"q"`
		ChatJID string `json:"chat_jid"`
		Limit   int    `json:"limit"`
	}
	// SearchPage holds search results.
	SearchPage struct {
		Results []SearchResult `json:"results"`
	}
	// HistoryRequestList lists recent history requests.
	HistoryRequestList struct {
		Requests []HistoryRequest `json:"requests"`
	}
	// WebhookList lists registered webhooks.
	WebhookList struct {
		Webhooks []Webhook `json:"webhooks"`
	}
)

// Page size limits shared by every list use case.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// ClampLimit applies the default and the cap to a requested page size.
func ClampLimit(n int) int {
	switch {
	case n <= 0:
		return DefaultLimit
	case n > MaxLimit:
		return MaxLimit
	default:
		return n
	}
}

// Connection states of the linked account.
const (
	StateLoggedOut    = "logged_out"
	StateWaitingQR    = "waiting_qr"
	StatePairing      = "pairing"
	StateConnecting   = "connecting"
	StateConnected    = "connected"
	StateDisconnected = "disconnected"
)

// QR is the pairing code currently shown. Code is the exact string
// whatsmeow gave, so a script can render it; PNG is a data: URL.
type QR struct {
	Code      string `json:"code"`
	PNG       string `json:"png"`
	ExpiresAt string `json:"expires_at"`
}

// Session is the state of the link with the phone.
type Session struct {
	State           string `json:"state"`
	JID             string `json:"jid,omitempty"`
	PushName        string `json:"push_name,omitempty"`
	PreviousAccount string `json:"previous_account,omitempty"`
	QR              *QR    `json:"qr,omitempty"`
	PairCode        string `json:"pair_code,omitempty"`
	Reason          string `json:"reason,omitempty"`
}

// Export describes a chat export about to be written.
type Export struct {
	ChatJID     string
	Format      string
	ContentType string
	FileName    string
}
