package domain

// Statuses of a history sync notification in the queue.
const (
	NotificationPending = "pending"
	NotificationDone    = "done"
	NotificationFailed  = "failed"
)

// QueuedNotification is a pending notification as the history queue sees
// it: the notification and how many times fetching it has failed so far.
type QueuedNotification struct {
	HistoryNotification
	Attempts int
}

// NotificationInfo is a history sync notification as listed by
// GET /history/notifications: what it is, where it stands and, when it
// failed or waits, why.
type NotificationInfo struct {
	ID         int64  `json:"id"`
	SyncType   string `json:"sync_type"`
	ChunkOrder int    `json:"chunk_order"`
	Progress   int    `json:"progress"`
	Status     string `json:"status"`
	// Error is why it failed; LastError why its last attempt did.
	Error         string `json:"error"`
	LastError     string `json:"last_error"`
	Attempts      int    `json:"attempts"`
	NextAttemptAt string `json:"next_attempt_at"` // RFC 3339; "" when not waiting
	ReceivedAt    string `json:"received_at"`
	DoneAt        string `json:"done_at"`
	// Retryable says the raw notification is kept, so it can be tried again.
	Retryable bool `json:"retryable"`
}

// NotificationQuery selects a page of notifications, newest first.
type NotificationQuery struct {
	Status string `json:"status"` // "", pending, done or failed
	Cursor string `json:"cursor"`
	Limit  int    `json:"limit"`
}

// NotificationPage is one page of notifications.
type NotificationPage struct {
	Notifications []NotificationInfo `json:"notifications"`
	NextCursor    string             `json:"next_cursor"`
}

// RetryResult says how many failed notifications went back to the queue.
type RetryResult struct {
	Retried int `json:"retried"`
}

// Admission is the store's answer to a new on-demand request, decided in
// the transaction that would record it.
type Admission struct {
	Accepted bool
	// BusyChat is a chat an earlier request still waits on, BusyUntil that
	// request's deadline (Unix seconds).
	BusyChat  string
	BusyUntil int64
	// RetryAt is when the hourly cap has room again (Unix seconds); 0 when
	// the cap was not the reason.
	RetryAt int64
	// Chats are the chats admitted, Skipped those left out because a
	// request for them is still pending (when the caller asked to skip
	// busy chats rather than be refused).
	Chats   []RequestChat
	Skipped []string
}

// PeerBudget is the hourly cap as the store enforces it: at most Cap pages
// sent to the phone since Since (Unix seconds, an hour ago).
type PeerBudget struct {
	Since int64
	Cap   int
}
