package domain

// Backfill chat statuses: queued waits its turn (or its next page), sent
// waits for the phone's answer, no_more_history and failed are final.
const (
	BackfillQueued = "queued"
	BackfillSent   = "sent"
	BackfillNoMore = RequestNoMoreHistory
	BackfillFailed = RequestFailed
)

// Backfill states as GET /history/backfill reports them.
const (
	BackfillStateWaitingInitial = "waiting_for_initial_sync"
	BackfillStateRunning        = "running"
	BackfillStatePaused         = "paused"
	BackfillStateComplete       = "complete"
)

// BackfillChat is one chat of the background backfill.
type BackfillChat struct {
	ChatJID   string `json:"chat_jid"`
	Name      string `json:"name,omitempty"`
	Status    string `json:"status"`
	Received  int    `json:"received"`
	Pages     int    `json:"pages"`
	Attempts  int    `json:"-"`
	SessionID string `json:"-"`
	// SentAtMS is when the page in flight went out (Unix ms).
	SentAtMS int64 `json:"-"`
	// LastTS orders the walk: the chat's last activity when it was found.
	LastTS   int64  `json:"-"`
	OldestTS int64  `json:"-"`
	Oldest   string `json:"oldest_timestamp,omitempty"`
}

// BackfillStatus is the background backfill's progress.
type BackfillStatus struct {
	Enabled  bool   `json:"enabled"`
	State    string `json:"state"`
	Chats    int    `json:"chats_total"`
	Done     int    `json:"chats_done"`
	Messages int    `json:"messages_fetched"`
	Requests int    `json:"requests_sent"`
	// StartedAt and CompletedAt are RFC 3339, empty until they happen.
	StartedAt   string `json:"started_at,omitempty"`
	CompletedAt string `json:"completed_at,omitempty"`
	// ETASeconds estimates the time left at the current pace; nil until a
	// chat has been finished (the phone never says how much it holds).
	ETASeconds *int           `json:"eta_seconds"`
	Current    string         `json:"current_chat,omitempty"`
	PerChat    []BackfillChat `json:"chats"`
}
