// Package core is the one service both transports call: the Wails bindings
// in app.go and the HTTP handlers in api. It composes the store, the event
// bus and auth, and returns domain values and coded domain errors. It must
// not import wails, whatsmeow or net/http.
package core

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/wasync/wasync/backend/auth"
	"github.com/wasync/wasync/backend/buildinfo"
	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/events"
)

// Store is what core needs from the database.
type Store interface {
	auth.SessionStore
	Setting(ctx context.Context, key string) (string, bool, error)
	SetSetting(ctx context.Context, key, value string) error
	Chats(ctx context.Context, q domain.ChatQuery) (domain.ChatPage, error)
	Chat(ctx context.Context, jid string) (domain.Chat, error)
	EachMessage(ctx context.Context, chatJID string, fn func(domain.Message) error) error
	Messages(ctx context.Context, q domain.MessageQuery) (domain.MessagePage, error)
	MessageVersions(ctx context.Context, chatJID, msgID string) (domain.MessageVersionList, error)
	Search(ctx context.Context, q domain.SearchQuery) (domain.SearchPage, error)
	HistoryRequests(ctx context.Context, limit int) (domain.HistoryRequestList, error)
	HistoryRequest(ctx context.Context, id string) (domain.HistoryRequest, error)
	NotificationStore
	WebhookStore
}

// Info is the static facts about this process shown in settings.
type Info struct {
	APIAddr      string
	DataDir      string
	Mode         string // "desktop" or "headless"
	TestEndpoint bool
	Demo         bool // a demo against the built-in fake WhatsApp
}

// Service is the application core.
type Service struct {
	store    Store
	bus      *events.Bus
	keys     *auth.Keys
	sessions *auth.Sessions
	info     Info
	log      *slog.Logger
	now      func() time.Time

	mu         sync.Mutex
	ui         domain.AppStatus
	showWindow func()
	linker     Linker
	history    History
	requests   Requests
	backfill   Backfill
	webhooks   WebhookSender
	backups    Backups
}

// New builds the service. now may be nil for the wall clock.
func New(st Store, bus *events.Bus, keys *auth.Keys, info Info, log *slog.Logger, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{
		store:    st,
		bus:      bus,
		keys:     keys,
		sessions: auth.NewSessions(st, now),
		info:     info,
		log:      log.With("module", "core"),
		now:      now,
		ui:       domain.AppStatus{Mode: info.Mode, Version: buildinfo.Version()},
	}
}

// SetAPIAddr records the address the API really listens on (after port 0).
func (s *Service) SetAPIAddr(addr string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.info.APIAddr = addr
}

// Settings returns what the settings screen shows.
func (s *Service) Settings(ctx context.Context) (domain.Settings, error) {
	hide, err := s.hideDeleted(ctx)
	if err != nil {
		return domain.Settings{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return domain.Settings{
		HideDeletedContent: hide,
		APIAddr:            s.info.APIAddr,
		APIKey:             s.keys.Key(),
		APIKeyFromEnv:      s.keys.FromEnv(),
		DataDir:            s.info.DataDir,
		Version:            buildinfo.Version(),
		Mode:               s.info.Mode,
		TestEndpoint:       s.info.TestEndpoint,
		Demo:               s.info.Demo,
	}, nil
}

// RotateAPIKey replaces the API key and ends every browser session except
// keepSession (the caller's, if it has one).
func (s *Service) RotateAPIKey(ctx context.Context, keepSession string) (domain.Settings, error) {
	if _, err := s.keys.Rotate(); err != nil {
		return domain.Settings{}, err
	}
	if err := s.sessions.EndOthers(ctx, keepSession); err != nil {
		return domain.Settings{}, err
	}
	s.log.Info("API key rotated; other browser sessions ended")
	return s.Settings(ctx)
}

// Events subscribes to the live event stream.
func (s *Service) Events(buf int) (<-chan domain.Event, func()) {
	return s.bus.Subscribe(buf)
}

// EventsAfter subscribes and returns the recent events after lastID (see
// events.Bus.SubscribeAfter): GET /events with Last-Event-ID.
func (s *Service) EventsAfter(lastID string, buf int) ([]domain.Event, <-chan domain.Event, func(), bool) {
	return s.bus.SubscribeAfter(lastID, buf)
}

// ListChats returns a page of chats.
func (s *Service) ListChats(ctx context.Context, q domain.ChatQuery) (domain.ChatPage, error) {
	return s.store.Chats(ctx, q)
}

// ListMessages returns a page of a chat's messages.
func (s *Service) ListMessages(ctx context.Context, q domain.MessageQuery) (domain.MessagePage, error) {
	if q.ChatJID = domain.NormalizeChatJID(q.ChatJID); q.ChatJID == "" {
		return domain.MessagePage{}, domain.Errorf(domain.CodeInvalid, "chat_jid is required")
	}
	page, err := s.store.Messages(ctx, q)
	if err != nil {
		return page, err
	}
	hide, err := s.hideDeleted(ctx)
	if hide {
		for i := range page.Messages {
			blankDeleted(&page.Messages[i])
		}
	}
	return page, err
}

// Search runs a full-text search.
func (s *Service) Search(ctx context.Context, q domain.SearchQuery) (domain.SearchPage, error) {
	q.ChatJID = domain.NormalizeChatJID(q.ChatJID)
	return s.store.Search(ctx, q)
}

// ListHistoryRequests lists recent on-demand history requests.
func (s *Service) ListHistoryRequests(ctx context.Context) (domain.HistoryRequestList, error) {
	return s.store.HistoryRequests(ctx, domain.DefaultLimit)
}
