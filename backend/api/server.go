// Package api is the HTTP transport on 127.0.0.1:7001: the JSON API, the
// event stream and, for browsers, the embedded UI under /ui/. It parses
// requests, calls core through the Service interface, and answers in the
// envelope of ../shared/notes/api.md. It must not import store, wa or wails.
package api

import (
	"context"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/wasync/wasync/backend/domain"
)

// Service is what the HTTP handlers need from core.
type Service interface {
	CheckAPIKey(key string) bool
	Login(ctx context.Context, key string) (string, error)
	LoginWithLink(ctx context.Context, token string) (string, error)
	NewLoginLink(ctx context.Context) (string, time.Time)
	SessionValid(ctx context.Context, token string) bool
	Logout(ctx context.Context, token string) error

	Settings(ctx context.Context) (domain.Settings, error)
	RotateAPIKey(ctx context.Context, keepSession string) (domain.Settings, error)
	AppStatus(ctx context.Context) domain.AppStatus
	FrontendReady(ctx context.Context, screen string) error
	ShowWindow(ctx context.Context) error
	Events(buf int) (<-chan domain.Event, func())
	EventsAfter(lastID string, buf int) ([]domain.Event, <-chan domain.Event, func(), bool)

	Session(ctx context.Context) (domain.Session, error)
	StartPairing(ctx context.Context) (domain.Session, error)
	ChooseHistoryDepth(depth string) error
	PairPhone(ctx context.Context, phone string) (string, error)
	LogoutDevice(ctx context.Context) error

	ListChats(ctx context.Context, q domain.ChatQuery) (domain.ChatPage, error)
	ListMessages(ctx context.Context, q domain.MessageQuery) (domain.MessagePage, error)
	MessageVersions(ctx context.Context, chatJID, msgID string) (domain.MessageVersionList, error)
	UpdateSettings(ctx context.Context, p domain.SettingsPatch) (domain.Settings, error)
	GetChat(ctx context.Context, jid string) (domain.Chat, error)
	PrepareExport(ctx context.Context, jid, format string) (domain.Export, error)
	WriteExport(ctx context.Context, e domain.Export, w io.Writer) error
	WriteBackup(ctx context.Context, w io.Writer, started func(name string, size int64)) error
	Search(ctx context.Context, q domain.SearchQuery) (domain.SearchPage, error)
	ListHistoryRequests(ctx context.Context) (domain.HistoryRequestList, error)
	RequestHistorySync(ctx context.Context, in domain.HistorySyncInput) (domain.HistorySyncAccepted, error)
	BackfillStatus(ctx context.Context) (domain.BackfillStatus, error)
	PauseBackfill(ctx context.Context, paused bool) (domain.BackfillStatus, error)
	GetHistoryRequest(ctx context.Context, id string) (domain.HistoryRequest, error)
	ListHistoryNotifications(ctx context.Context, q domain.NotificationQuery) (domain.NotificationPage, error)
	RetryHistoryNotification(ctx context.Context, id string) (domain.NotificationInfo, error)
	RetryFailedHistoryNotifications(ctx context.Context) (domain.RetryResult, error)
	ListWebhooks(ctx context.Context) (domain.WebhookList, error)
	CreateWebhook(ctx context.Context, in domain.WebhookInput) (domain.Webhook, error)
	GetWebhook(ctx context.Context, id string) (domain.Webhook, error)
	UpdateWebhook(ctx context.Context, id string, p domain.WebhookPatch) (domain.Webhook, error)
	DeleteWebhook(ctx context.Context, id string) error
	TestWebhook(ctx context.Context, id string) (domain.WebhookTestResult, error)
	RotateWebhookSecret(ctx context.Context, id, secret string) (domain.WebhookSecretRotation, error)
	Deliveries(ctx context.Context, q domain.DeliveryQuery) (domain.DeliveryPage, error)
	Redeliver(ctx context.Context, webhookID, deliveryID string) (domain.WebhookDelivery, error)
	RedeliverFailed(ctx context.Context, webhookID string) (domain.RedeliverResult, error)
}

// Config configures the server.
type Config struct {
	// Addr is the listening address; its host:port is accepted in Host.
	Addr string
	// AllowedHosts are extra accepted Host names: with a port, on that port
	// only; without, on any port or none (behind a reverse proxy).
	AllowedHosts []string
	// UI is the built frontend (index.html at its root); nil serves none.
	UI fs.FS
	// MaxBody caps request bodies; 1 MiB when zero.
	MaxBody int64
	// Log receives request errors; never keys.
	Log *slog.Logger
}

