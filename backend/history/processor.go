// Package history turns history sync notifications into stored rows and
// reports progress. Notifications are persisted first (Notified), then a
// single loop downloads, decodes and stores them one blob at a time, each in
// one transaction that also marks it done, so a crash anywhere loses nothing
// and doubles nothing. A blob that cannot be fetched is counted and retried
// after a backoff while those behind it go ahead; one that can never be had
// ends failed, kept for a retry. It also tells when the initial sync after linking is
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
	ReadyHistoryNotifications(ctx context.Context, now int64, limit int) ([]domain.QueuedNotification, error)
	NextHistoryAttempt(ctx context.Context) (int64, bool, error)
	DeferHistoryNotification(ctx context.Context, id int64, attempts int, next int64, reason string) error
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

// Errors a Decoder returns to say "wait", "later" or "never".
var (
	// ErrNotReady: not connected; try again once connected, without
	// counting an attempt.
	ErrNotReady = errors.New("not ready")
	// ErrRetryLater: this attempt failed (transport, 5xx, timeout); count
	// it and try again after a backoff.
	ErrRetryLater = errors.New("retry later")
	// ErrGone: the blob can never be had; fail the notification now.
	ErrGone = errors.New("gone")
)

// Options tune the processor.
type Options struct {
	// IdleComplete is how long after the last initial-sync chunk the initial
	// sync counts as complete even though progress never reached 100
	// (WhatsApp often stops short). Default 2 minutes.
	IdleComplete time.Duration
	// RetryEvery is how often a blob that could not be fetched for want of
	// a connection is retried while no connection event wakes the
	// processor. Default 30 s.
	RetryEvery time.Duration
	// MaxAttempts is how many failed attempts (retry-later or unclassified
	// errors) a notification gets before it ends failed. Default 10.
	MaxAttempts int
	// Backoff is how long a notification waits after its n-th failed
	// attempt (n >= 1). Default 30 s doubling per attempt, at most 1 h.
	Backoff func(attempt int) time.Duration
	// Clock, if set, replaces time.Now and time.After.
	Now   func() time.Time
	After func(time.Duration) <-chan time.Time
	// IsNotReady, IsRetryLater and IsGone classify Decoder errors
	// (errors.Is on the decoder's own sentinels); default: this package's
	// sentinels. An error none of them claims counts as retry-later.
	IsNotReady   func(error) bool
	IsRetryLater func(error) bool
	IsGone       func(error) bool
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
	onLive  func(c domain.HistoryChunk)
	// onInitial runs after the initial sync's completion is stored.
	onInitial func()
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
	if opts.IsRetryLater == nil {
		opts.IsRetryLater = func(err error) bool { return errors.Is(err, ErrRetryLater) }
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 10
	}
	if opts.Backoff == nil {
		opts.Backoff = defaultBackoff
	}
	return &Processor{store: st, dec: dec, pub: pub, log: log.With("module", "history"), opts: opts, wake: make(chan struct{}, 1)}
}

// OnChunk installs a hook that sees every stored chunk.
func (p *Processor) OnChunk(fn func(ctx context.Context, c domain.HistoryChunk, res domain.IngestResult)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.onChunk = fn
}

// OnLive sets the hook run after a live chunk is stored (a group first
// seen in a live message is asked about then).
func (p *Processor) OnLive(fn func(c domain.HistoryChunk)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.onLive = fn
}

// OnInitialComplete sets the hook run once the initial sync's completion
// is stored (the backfill starts then).
func (p *Processor) OnInitialComplete(fn func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.onInitial = fn
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
		var later <-chan time.Time
		if d, ok := p.nextDue(ctx, p.drain(ctx)); ok {
			later = p.opts.After(d)
		}
		var idle <-chan time.Time
		if d, ok := p.idleLeft(); ok {
			idle = p.opts.After(d)
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

// LiveMessage stores a message as it arrives and announces new ones, the
// outbox rows committing with the message.
func (p *Processor) LiveMessage(ctx context.Context, chunk domain.HistoryChunk) error {
	st := &stager{pub: p.pub}
	_, err := p.store.ApplyHistoryAnnounced(ctx, 0, chunk, func(res domain.IngestResult) ([]domain.OutboxEvent, error) {
		st.events = nil
		var out []domain.OutboxEvent
		for _, m := range chunk.Messages {
			if res.NewMessages == 0 {
				break
			}
			oe, err := st.stage(domain.EventMessageReceived, receivedPayload(m))
			if err != nil {
				return nil, err
			}
			out = append(out, oe...)
		}
		for _, c := range chunk.Changes {
			if res.Changes == 0 {
				break
			}
			typ, data := changePayload(c)
			if typ == "" {
				continue
			}
			oe, err := st.stage(typ, data)
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
	p.mu.Lock()
	onLive := p.onLive
	p.mu.Unlock()
	if onLive != nil {
		onLive(chunk)
	}
	return nil
}
