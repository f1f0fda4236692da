// Package history turns history sync notifications into stored rows and
// reports progress. Notifications are persisted first (Notified), then a
// single loop downloads, decodes and stores them one blob at a time, each in
// one transaction that also marks it done, so a crash anywhere loses nothing
// and doubles nothing. It also tells when the initial sync after linking is
// complete. It imports domain only; the store and the WhatsApp decoder come
// in through small interfaces.
package history

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/wasync/wasync/backend/domain"
)

// Store is what the processor needs from the database.
type Store interface {
	AddHistoryNotification(ctx context.Context, n domain.HistoryNotification) (int64, error)
	PendingHistoryNotifications(ctx context.Context, limit int) ([]domain.HistoryNotification, error)
	FailHistoryNotification(ctx context.Context, id int64, reason string) error
	ApplyHistoryAnnounced(ctx context.Context, notificationID int64, c domain.HistoryChunk, announce domain.Announce[domain.IngestResult]) (domain.IngestResult, error)
	Setting(ctx context.Context, key string) (string, bool, error)
	SetSetting(ctx context.Context, key, value string) error
	SetSettingAnnounced(ctx context.Context, key, value string, evs []domain.OutboxEvent) error
}

// Decoder fetches and decodes a notification's blob (wa.Client).
type Decoder interface {
	DecodeHistory(ctx context.Context, raw []byte) (domain.HistoryChunk, error)
}

// Publisher receives history events. Events that report a write are
// staged (built, with their webhook outbox rows) inside the write's
// transaction and announced to live listeners after it commits.
type Publisher interface {
	Emit(eventType string, data any)
	Stage(eventType string, data any) (domain.Event, []domain.OutboxEvent, error)
	Announce(ev domain.Event)
}

// stager collects the events staged inside one transaction.
type stager struct {
	pub    Publisher
	events []domain.Event
}

func (s *stager) stage(eventType string, data any) ([]domain.OutboxEvent, error) {
	ev, oe, err := s.pub.Stage(eventType, data)
	if err != nil {
		return nil, err
	}
	s.events = append(s.events, ev)
	return oe, nil
}

// announce publishes what the committed transaction reported.
func (s *stager) announce() {
	for _, ev := range s.events {
		s.pub.Announce(ev)
	}
}

// Errors a Decoder returns to say "later" or "never".
var (
	// ErrNotReady: try again once connected.
	ErrNotReady = errors.New("not ready")
	// ErrGone: the blob can never be had.
	ErrGone = errors.New("gone")
)

// Options tune the processor.
type Options struct {
	// IdleComplete is how long after the last initial-sync chunk the initial
	// sync counts as complete even though progress never reached 100
	// (WhatsApp often stops short). Default 2 minutes.
	IdleComplete time.Duration
	// RetryEvery is how often a blob that could not be fetched is retried
	// while no connection event wakes the processor. Default 30 s.
	RetryEvery time.Duration
	// Clock, if set, replaces time.Now and time.After.
	Now   func() time.Time
	After func(time.Duration) <-chan time.Time
	// IsNotReady and IsGone classify Decoder errors (errors.Is on the
	// decoder's own sentinels); default: this package's sentinels.
	IsNotReady func(error) bool
	IsGone     func(error) bool
	// IsRetryLater classifies decoder errors worth another try later
	// (transport, 5xx, timeouts); nil: none are.
	IsRetryLater func(error) bool
	// Account returns the linked account's JID for event payloads.
	Account func() string
}

// Processor stores history syncs and reports their progress.
type Processor struct {
	store Store
	dec   Decoder
	pub   Publisher
	log   *slog.Logger
	opts  Options

	wake chan struct{}

	mu      sync.Mutex
	initial *initialSync // nil when none is running
	// OnChunk, if set, sees every stored chunk (on-demand request tracking).
	onChunk func(ctx context.Context, c domain.HistoryChunk, res domain.IngestResult)
}