// Server is the HTTP API.
type Server struct {
	cfg     Config
	svc     Service
	mux     *http.ServeMux
	handler http.Handler
	srv     *http.Server
	allowed atomic.Pointer[allowedHosts]
}

// New builds the server and its routes.
func New(cfg Config, svc Service) *Server {
	if cfg.MaxBody == 0 {
		cfg.MaxBody = 1 << 20
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	cfg.Log = cfg.Log.With("module", "api")
	s := &Server{cfg: cfg, svc: svc, mux: http.NewServeMux()}
	s.routes()
	s.handler = s.middleware(s.mux)
	return s
}

// Handler is the whole HTTP surface with its middleware.
func (s *Server) Handler() http.Handler { return s.handler }

// Serve answers on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error {
	s.setAllowedHosts(ln.Addr().String())
	s.srv = &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.cfg.Log.Handler(), slog.LevelDebug),
	}
	err := s.srv.Serve(ln)
	if err == http.ErrServerClosed {
		return nil
	}
	return err
}

// Shutdown stops accepting, lets requests finish until ctx ends, then closes.
func (s *Server) Shutdown(ctx context.Context) error {
	if s.srv == nil {
		return nil
	}
	err := s.srv.Shutdown(ctx)
	if err != nil {
		return s.srv.Close()
	}
	return nil
}

func (s *Server) routes() {
	m := s.mux
	m.HandleFunc("GET /health", s.health)
	m.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/ui/", http.StatusFound)
	})
	m.Handle("GET /ui/", s.static())
	m.HandleFunc("POST /auth/login", s.login)
	m.HandleFunc("GET /auth/link", s.loginLink)
	m.HandleFunc("POST /auth/login-link", s.mintLoginLink)
	m.HandleFunc("POST /auth/logout", s.logout)

	m.HandleFunc("GET /settings", s.settings)
	m.HandleFunc("PATCH /settings", s.updateSettings)
	m.HandleFunc("POST /settings/api-key/rotate", s.rotateKey)
	m.HandleFunc("GET /app/status", s.appStatus)
	m.HandleFunc("POST /app/ready", s.appReady)
	m.HandleFunc("POST /app/show", s.appShow)
	m.HandleFunc("GET /events", s.events)
	m.HandleFunc("GET /openapi.json", s.openAPIDoc)
	m.HandleFunc("GET /docs", s.docs)

	m.HandleFunc("GET /session", s.session)
	m.HandleFunc("POST /session/qr", s.startPairing)
	m.HandleFunc("POST /session/pair-code", s.pairCode)
	m.HandleFunc("POST /session/logout", s.logoutDevice)

	m.HandleFunc("GET /chats", s.chats)
	m.HandleFunc("GET /chats/{jid}", s.chat)
	m.HandleFunc("GET /chats/{jid}/messages", s.messages)
	m.HandleFunc("GET /chats/{jid}/messages/{id}/versions", s.messageVersions)
	m.HandleFunc("GET /chats/{jid}/export", s.exportChat)
	m.HandleFunc("GET /search", s.search)
	m.HandleFunc("POST /backup", s.backup)
	m.HandleFunc("GET /history/sync", s.historyRequests)
	m.HandleFunc("POST /history/sync", s.requestHistorySync)
	m.HandleFunc("GET /history/sync/{request_id}", s.historyRequest)
	m.HandleFunc("GET /history/backfill", s.backfillStatus)
	m.HandleFunc("POST /history/backfill/pause", s.pauseBackfill)
	m.HandleFunc("POST /history/backfill/resume", s.resumeBackfill)
	m.HandleFunc("GET /history/notifications", s.historyNotifications)
	m.HandleFunc("POST /history/notifications/retry-failed", s.retryFailedHistoryNotifications)
	m.HandleFunc("POST /history/notifications/{id}/retry", s.retryHistoryNotification)
	m.HandleFunc("GET /webhooks", s.webhooks)
	m.HandleFunc("POST /webhooks", s.createWebhook)
	m.HandleFunc("GET /webhooks/{id}", s.webhook)
	m.HandleFunc("PATCH /webhooks/{id}", s.updateWebhook)
	m.HandleFunc("DELETE /webhooks/{id}", s.deleteWebhook)
	m.HandleFunc("POST /webhooks/{id}/test", s.testWebhook)
	m.HandleFunc("POST /webhooks/{id}/rotate-secret", s.rotateWebhookSecret)
	m.HandleFunc("GET /webhooks/{id}/deliveries", s.webhookDeliveries)
	m.HandleFunc("POST /webhooks/{id}/deliveries/{delivery_id}/redeliver", s.redeliver)
	m.HandleFunc("POST /webhooks/{id}/redeliver-failed", s.redeliverFailed)
}
