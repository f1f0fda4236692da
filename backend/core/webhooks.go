package core

import (
	"context"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/events"
	"github.com/wasync/wasync/backend/webhook"
)

// WebhookStore is what webhooks need from the database (store.Store).
type WebhookStore interface {
	Webhooks(ctx context.Context) (domain.WebhookList, error)
	WebhookTarget(ctx context.Context, id string) (domain.WebhookTarget, error)
	InsertWebhook(ctx context.Context, t domain.WebhookTarget) error
	ModifyWebhook(ctx context.Context, id string, fn func(*domain.WebhookTarget) error) (domain.WebhookTarget, error)
	DeleteWebhook(ctx context.Context, id string) error
	EnqueueEvent(ctx context.Context, ev domain.OutboxEvent) (int, error)
	WebhookDeliveries(ctx context.Context, q domain.DeliveryQuery) (domain.DeliveryPage, error)
	RedeliverWebhookDelivery(ctx context.Context, webhookID, deliveryID string, now time.Time) (domain.WebhookDelivery, error)
	RedeliverFailedWebhookDeliveries(ctx context.Context, webhookID string, now time.Time) (int, error)
}

// WebhookSender is the delivery worker (webhook.Worker).
type WebhookSender interface {
	// Wake tells the worker that rows may be due or webhooks changed.
	Wake()
	// Test sends ev to one webhook now and reports the answer.
	Test(ctx context.Context, webhookID string, ev domain.Event) (domain.WebhookTestResult, error)
}

// Webhook limits.
const (
	maxWebhooks = 100
	// secretOverlap is how long a rotated-out secret keeps signing.
	secretOverlap = 24 * time.Hour
)

// SetWebhookSender installs the delivery worker.
func (s *Service) SetWebhookSender(w WebhookSender) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.webhooks = w
}

func (s *Service) sender() WebhookSender {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhooks
}

func (s *Service) wakeWebhooks() {
	if w := s.sender(); w != nil {
		w.Wake()
	}
}

// selfAddr is the API's own address, which no webhook may target.
func (s *Service) selfAddr() netip.AddrPort {
	s.mu.Lock()
	defer s.mu.Unlock()
	return webhook.ParseSelf(s.info.APIAddr)
}

// Publish reports an event: for an event webhooks can receive it first
// writes the deliveries to every subscribed enabled webhook (durably, in
// their own transaction) and wakes the worker, then emits it on the bus to
// the window, the browser UI and GET /events. The event reaches the bus
// even when the outbox write fails; the error says the webhooks missed it.
func (s *Service) Publish(ctx context.Context, eventType string, data any) (domain.Event, error) {
	ev, outbox, err := s.Stage(eventType, data)
	for _, oe := range outbox {
		if err = s.enqueue(ctx, oe); err != nil {
			break
		}
	}
	s.bus.Publish(ev)
	return ev, err
}

func (s *Service) enqueue(ctx context.Context, oe domain.OutboxEvent) error {
	n, err := s.store.EnqueueEvent(ctx, oe)
	if err != nil {
		return err
	}
	if n > 0 {
		s.wakeWebhooks()
	}
	return nil
}

