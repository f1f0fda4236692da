package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/wasync/wasync/backend/backup"
	"github.com/wasync/wasync/backend/core"
	"github.com/wasync/wasync/backend/domain"
)

// uiEvent is the Wails runtime event carrying every app event to the window.
const uiEvent = "wasync:event"

// App is the Wails façade: one bound method per use case, each delegating
// to core, returning the same domain values the HTTP API returns. It is the
// only place that calls runtime.EventsEmit.
type App struct {
	svc *core.Service
	log *slog.Logger

	mu     sync.Mutex
	ctx    context.Context // Wails' ctx: only for runtime.* calls
	cancel func()
}

func newApp(svc *core.Service, log *slog.Logger) *App {
	return &App{svc: svc, log: log}
}

func (a *App) startup(ctx context.Context) {
	events, cancel := a.svc.Events(256)
	a.mu.Lock()
	a.ctx, a.cancel = ctx, cancel
	a.mu.Unlock()
	a.svc.SetShowWindow(func() {
		runtime.WindowUnminimise(ctx)
		runtime.WindowShow(ctx)
	})
	go func() {
		for ev := range events {
			runtime.EventsEmit(ctx, uiEvent, ev)
		}
	}()
}

func (a *App) shutdown(context.Context) {
	a.svc.SetShowWindow(nil)
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.cancel != nil {
		a.cancel()
	}
}

// quit closes the window (on SIGINT/SIGTERM).
func (a *App) quit() {
	a.mu.Lock()
	ctx := a.ctx
	a.mu.Unlock()
	if ctx != nil {
		runtime.Quit(ctx)
	}
}

// userError keeps internals out of the window: coded errors show their
// message, anything else is logged and shown as a generic failure.
func (a *App) userError(err error) error {
	if err == nil {
		return nil
	}
	if domain.ErrorCode(err) == domain.CodeInternal {
		a.log.Error("window call failed", "err", err)
	}
	return errors.New(domain.ErrorMessage(err))
}

func call[T any](a *App, fn func(context.Context) (T, error)) (T, error) {
	v, err := fn(context.Background())
	return v, a.userError(err)
}

// Settings returns what the settings screen shows.
func (a *App) Settings() (domain.Settings, error) { return call(a, a.svc.Settings) }

// RotateAPIKey replaces the API key; browser sessions end.
func (a *App) RotateAPIKey() (domain.Settings, error) {
	return call(a, func(ctx context.Context) (domain.Settings, error) { return a.svc.RotateAPIKey(ctx, "") })
}

// AppStatus reports the mode and whether the UI has rendered.
func (a *App) AppStatus() domain.AppStatus { return a.svc.AppStatus(context.Background()) }

// FrontendReady is called by the UI once its shell has rendered.
func (a *App) FrontendReady(screen string) error {
	return a.userError(a.svc.FrontendReady(context.Background(), screen))
}

// ListChats returns a page of chats, most recent first.
func (a *App) ListChats(q domain.ChatQuery) (domain.ChatPage, error) {
	return call(a, func(ctx context.Context) (domain.ChatPage, error) { return a.svc.ListChats(ctx, q) })
}

// ListMessages returns a page of a chat's messages, newest first.
func (a *App) ListMessages(q domain.MessageQuery) (domain.MessagePage, error) {
	return call(a, func(ctx context.Context) (domain.MessagePage, error) { return a.svc.ListMessages(ctx, q) })
}

// MessageVersions returns every kept version of a message's text.
func (a *App) MessageVersions(chatJID, msgID string) (domain.MessageVersionList, error) {
	return call(a, func(ctx context.Context) (domain.MessageVersionList, error) {
		return a.svc.MessageVersions(ctx, chatJID, msgID)
	})
}

// UpdateSettings changes the user settings the patch carries.
func (a *App) UpdateSettings(p domain.SettingsPatch) (domain.Settings, error) {
	return call(a, func(ctx context.Context) (domain.Settings, error) { return a.svc.UpdateSettings(ctx, p) })
}

// Search runs a full-text search.
func (a *App) Search(q domain.SearchQuery) (domain.SearchPage, error) {
	return call(a, func(ctx context.Context) (domain.SearchPage, error) { return a.svc.Search(ctx, q) })
}

