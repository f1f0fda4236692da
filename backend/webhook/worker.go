// Package webhook delivers events to registered receivers: URL and secret
// validation, signing (X-Hub-Signature-256 style and Standard Webhooks),
// target checks at connect time, and the durable delivery worker over the
// store's outbox table. It must not import store, core, api or wa: it
// declares the Store it needs and main wires the concrete one.
package webhook

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	mrand "math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wasync/wasync/backend/domain"
)

// Store is what the worker needs from the database (store.Store).
type Store interface {
	WebhookTarget(ctx context.Context, id string) (domain.WebhookTarget, error)
	WebhookTargets(ctx context.Context, enabledOnly bool) ([]domain.WebhookTarget, error)
	NextWebhookDelivery(ctx context.Context) (time.Time, bool, error)
	DueWebhookDeliveriesExcept(ctx context.Context, webhookID string, now time.Time, limit int, skip func(id string) bool) ([]domain.DeliveryJob, error)
	RecordWebhookAttempts(ctx context.Context, attempts []domain.DeliveryAttempt) error
	InsertProbeDelivery(ctx context.Context, webhookID, deliveryID string, ev domain.OutboxEvent, notBefore time.Time) (domain.DeliveryJob, error)
	PruneWebhookDeliveries(ctx context.Context, before time.Time) (int64, error)
}

// Options tune the worker; zero values take the documented defaults.
type Options struct {
	// Now is the clock (time.Now): schedules, signatures' timestamps.
	Now func() time.Time
	// Timeout bounds one attempt: 2xx within it is success (15 s).
	Timeout time.Duration
	// PerWebhook is how many attempts run at once per receiver to start
	// with and after any failure (2); each success allows one more, up to
	// MaxPerWebhook (8); Concurrency bounds them overall (16). A receiver
	// that never answered holds at most PerWebhook slots, and one that
	// stops answering at most MaxPerWebhook, so the others keep theirs.
	PerWebhook    int
	MaxPerWebhook int
	Concurrency   int
	// PollInterval is the longest the worker sleeps without a wake-up (5 s).
	PollInterval time.Duration
	// DisableAfter disables a webhook failing every attempt for longer (72 h).
	DisableAfter time.Duration
	// KeepFor is how long delivered and failed rows stay (30 days), pruned
	// every PruneEvery (1 h).
	KeepFor    time.Duration
	PruneEvery time.Duration
	// APIAddr is wasync's own API address, never a webhook target.
	APIAddr string
	// Resolve replaces DNS (tests); nil uses the system resolver.
	Resolve Resolver
	// Jitter returns a number in [0, 1) (math/rand/v2 by default).
	Jitter func() float64
	Log    *slog.Logger
}