// validateEvents checks event names, dropping duplicates; empty means all.
func validateEvents(in []string) ([]string, error) {
	out := make([]string, 0, len(in))
	for _, e := range in {
		if !domain.IsWebhookEvent(e) {
			return nil, domain.Errorf(domain.CodeInvalid, "unknown event %q: valid events are %s (or none for all)",
				e, strings.Join(domain.WebhookEventTypes(), ", "))
		}
		if !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out, nil
}

// CreateWebhook registers a receiver. The answer is the only time its
// secret is shown in full.
func (s *Service) CreateWebhook(ctx context.Context, in domain.WebhookInput) (domain.Webhook, error) {
	url, err := webhook.ValidateURL(in.URL, s.selfAddr())
	if err != nil {
		return domain.Webhook{}, err
	}
	evs, err := validateEvents(in.Events)
	if err != nil {
		return domain.Webhook{}, err
	}
	secret := in.Secret
	if secret == "" {
		if secret, err = webhook.NewSecret(); err != nil {
			return domain.Webhook{}, err
		}
	} else if err := webhook.ValidateSecret(secret); err != nil {
		return domain.Webhook{}, err
	}
	list, err := s.store.Webhooks(ctx)
	if err != nil {
		return domain.Webhook{}, err
	}
	if len(list.Webhooks) >= maxWebhooks {
		return domain.Webhook{}, domain.Errorf(domain.CodeConflict, "at most %d webhooks can be registered: delete one first", maxWebhooks)
	}
	now := s.now().UTC()
	t := domain.WebhookTarget{ID: events.NewID("wh_"), URL: url, Events: evs, Secret: secret,
		Enabled: true, CreatedAt: now, UpdatedAt: now}
	if err := s.store.InsertWebhook(ctx, t); err != nil {
		return domain.Webhook{}, err
	}
	s.wakeWebhooks()
	s.log.Info("webhook created", "webhook", t.ID, "url", domain.RedactURL(t.URL))
	return t.Public(true), nil
}

// ListWebhooks lists registered webhooks, secrets masked.
func (s *Service) ListWebhooks(ctx context.Context) (domain.WebhookList, error) {
	return s.store.Webhooks(ctx)
}

// GetWebhook returns one webhook, secret masked.
func (s *Service) GetWebhook(ctx context.Context, id string) (domain.Webhook, error) {
	t, err := s.store.WebhookTarget(ctx, id)
	if err != nil {
		return domain.Webhook{}, err
	}
	return t.Public(false), nil
}

// UpdateWebhook changes the fields p sets. Enabling a webhook clears its
// disabled reason and failure streak; its pending deliveries resume.
func (s *Service) UpdateWebhook(ctx context.Context, id string, p domain.WebhookPatch) (domain.Webhook, error) {
	if p.URL == nil && p.Events == nil && p.Enabled == nil {
		return domain.Webhook{}, domain.Errorf(domain.CodeInvalid, "nothing to change: send url, events or enabled")
	}
	var url string
	var evs []string
	var err error
	if p.URL != nil {
		if url, err = webhook.ValidateURL(*p.URL, s.selfAddr()); err != nil {
			return domain.Webhook{}, err
		}
	}
	if p.Events != nil {
		if evs, err = validateEvents(*p.Events); err != nil {
			return domain.Webhook{}, err
		}
	}
	now := s.now().UTC()
	t, err := s.store.ModifyWebhook(ctx, id, func(t *domain.WebhookTarget) error {
		if p.URL != nil {
			t.URL = url
		}
		if p.Events != nil {
			t.Events = evs
		}
		if p.Enabled != nil && *p.Enabled != t.Enabled {
			t.Enabled, t.FailingSince, t.DisabledReason = *p.Enabled, time.Time{}, ""
			if !t.Enabled {
				t.DisabledReason = "disabled by the user"
			}
		}
		t.UpdatedAt = now
		return nil
	})
	if err != nil {
		return domain.Webhook{}, err
	}
	s.wakeWebhooks()
	return t.Public(false), nil
}

// DeleteWebhook removes a webhook and its delivery log.
func (s *Service) DeleteWebhook(ctx context.Context, id string) error {
	if err := s.store.DeleteWebhook(ctx, id); err != nil {
		return err
	}
	s.wakeWebhooks()
	s.log.Info("webhook deleted", "webhook", id)
	return nil
}

// RotateWebhookSecret gives a webhook a new secret (made by the server
// unless secret is set), shown once. The previous secret keeps signing,
// as a second webhook-signature entry, for 24 hours; rotating again within
// them drops the older one.
func (s *Service) RotateWebhookSecret(ctx context.Context, id, secret string) (domain.WebhookSecretRotation, error) {
	var err error
	if secret == "" {
		if secret, err = webhook.NewSecret(); err != nil {
			return domain.WebhookSecretRotation{}, err
		}
	} else if err := webhook.ValidateSecret(secret); err != nil {
		return domain.WebhookSecretRotation{}, err
	}
	now := s.now().UTC()
	t, err := s.store.ModifyWebhook(ctx, id, func(t *domain.WebhookTarget) error {
		if t.Secret == secret {
			return domain.Errorf(domain.CodeInvalid, "the new secret is the current one")
		}
		t.PreviousSecret, t.PreviousExpiresAt, t.Secret = t.Secret, now.Add(secretOverlap), secret
		t.UpdatedAt = now
		return nil
	})
	if err != nil {
		return domain.WebhookSecretRotation{}, err
	}
	s.wakeWebhooks()
	return domain.WebhookSecretRotation{Webhook: t.Public(true),
		PreviousSecretExpiresAt: t.PreviousExpiresAt.Format(time.RFC3339)}, nil
}

// TestWebhook delivers a test.ping to that webhook only, now, and reports
// what its receiver answered.
func (s *Service) TestWebhook(ctx context.Context, id string) (domain.WebhookTestResult, error) {
	w := s.sender()
	if w == nil {
		return domain.WebhookTestResult{}, domain.Errorf(domain.CodeUnavailable, "webhook delivery is still starting")
	}
	ev := s.bus.NewEvent(domain.EventTestPing, map[string]string{
		"message": "test ping from wasync", "webhook_id": id,
	})
	ev.DeviceID = s.Account()
	return w.Test(ctx, id, ev)
}

// Deliveries returns a page of a webhook's delivery log, newest first.
func (s *Service) Deliveries(ctx context.Context, q domain.DeliveryQuery) (domain.DeliveryPage, error) {
	switch q.Status {
	case "", domain.DeliveryPending, domain.DeliveryDelivered, domain.DeliveryFailed:
	default:
		return domain.DeliveryPage{}, domain.Errorf(domain.CodeInvalid, "status must be pending, delivered or failed")
	}
	return s.store.WebhookDeliveries(ctx, q)
}

// Redeliver queues a finished delivery again: same payload, same event id.
func (s *Service) Redeliver(ctx context.Context, webhookID, deliveryID string) (domain.WebhookDelivery, error) {
	d, err := s.store.RedeliverWebhookDelivery(ctx, webhookID, deliveryID, s.now())
	if err != nil {
		return d, err
	}
	s.wakeWebhooks()
	return d, nil
}

// RedeliverFailed queues every failed delivery of a webhook again.
func (s *Service) RedeliverFailed(ctx context.Context, webhookID string) (domain.RedeliverResult, error) {
	n, err := s.store.RedeliverFailedWebhookDeliveries(ctx, webhookID, s.now())
	if err != nil {
		return domain.RedeliverResult{}, err
	}
	if n > 0 {
		s.wakeWebhooks()
	}
	return domain.RedeliverResult{WebhookID: webhookID, Queued: n}, nil
}