// ListHistoryRequests lists recent on-demand history requests.
func (a *App) ListHistoryRequests() (domain.HistoryRequestList, error) {
	return call(a, a.svc.ListHistoryRequests)
}

// ListWebhooks lists registered webhooks.
func (a *App) ListWebhooks() (domain.WebhookList, error) { return call(a, a.svc.ListWebhooks) }

// Session returns the state of the link with the phone.
func (a *App) Session() (domain.Session, error) { return call(a, a.svc.Session) }

// RefreshQR asks WhatsApp for (fresh) QR codes.
func (a *App) RefreshQR() (domain.Session, error) { return call(a, a.svc.StartPairing) }

// BackfillStatus reports the background backfill's progress.
func (a *App) BackfillStatus() (domain.BackfillStatus, error) { return call(a, a.svc.BackfillStatus) }

// PauseBackfill switches the background backfill off (true) or on (false).
func (a *App) PauseBackfill(paused bool) (domain.BackfillStatus, error) {
	return call(a, func(ctx context.Context) (domain.BackfillStatus, error) { return a.svc.PauseBackfill(ctx, paused) })
}

// SetHistoryDepth chooses how much history the next pairing asks the phone
// for: recent, year or everything.
func (a *App) SetHistoryDepth(depth string) error {
	return a.userError(a.svc.ChooseHistoryDepth(depth))
}

// PairPhone links by phone number; it returns the code to type on the phone.
func (a *App) PairPhone(phone string) (map[string]string, error) {
	return call(a, func(ctx context.Context) (map[string]string, error) {
		code, err := a.svc.PairPhone(ctx, phone)
		return map[string]string{"pair_code": code}, err
	})
}

// Logout unlinks the phone; stored history stays.
func (a *App) Logout() error { return a.userError(a.svc.LogoutDevice(context.Background())) }

// GetChat returns one chat.
func (a *App) GetChat(jid string) (domain.Chat, error) {
	return call(a, func(ctx context.Context) (domain.Chat, error) { return a.svc.GetChat(ctx, jid) })
}

