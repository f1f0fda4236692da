package core

import (
	"context"
	"fmt"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/qr"
)

// Linker is the WhatsApp link: pairing, state, logout (wa.Client).
type Linker interface {
	Session() domain.Session
	StartPairing(ctx context.Context) error
	PairPhone(ctx context.Context, phone string) (string, error)
	Logout(ctx context.Context) error
}

// settingPreviousAccount remembers whose history is stored after a logout.
const settingPreviousAccount = "previous_account"

// SetLinker installs the WhatsApp link once it is built.
func (s *Service) SetLinker(l Linker) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.linker = l
}

func (s *Service) link() (Linker, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.linker == nil {
		return nil, domain.Errorf(domain.CodeUnavailable, "the WhatsApp connection is still starting")
	}
	return s.linker, nil
}

// Session returns the link's state, with the QR code rendered as a PNG.
func (s *Service) Session(ctx context.Context) (domain.Session, error) {
	l, err := s.link()
	if err != nil {
		return domain.Session{}, err
	}
	return s.render(ctx, l.Session()), nil
}

func (s *Service) render(ctx context.Context, sess domain.Session) domain.Session {
	if sess.QR != nil && sess.QR.PNG == "" {
		png, err := qr.PNGDataURL(sess.QR.Code)
		if err != nil {
			s.log.Error("render QR", "err", err)
		}
		q := *sess.QR
		q.PNG = png
		sess.QR = &q
	}
	if sess.State == domain.StateLoggedOut && sess.PreviousAccount == "" {
		if prev, ok, err := s.store.Setting(ctx, settingPreviousAccount); err == nil && ok {
			sess.PreviousAccount = prev
		}
	}
	return sess
}

// StartPairing asks WhatsApp for QR codes (again, after they expired).
func (s *Service) StartPairing(ctx context.Context) (domain.Session, error) {
	l, err := s.link()
	if err != nil {
		return domain.Session{}, err
	}
	if err := l.StartPairing(ctx); err != nil {
		return domain.Session{}, err
	}
	return s.Session(ctx)
}

// PairPhone returns the code to type on the phone to link by number.
func (s *Service) PairPhone(ctx context.Context, phone string) (string, error) {
	l, err := s.link()
	if err != nil {
		return "", err
	}
	return l.PairPhone(ctx, phone)
}

// LogoutDevice unlinks the phone; stored history stays.
func (s *Service) LogoutDevice(ctx context.Context) error {
	l, err := s.link()
	if err != nil {
		return err
	}
	return l.Logout(ctx)
}

// SessionChanged receives every state of the link (wa.Sink).
func (s *Service) SessionChanged(sess domain.Session) {
	ctx := context.Background()
	if sess.State == domain.StateLoggedOut && sess.PreviousAccount != "" {
		if err := s.store.SetSetting(ctx, settingPreviousAccount, sess.PreviousAccount); err != nil {
			s.log.Error("remember previous account", "err", err)
		}
	}
	s.bus.Emit(domain.EventConnectionState, s.render(ctx, sess))
	if sess.State == domain.StateConnected {
		if h, err := s.hist(); err == nil {
			h.Wake() // blobs that waited for a connection
		}
		if b, err := s.backfiller(); err == nil {
			b.Wake() // pages that waited for a connection
		}
	}
}

// Emit publishes an event from the WhatsApp link or the history workers
// (wa.Sink, history.Publisher): to the bus, and durably to the webhook
// outbox when webhooks can subscribe to its type.
func (s *Service) Emit(eventType string, data any) {
	if _, err := s.Publish(context.Background(), eventType, data); err != nil {
		s.log.Error("queue webhook deliveries", "event", eventType, "err", err)
	}
}

// Stage builds an event and, for webhook event types, its outbox rows,
// without publishing it: the caller writes the rows in the transaction of
// the fact the event reports, then calls Announce (history.Publisher).
func (s *Service) Stage(eventType string, data any) (domain.Event, []domain.OutboxEvent, error) {
	ev := s.bus.NewEvent(eventType, data)
	ev.DeviceID = s.Account()
	if !domain.IsWebhookEvent(eventType) {
		return ev, nil, nil
	}
	oe, err := domain.OutboxEventOf(ev)
	if err != nil {
		return ev, nil, fmt.Errorf("encode %s event: %w", eventType, err)
	}
	return ev, []domain.OutboxEvent{oe}, nil
}

// Announce publishes a staged event whose outbox rows are committed, and
// wakes the webhook worker for them.
func (s *Service) Announce(ev domain.Event) {
	s.bus.Publish(ev)
	if domain.IsWebhookEvent(ev.EventType) {
		s.wakeWebhooks()
	}
}