// New makes a processor; Run starts it.
func New(st Store, dec Decoder, pub Publisher, log *slog.Logger, opts Options) *Processor {
	if opts.IdleComplete == 0 {
		opts.IdleComplete = 2 * time.Minute
	}
	if opts.RetryEvery == 0 {
		opts.RetryEvery = 30 * time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.After == nil {
		opts.After = time.After
	}
	if opts.IsNotReady == nil {
		opts.IsNotReady = func(err error) bool { return errors.Is(err, ErrNotReady) }
	}
	if opts.Account == nil {
		opts.Account = func() string { return "" }
	}
	if opts.IsGone == nil {
		opts.IsGone = func(err error) bool { return errors.Is(err, ErrGone) }
	}
	return &Processor{store: st, dec: dec, pub: pub, log: log.With("module", "history"), opts: opts, wake: make(chan struct{}, 1)}
}

// OnChunk installs a hook that sees every stored chunk.
func (p *Processor) OnChunk(fn func(ctx context.Context, c domain.HistoryChunk, res domain.IngestResult)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.onChunk = fn
}

// Notified persists a notification (before it is acknowledged) and wakes
// the loop.
func (p *Processor) Notified(ctx context.Context, n domain.HistoryNotification) error {
	if _, err := p.store.AddHistoryNotification(ctx, n); err != nil {
		return err
	}
	p.Wake()
	return nil
}

// Wake makes the loop look for work now (after a reconnect, say).
func (p *Processor) Wake() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// Run processes notifications until ctx ends, including any left pending
// by an earlier run.
func (p *Processor) Run(ctx context.Context) {
	if err := p.loadInitial(ctx); err != nil {
		p.log.Error("load initial sync state", "err", err)
	}
	for {
		retry := p.drain(ctx)
		var idle <-chan time.Time
		if d, ok := p.idleLeft(); ok {
			idle = p.opts.After(d)
		}
		var later <-chan time.Time
		if retry {
			later = p.opts.After(p.opts.RetryEvery)
		}
		select {
		case <-ctx.Done():
			return
		case <-p.wake:
		case <-later:
		case <-idle:
			p.completeInitialIfIdle(ctx)
		}
	}
}

// drain stores every pending notification it can; it reports whether some
// had to wait (not connected).
func (p *Processor) drain(ctx context.Context) bool {
	for ctx.Err() == nil {
		pending, err := p.store.PendingHistoryNotifications(ctx, 16)
		if err != nil {
			p.log.Error("list pending history", "err", err)
			return true
		}
		if len(pending) == 0 {
			return false
		}
		for _, n := range pending {
			if !p.process(ctx, n) {
				return true
			}
		}
	}
	return false
}

// process handles one notification; false means "stop for now".
func (p *Processor) process(ctx context.Context, n domain.HistoryNotification) bool {
	chunk, err := p.dec.DecodeHistory(ctx, n.Raw)
	switch {
	case err == nil:
	case p.opts.IsNotReady(err) || (p.opts.IsRetryLater != nil && p.opts.IsRetryLater(err)) || ctx.Err() != nil:
		p.log.Info("history blob must wait", "id", n.ID, "type", n.SyncType, "err", err)
		return false
	default:
		if !p.opts.IsGone(err) {
			p.log.Warn("history blob failed; keeping the notification as failed", "id", n.ID, "err", err)
		}
		if ferr := p.store.FailHistoryNotification(ctx, n.ID, err.Error()); ferr != nil {
			p.log.Error("mark history notification failed", "err", ferr)
			return false
		}
		p.pub.Emit(domain.EventHistorySync, map[string]any{"sync_type": n.SyncType, "chunk_order": n.ChunkOrder, "error": err.Error()})
		return true
	}
	if chunk.SyncType == "" {
		chunk.SyncType = n.SyncType
	}
	if chunk.SessionID == "" {
		chunk.SessionID = n.SessionID
	}
	st := &stager{pub: p.pub}
	res, err := p.store.ApplyHistoryAnnounced(ctx, n.ID, chunk, func(res domain.IngestResult) ([]domain.OutboxEvent, error) {
		st.events = nil
		return st.stage(domain.EventHistorySync, map[string]any{
			"sync_type": chunk.SyncType, "chunk_order": chunk.ChunkOrder, "progress": chunk.Progress,
			"conversations": res.Chats, "messages": res.Messages, "new_messages": res.NewMessages,
		})
	})
	if err != nil {
		p.log.Error("store history chunk", "id", n.ID, "err", err)
		return false
	}
	// Bookkeeping first, so anyone who saw the event sees the totals too;
	// it must not be lost to a shutdown that cancels ctx mid-way.
	initialDone := p.trackInitial(context.WithoutCancel(ctx), chunk, res)
	p.log.Info("history chunk stored", "type", chunk.SyncType, "chunk", chunk.ChunkOrder, "progress", chunk.Progress,
		"conversations", res.Chats, "messages", res.Messages, "new", res.NewMessages)
	st.announce()
	p.mu.Lock()
	hook := p.onChunk
	p.mu.Unlock()
	if hook != nil {
		hook(ctx, chunk, res)
	}
	if initialDone {
		p.completeInitial(context.WithoutCancel(ctx), "complete")
	}
	return true
}

// LiveMessage stores a message as it arrives and announces new ones, the
// outbox rows committing with the message.
func (p *Processor) LiveMessage(ctx context.Context, chunk domain.HistoryChunk) error {
	st := &stager{pub: p.pub}
	_, err := p.store.ApplyHistoryAnnounced(ctx, 0, chunk, func(res domain.IngestResult) ([]domain.OutboxEvent, error) {
		st.events = nil
		if res.NewMessages == 0 {
			return nil, nil
		}
		var out []domain.OutboxEvent
		for _, m := range chunk.Messages {
			oe, err := st.stage(domain.EventMessageReceived, map[string]any{
				"chat_jid": m.ChatJID, "message_id": m.ID, "sender": m.SenderJID, "sender_name": m.SenderName,
				"from_me": m.FromMe, "timestamp": time.Unix(m.Timestamp, 0).UTC().Format(time.RFC3339),
				"type": m.Type, "text": m.Text,
			})
			if err != nil {
				return nil, err
			}
			out = append(out, oe...)
		}
		return out, nil
	})
	if err != nil {
		return err
	}
	st.announce()
	return nil
}
