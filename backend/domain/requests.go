package domain

import "time"

// Statuses of an on-demand history request and of each of its chats.
const (
	RequestPending       = "pending"
	RequestComplete      = "complete"
	RequestNoMoreHistory = "no_more_history"
	RequestTimeout       = "timeout"
	RequestFailed        = "failed"

	// ChatQueued: the next page is waiting for its turn to be sent.
	ChatQueued = "queued"
	// ChatSent: a page was sent and its answer is awaited.
	ChatSent = "sent"
)

// History request limits.
const (
	MinHistoryCount     = 1
	MaxHistoryCount     = 100
	DefaultHistoryCount = 25
	// MaxPageCount is the most messages the phone answers per request.
	MaxPageCount = 50
)

// HistorySyncInput is the body of POST /history/sync.
type HistorySyncInput struct {
	Count   *int   `json:"count"`
	ChatJID string `json:"chat_jid"`
}

// Anchor is the oldest stored message of a chat, which an on-demand
// request continues from.
type Anchor struct {
	ID        string
	FromMe    bool
	Timestamp int64
}

// RequestChat is one chat's part of a request, as tracked in the store.
type RequestChat struct {
	RequestID   string
	ChatJID     string
	Status      string
	Requested   int
	Received    int
	Anchor      Anchor
	Pages       int
	PageCount   int
	SessionID   string
	OldestTS    int64
	MoreOnPhone bool
	SentAt      int64
}

// HistorySyncAccepted is the answer to POST /history/sync: the seed's shape
// plus the request id and the chats asked.
type HistorySyncAccepted struct {
	Requested bool     `json:"requested"`
	Count     int      `json:"count"`
	Note      string   `json:"note"`
	RequestID string   `json:"request_id"`
	Chats     []string `json:"chats"`
	// Skipped lists chats left out of a request naming no chat because an
	// earlier request for them is still waiting for the phone.
	Skipped []string `json:"skipped,omitempty"`
}

// HistoryLimits protect the account: WhatsApp bans clients that flood the
// phone with requests.
type HistoryLimits struct {
	// MaxChats is how many chats a request without chat_jid asks (the
	// most recently active of those known to have more on the phone).
	MaxChats int
	// MinSpacing is the least time between two peer requests; pages and
	// chats of a request are queued and sent this far apart.
	MinSpacing time.Duration
	// HourlyCap is the most peer requests (pages) sent in any hour.
	HourlyCap int
	// Timeout ends a request whose phone has not answered every chat.
	Timeout time.Duration
}

// DefaultHistoryLimits are the documented defaults.
var DefaultHistoryLimits = HistoryLimits{MaxChats: 10, MinSpacing: 2 * time.Second, HourlyCap: 60, Timeout: 2 * time.Minute}

// CountOrDefault validates the requested count (1..100, default 25).
func (in HistorySyncInput) CountOrDefault() (int, error) {
	if in.Count == nil {
		return DefaultHistoryCount, nil
	}
	if c := *in.Count; c < MinHistoryCount || c > MaxHistoryCount {
		return 0, Errorf(CodeInvalid, "count must be between %d and %d (got %d)", MinHistoryCount, MaxHistoryCount, c)
	}
	return *in.Count, nil
}