// ExportChat asks where to save the chat (native dialog) and writes it
// there as JSON Lines or HTML. It returns the path, or "" if cancelled.
func (a *App) ExportChat(jid, format string) (string, error) {
	ctx := context.Background()
	e, err := a.svc.PrepareExport(ctx, jid, format)
	if err != nil {
		return "", a.userError(err)
	}
	a.mu.Lock()
	wctx := a.ctx
	a.mu.Unlock()
	path, err := runtime.SaveFileDialog(wctx, runtime.SaveDialogOptions{
		Title:           "Export chat",
		DefaultFilename: e.FileName,
		Filters:         []runtime.FileFilter{{DisplayName: strings.ToUpper(e.Format) + " files", Pattern: "*." + e.Format}},
	})
	if err != nil || path == "" {
		return "", a.userError(err)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return "", fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := a.svc.WriteExport(ctx, e, f); err != nil {
		f.Close()
		return "", a.userError(err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("cannot write %s: %w", path, err)
	}
	return path, nil
}

// CreateBackup asks where to save a backup (native dialog) and writes a
// consistent copy of the database there while wasync keeps running. It
// returns the path, or "" if cancelled.
func (a *App) CreateBackup() (string, error) {
	a.mu.Lock()
	wctx := a.ctx
	a.mu.Unlock()
	path, err := runtime.SaveFileDialog(wctx, runtime.SaveDialogOptions{
		Title:           "Back up wasync",
		DefaultFilename: backup.FileName(time.Now()),
		Filters:         []runtime.FileFilter{{DisplayName: "SQLite databases", Pattern: "*.db"}},
	})
	if err != nil || path == "" {
		return "", a.userError(err)
	}
	tmp := path + ".partial"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return "", fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := a.svc.WriteBackup(context.Background(), f, nil); err != nil {
		f.Close()
		os.Remove(tmp)
		return "", a.userError(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return "", fmt.Errorf("cannot write %s: %w", path, err)
	}
	return path, nil
}

// CreateWebhook registers a receiver; the answer shows its secret, once.
func (a *App) CreateWebhook(in domain.WebhookInput) (domain.Webhook, error) {
	return call(a, func(ctx context.Context) (domain.Webhook, error) { return a.svc.CreateWebhook(ctx, in) })
}

// GetWebhook returns one webhook, secret masked.
func (a *App) GetWebhook(id string) (domain.Webhook, error) {
	return call(a, func(ctx context.Context) (domain.Webhook, error) { return a.svc.GetWebhook(ctx, id) })
}

// UpdateWebhook changes the fields the patch sets (url, events, enabled).
func (a *App) UpdateWebhook(id string, p domain.WebhookPatch) (domain.Webhook, error) {
	return call(a, func(ctx context.Context) (domain.Webhook, error) { return a.svc.UpdateWebhook(ctx, id, p) })
}

// DeleteWebhook removes a webhook and its delivery log.
func (a *App) DeleteWebhook(id string) error {
	return a.userError(a.svc.DeleteWebhook(context.Background(), id))
}

// TestWebhook sends a test.ping to one webhook and reports the answer.
func (a *App) TestWebhook(id string) (domain.WebhookTestResult, error) {
	return call(a, func(ctx context.Context) (domain.WebhookTestResult, error) { return a.svc.TestWebhook(ctx, id) })
}

// RotateWebhookSecret gives a webhook a new server-made secret, shown once.
func (a *App) RotateWebhookSecret(id string) (domain.WebhookSecretRotation, error) {
	return call(a, func(ctx context.Context) (domain.WebhookSecretRotation, error) {
		return a.svc.RotateWebhookSecret(ctx, id, "")
	})
}

// WebhookDeliveries returns a page of a webhook's delivery log.
func (a *App) WebhookDeliveries(q domain.DeliveryQuery) (domain.DeliveryPage, error) {
	return call(a, func(ctx context.Context) (domain.DeliveryPage, error) { return a.svc.Deliveries(ctx, q) })
}

// RedeliverWebhookDelivery queues one finished delivery again.
func (a *App) RedeliverWebhookDelivery(webhookID, deliveryID string) (domain.WebhookDelivery, error) {
	return call(a, func(ctx context.Context) (domain.WebhookDelivery, error) {
		return a.svc.Redeliver(ctx, webhookID, deliveryID)
	})
}

// RedeliverFailedWebhookDeliveries queues every failed delivery of a webhook again.
func (a *App) RedeliverFailedWebhookDeliveries(webhookID string) (domain.RedeliverResult, error) {
	return call(a, func(ctx context.Context) (domain.RedeliverResult, error) {
		return a.svc.RedeliverFailed(ctx, webhookID)
	})
}

// RequestHistorySync asks the phone for older messages (POST /history/sync).
func (a *App) RequestHistorySync(in domain.HistorySyncInput) (domain.HistorySyncAccepted, error) {
	return call(a, func(ctx context.Context) (domain.HistorySyncAccepted, error) {
		return a.svc.RequestHistorySync(ctx, in)
	})
}

// GetHistoryRequest returns one on-demand request's status.
func (a *App) GetHistoryRequest(id string) (domain.HistoryRequest, error) {
	return call(a, func(ctx context.Context) (domain.HistoryRequest, error) { return a.svc.GetHistoryRequest(ctx, id) })
}

// ListHistoryNotifications lists history sync notifications, newest first.
func (a *App) ListHistoryNotifications(q domain.NotificationQuery) (domain.NotificationPage, error) {
	return call(a, func(ctx context.Context) (domain.NotificationPage, error) {
		return a.svc.ListHistoryNotifications(ctx, q)
	})
}

// RetryHistoryNotification queues a failed history notification again.
func (a *App) RetryHistoryNotification(id string) (domain.NotificationInfo, error) {
	return call(a, func(ctx context.Context) (domain.NotificationInfo, error) {
		return a.svc.RetryHistoryNotification(ctx, id)
	})
}

// RetryFailedHistoryNotifications queues every failed history notification again.
func (a *App) RetryFailedHistoryNotifications() (domain.RetryResult, error) {
	return call(a, a.svc.RetryFailedHistoryNotifications)
}
