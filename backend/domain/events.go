package domain

import "time"

// Event types the app emits, to the UI, to GET /events and to webhooks.
const (
	EventHistorySync         = "history.sync"
	EventHistorySyncComplete = "history.sync_complete"
	// EventBackfillProgress reports each page the background backfill got.
	EventBackfillProgress = "history.backfill_progress"
	// EventBackfillComplete fires once, when no chat has more on the phone.
	EventBackfillComplete     = "history.backfill_complete"
	EventMessageReceived      = "message.received"
	EventMessageEdited        = "message.edited"
	EventMessageDeleted       = "message.deleted"
	EventMessageReaction      = "message.reaction"
	EventPollVote             = "poll.vote"
	EventConnectionConnected  = "connection.connected"
	EventConnectionDisconnect = "connection.disconnected"
	EventConnectionLoggedOut  = "connection.logged_out"
	EventConnectionQR         = "connection.qr"
	EventConnectionPair       = "connection.pair_success"
	EventConnectionState      = "connection.state"
	EventTestPing             = "test.ping"
	EventAppUIReady           = "app.ui_ready"
	// EventArchiveReconverted reports a pass that derived stored rows again
	// from their raw messages with a newer converter.
	EventArchiveReconverted = "archive.reconverted"
)

// Event is one thing that happened, in the webhook payload shape.
type Event struct {
	ID        string    `json:"id"`
	EventType string    `json:"event_type"`
	DeviceID  string    `json:"device_id,omitempty"`
	Timestamp time.Time `json:"timestamp"`
	Data      any       `json:"data"`
}
