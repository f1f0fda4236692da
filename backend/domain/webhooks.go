package domain

import (
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// WebhookEventTypes lists the event types webhooks can subscribe to: the
// events the app really emits to receivers. UI-only events (connection.state,
// app.ui_ready) are not among them.
func WebhookEventTypes() []string {
	return []string{
		EventHistorySync,
		EventHistorySyncComplete,
		EventBackfillProgress,
		EventBackfillComplete,
		EventMessageReceived,
		EventMessageEdited,
		EventMessageDeleted,
		EventMessageReaction,
		EventPollVote,
		EventConnectionConnected,
		EventConnectionDisconnect,
		EventConnectionLoggedOut,
		EventConnectionQR,
		EventConnectionPair,
		EventTestPing,
	}
}

// IsWebhookEvent reports whether typ is an event webhooks can receive.
func IsWebhookEvent(typ string) bool {
	return slices.Contains(WebhookEventTypes(), typ)
}

// Delivery statuses.
const (
	DeliveryPending   = "pending"
	DeliveryDelivered = "delivered"
	DeliveryFailed    = "failed"
)

// WebhookInput is a webhook to create. An empty Events means every event;
// an empty Secret has the server make one.
type WebhookInput struct {
	URL    string   `json:"url"`
	Events []string `json:"events"`
	Secret string   `json:"secret"`
}

// WebhookPatch changes only the fields that are set.
type WebhookPatch struct {
	URL     *string   `json:"url"`
	Events  *[]string `json:"events"`
	Enabled *bool     `json:"enabled"`
}

// WebhookTarget is a webhook as stored, secrets included. It never leaves
// the process as is: Public turns it into what clients see.
type WebhookTarget struct {
	ID     string
	URL    string
	Events []string
	// Secret signs every delivery. PreviousSecret, until PreviousExpiresAt,
	// signs too (a second webhook-signature entry) after a rotation.
	Secret            string
	PreviousSecret    string
	PreviousExpiresAt time.Time
	Enabled           bool
	DisabledReason    string
	// FailingSince is when the current run of failed attempts began (zero
	// while the receiver answers).
	FailingSince time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Wants reports whether the webhook subscribes to events of type typ.
func (t WebhookTarget) Wants(typ string) bool {
	return len(t.Events) == 0 || slices.Contains(t.Events, typ)
}

// Public is the client view of the webhook; the secret is masked unless
// showSecret (at creation and rotation only).
func (t WebhookTarget) Public(showSecret bool) Webhook {
	w := Webhook{
		WebhookID:      t.ID,
		URL:            t.URL,
		Events:         t.Events,
		Enabled:        t.Enabled,
		Secret:         MaskSecret(t.Secret),
		CreatedAt:      formatTime(t.CreatedAt),
		DisabledReason: t.DisabledReason,
	}
	if w.Events == nil {
		w.Events = []string{}
	}
	if showSecret {
		w.Secret = t.Secret
	}
	return w
}

// MaskSecret keeps only enough of a secret to tell two apart: its whsec_
// prefix, if any, and its last four characters.
func MaskSecret(s string) string {
	const dots = "••••••••"
	prefix := ""
	if rest, ok := strings.CutPrefix(s, "whsec_"); ok {
		prefix, s = "whsec_", rest
	}
	if len(s) < 16 {
		return prefix + dots
	}
	return prefix + dots + s[len(s)-4:]
}

// WebhookSecretRotation answers a secret rotation: the webhook with its new
// secret shown, and until when the previous secret keeps signing.
type WebhookSecretRotation struct {
	Webhook
	PreviousSecretExpiresAt string `json:"previous_secret_expires_at"`
}

// WebhookDelivery is one event sent (or to be sent) to one webhook, with
// the outcome of its last attempt.
type WebhookDelivery struct {
	DeliveryID     string          `json:"delivery_id"`
	WebhookID      string          `json:"webhook_id"`
	EventID        string          `json:"event_id"`
	EventType      string          `json:"event_type"`
	Status         string          `json:"status"`
	Attempts       int             `json:"attempts"`
	Payload        json.RawMessage `json:"payload"`
	ResponseStatus int             `json:"response_status"`
	// ResponseBody is the start of the receiver's last answer (truncated).
	ResponseBody  string `json:"response_body"`
	Error         string `json:"error,omitempty"`
	DurationMS    int64  `json:"duration_ms"`
	CreatedAt     string `json:"created_at"`
	LastAttemptAt string `json:"last_attempt_at,omitempty"`
	NextAttemptAt string `json:"next_attempt_at,omitempty"`
	FinishedAt    string `json:"finished_at,omitempty"`
}

// DeliveryQuery selects a page of a webhook's deliveries, newest first.
type DeliveryQuery struct {
	WebhookID string `json:"webhook_id"`
	Status    string `json:"status"`
	Limit     int    `json:"limit"`
	Cursor    string `json:"cursor"`
}

// DeliveryPage is a page of deliveries.
type DeliveryPage struct {
	Deliveries []WebhookDelivery `json:"deliveries"`
	NextCursor string            `json:"next_cursor"`
}

// RedeliverResult counts the deliveries queued again.
type RedeliverResult struct {
	WebhookID string `json:"webhook_id"`
	Queued    int    `json:"queued"`
}

// WebhookTestResult is what a receiver answered to a test.ping.
type WebhookTestResult struct {
	WebhookID      string `json:"webhook_id"`
	DeliveryID     string `json:"delivery_id"`
	EventID        string `json:"event_id"`
	Delivered      bool   `json:"delivered"`
	ResponseStatus int    `json:"response_status"`
	ResponseBody   string `json:"response_body"`
	DurationMS     int64  `json:"duration_ms"`
	Error          string `json:"error,omitempty"`
}

// OutboxEvent is an event ready for the outbox: its id, type, time and the
// exact body every receiver gets.
type OutboxEvent struct {
	ID        string
	Type      string
	Timestamp time.Time
	Body      []byte
}

// webhookBody is the payload shape; device_id is always present.
type webhookBody struct {
	ID        string    `json:"id"`
	EventType string    `json:"event_type"`
	DeviceID  string    `json:"device_id"`
	Timestamp time.Time `json:"timestamp"`
	Data      any       `json:"data"`
}

// OutboxEventOf encodes ev as the webhook payload
// {"id", "event_type", "device_id", "timestamp", "data"}.
func OutboxEventOf(ev Event) (OutboxEvent, error) {
	data := ev.Data
	if data == nil {
		data = struct{}{}
	}
	body, err := json.Marshal(webhookBody{ID: ev.ID, EventType: ev.EventType, DeviceID: ev.DeviceID,
		Timestamp: ev.Timestamp.UTC(), Data: data})
	if err != nil {
		return OutboxEvent{}, err
	}
	return OutboxEvent{ID: ev.ID, Type: ev.EventType, Timestamp: ev.Timestamp, Body: body}, nil
}

// DeliveryJob is a due delivery the worker is about to attempt.
type DeliveryJob struct {
	ID        string
	WebhookID string
	EventID   string
	EventType string
	Payload   []byte
	// Attempts counts every attempt so far; RetryIndex the attempts since
	// the last (re)delivery request, which picks the next backoff step.
	Attempts   int
	RetryIndex int
}

// DeliveryAttempt is the outcome of one attempt, as the store records it.
type DeliveryAttempt struct {
	DeliveryID string
	WebhookID  string
	At         time.Time
	Duration   time.Duration
	StatusCode int
	Response   string
	Error      string
	// Status is the delivery's status after this attempt; NextAttempt is
	// when a pending delivery is tried again.
	Status      string
	NextAttempt time.Time
	// DisableReason, when set, disables the webhook (410 Gone).
	DisableReason string
	// FailingCutoff: a failing webhook whose failures began before it is
	// disabled with FailingReason.
	FailingCutoff time.Time
	FailingReason string
	// Probe marks a test ping: recorded, never retried, and the webhook's
	// health (failing_since, enabled) is left alone.
	Probe bool
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// Announce builds, inside a write's transaction, the webhook events that
// report the write; their outbox rows commit with it (durably), so a
// receiver never misses what the app stored, nor gets what it did not.
type Announce[T any] func(T) ([]OutboxEvent, error)