func (o *Options) defaults() {
	set := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	set(&o.Timeout, 15*time.Second)
	set(&o.PollInterval, 5*time.Second)
	set(&o.DisableAfter, 72*time.Hour)
	set(&o.KeepFor, 30*24*time.Hour)
	set(&o.PruneEvery, time.Hour)
	if o.PerWebhook <= 0 {
		o.PerWebhook = 2
	}
	if o.MaxPerWebhook <= 0 {
		o.MaxPerWebhook = 8
	}
	o.MaxPerWebhook = max(o.MaxPerWebhook, o.PerWebhook)
	if o.Concurrency <= 0 {
		o.Concurrency = 16
	}
	if o.Jitter == nil {
		o.Jitter = mrand.Float64
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	o.Log = o.Log.With("module", "webhook")
}

// Worker delivers the outbox's due rows. Rows are the truth: a row changes
// only when its attempt has an outcome, and what is in flight is known
// only here, so a row in flight at a crash is simply pending and due after
// the restart (at-least-once). One worker per database: the data folder's
// lock already allows only one process.
type Worker struct {
	store  Store
	opts   Options
	policy policy
	client *http.Client
	rec    recorder
	wake   chan struct{}
	freed  chan struct{}

	wg sync.WaitGroup

	// stale asks the next round to reload the webhooks (Wake sets it).
	stale atomic.Bool

	// mu is held for a whole dispatch round, reads included, and a row's
	// claim is dropped only after its outcome is committed: so a round
	// never sees a row as pending and unclaimed when it is in fact done.
	mu        sync.Mutex
	targets   []domain.WebhookTarget // enabled webhooks, reloaded on Wake or every second
	loadedAt  time.Time
	queued    map[string][]domain.DeliveryJob // due rows fetched ahead, per webhook
	claimed   map[string]bool                 // delivery ids queued, in flight or being recorded
	claims    map[string]int                  // claimed rows per webhook
	inflight  map[string]int                  // attempts in flight per webhook
	window    map[string]int                  // attempts allowed in flight per webhook, above PerWebhook
	total     int                             // attempts in flight
	recording int                             // outcomes being committed
	paused    map[string]time.Time            // Retry-After per receiver
	turn      int                             // round-robin start among webhooks
}

// New builds a worker over st.
func New(st Store, opts Options) *Worker {
	opts.defaults()
	w := &Worker{
		store:    st,
		opts:     opts,
		policy:   policy{timeout: opts.Timeout, disableAfter: opts.DisableAfter, jitter: opts.Jitter},
		client:   newClient(opts.Timeout, ParseSelf(opts.APIAddr), opts.Resolve),
		wake:     make(chan struct{}, 1),
		freed:    make(chan struct{}, 1),
		queued:   map[string][]domain.DeliveryJob{},
		claimed:  map[string]bool{},
		claims:   map[string]int{},
		inflight: map[string]int{},
		window:   map[string]int{},
		paused:   map[string]time.Time{},
	}
	w.rec.commit = st.RecordWebhookAttempts
	w.rec.linger, w.rec.expecting, w.rec.full = recordLinger, w.sending, make(chan struct{}, 1)
	return w
}

// probeHold keeps a test ping's row from the worker while Test sends it.
func (w *Worker) probeHold() time.Duration { return w.opts.Timeout + 30*time.Second }

// Wake tells the worker that rows may be due or webhooks changed; it
// never blocks.
func (w *Worker) Wake() {
	w.stale.Store(true)
	signal(w.wake)
}

func signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// Run delivers until ctx ends, then waits for attempts in flight (which
// ctx cancels; their rows stay pending and are sent again on restart).
func (w *Worker) Run(ctx context.Context) {
	defer w.wg.Wait()
	nextPrune := w.opts.Now()
	for {
		now := w.opts.Now()
		if !now.Before(nextPrune) {
			w.prune(ctx, now)
			nextPrune = now.Add(w.opts.PruneEvery)
		}
		wait, err := w.dispatch(ctx)
		if err != nil && ctx.Err() == nil {
			w.opts.Log.Error("webhook dispatch", "err", err)
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-w.wake:
		case <-w.freed:
		case <-timer.C:
		}
		timer.Stop()
	}
}

// Flush delivers every delivery due now and waits until they are recorded,
// repeating while more come due; tests drive the worker with it and a fake
// clock instead of Run and sleeps.
func (w *Worker) Flush(ctx context.Context) error {
	for {
		started, err := w.dispatchCount(ctx)
		if err != nil {
			return err
		}
		if started == 0 && w.idle() {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-w.freed:
		}
	}
}

// sending reports attempts in flight, whose outcomes a commit may wait
// for.
func (w *Worker) sending() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.total > 0
}

func (w *Worker) idle() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.total == 0 && w.recording == 0
}

func (w *Worker) prune(ctx context.Context, now time.Time) {
	n, err := w.store.PruneWebhookDeliveries(ctx, now.Add(-w.opts.KeepFor))
	if err != nil {
		if ctx.Err() == nil {
			w.opts.Log.Error("prune webhook deliveries", "err", err)
		}
		return
	}
	if n > 0 {
		w.opts.Log.Info("pruned old webhook deliveries", "rows", n)
	}
}

// Test sends ev (a test.ping) to one webhook now, whatever its state or
// subscriptions, records it in the delivery log (never retried, the
// webhook's health untouched) and reports what the receiver answered.
func (w *Worker) Test(ctx context.Context, webhookID string, ev domain.Event) (domain.WebhookTestResult, error) {
	t, err := w.store.WebhookTarget(ctx, webhookID)
	if err != nil {
		return domain.WebhookTestResult{}, err
	}
	oe, err := domain.OutboxEventOf(ev)
	if err != nil {
		return domain.WebhookTestResult{}, err
	}
	now := w.opts.Now()
	j, err := w.store.InsertProbeDelivery(ctx, t.ID, NewID("dlv_"), oe, now.Add(w.probeHold()))
	if err != nil {
		return domain.WebhookTestResult{}, err
	}
	r := w.send(ctx, t, j, now)
	o := w.policy.classify(now, j, r).attempt
	if o.Status != domain.DeliveryDelivered {
		o.Status = domain.DeliveryFailed
	}
	o.Probe, o.DisableReason = true, ""
	if err := w.rec.record(context.WithoutCancel(ctx), o); err != nil {
		return domain.WebhookTestResult{}, err
	}
	return domain.WebhookTestResult{
		WebhookID: t.ID, DeliveryID: j.ID, EventID: j.EventID,
		Delivered: o.Status == domain.DeliveryDelivered, ResponseStatus: o.StatusCode,
		ResponseBody: o.Response, DurationMS: o.Duration.Milliseconds(), Error: o.Error,
	}, nil
}

// NewID returns prefix followed by 16 random bytes in hex.
func NewID(prefix string) string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return prefix + hex.EncodeToString(b[:])
}
