package webhook

import (
	"context"
	"time"

	"github.com/wasync/wasync/backend/domain"
)

// Dispatch tuning.
const (
	// prefetch is how many due rows of one webhook a round reads ahead, so
	// steady traffic costs one query per batch rather than per delivery.
	prefetch = 64
	// targetsTTL bounds how long the webhook list is reused between rounds.
	targetsTTL = time.Second
	// recordLinger is the longest an outcome's commit waits for others'
	// (see recorder).
	recordLinger = 5 * time.Millisecond
	// recordRetry holds a webhook back after its outcome failed to commit.
	recordRetry = 5 * time.Second
)

// dispatch starts attempts for due rows and says how long to sleep: until
// the next row is due, at most PollInterval (a finished attempt or Wake
// ends the sleep sooner).
func (w *Worker) dispatch(ctx context.Context) (time.Duration, error) {
	wait := w.opts.PollInterval
	started, err := w.dispatchCount(ctx)
	if err != nil || started > 0 {
		return wait, err
	}
	next, ok, err := w.store.NextWebhookDelivery(ctx)
	if now := w.opts.Now(); err == nil && ok && next.After(now) {
		wait = min(wait, next.Sub(now))
	}
	return wait, err
}

// dispatchCount starts attempts for due rows: per enabled webhook as many
// as it has free slots (see slots; none while it asked, with Retry-After,
// to be left alone), within the overall limit, starting from a rotating
// webhook so every receiver gets its turn.
func (w *Worker) dispatchCount(ctx context.Context) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.loadTargets(ctx); err != nil {
		return 0, err
	}
	free := w.opts.Concurrency - w.total
	now := w.opts.Now()
	w.turn++
	started := 0
	for i := 0; i < len(w.targets) && free > 0; i++ {
		t := w.targets[(w.turn+i)%len(w.targets)]
		if until, ok := w.paused[t.ID]; ok {
			if now.Before(until) {
				continue
			}
			delete(w.paused, t.ID)
		}
		n := min(w.slots(t.ID)-w.inflight[t.ID], free)
		if n <= 0 {
			continue
		}
		if len(w.queued[t.ID]) < n {
			if err := w.refill(ctx, t.ID, now); err != nil {
				return started, err
			}
		}
		q := w.queued[t.ID]
		k := min(n, len(q))
		for _, j := range q[:k] {
			w.inflight[t.ID]++
			w.total++
			w.wg.Add(1)
			go w.deliver(ctx, t, j)
		}
		w.queued[t.ID] = q[k:]
		free, started = free-k, started+k
	}
	return started, nil
}

// loadTargets reloads the enabled webhooks when Wake asked for it or the
// list is older than targetsTTL, dropping what was queued for webhooks no
// longer enabled.
func (w *Worker) loadTargets(ctx context.Context) error {
	if !w.stale.Swap(false) && time.Since(w.loadedAt) < targetsTTL && w.targets != nil {
		return nil
	}
	targets, err := w.store.WebhookTargets(ctx, true)
	if err != nil {
		w.stale.Store(true)
		return err
	}
	w.targets, w.loadedAt = targets, time.Now()
	enabled := make(map[string]bool, len(targets))
	for _, t := range targets {
		enabled[t.ID] = true
	}
	for id := range w.window {
		if !enabled[id] {
			delete(w.window, id)
		}
	}
	for id, q := range w.queued {
		if enabled[id] {
			continue
		}
		for _, j := range q {
			w.unclaim(j)
		}
		delete(w.queued, id)
	}
	return nil
}

// refill reads due rows of one webhook that are not claimed yet into its
// queue, one query for a batch. Claimed rows (queued, in flight, or with
// their outcome being committed) are still pending in the table, so it
// asks for enough to see past them, and the store leaves them out.
func (w *Worker) refill(ctx context.Context, webhookID string, now time.Time) error {
	limit := prefetch + w.claims[webhookID]
	jobs, err := w.store.DueWebhookDeliveriesExcept(ctx, webhookID, now, limit, w.isClaimed)
	if err != nil {
		return err
	}
	for _, j := range jobs {
		w.claim(j)
		w.queued[webhookID] = append(w.queued[webhookID], j)
	}
	return nil
}

// deliver makes one attempt and records it. The receiver's slot is freed
// as soon as the answer is in, so the next attempt overlaps this one's
// commit (and commits group up); the row stays claimed until its outcome
// is committed. An attempt cut short by shutdown is not recorded: its row
// stays pending and is sent again.
func (w *Worker) deliver(ctx context.Context, t domain.WebhookTarget, j domain.DeliveryJob) {
	defer w.wg.Done()
	now := w.opts.Now()
	r := w.send(ctx, t, j, now)
	keep := ctx.Err() == nil
	var o outcome
	if keep {
		o = w.policy.classify(now, j, r)
	}
	w.mu.Lock()
	w.inflight[j.WebhookID]--
	if w.inflight[j.WebhookID] <= 0 {
		delete(w.inflight, j.WebhookID)
	}
	w.total--
	w.adapt(j.WebhookID, o.attempt.Status == domain.DeliveryDelivered)
	if o.pauseUntil.After(w.paused[j.WebhookID]) {
		w.paused[j.WebhookID] = o.pauseUntil
	}
	if keep {
		w.recording++
	} else {
		w.unclaim(j)
	}
	w.mu.Unlock()
	signal(w.freed)
	if !keep {
		return
	}
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	err := w.rec.record(rctx, o.attempt)
	cancel()
	if o.attempt.Status != domain.DeliveryDelivered {
		w.stale.Store(true) // the webhook may have been disabled
	}
	w.mu.Lock()
	if err != nil {
		// The row is still due: hold its webhook back rather than resend
		// in a loop while the database fails.
		w.opts.Log.Error("record webhook delivery", "delivery", j.ID, "err", err)
		w.paused[j.WebhookID] = w.opts.Now().Add(recordRetry)
	}
	w.unclaim(j)
	w.recording--
	w.mu.Unlock()
	signal(w.freed)
}
