package history

import (
	"context"
	"fmt"
	"time"

	"github.com/wasync/wasync/backend/domain"
)

// maxBackoff caps the default wait between two attempts of a notification.
const maxBackoff = time.Hour

// defaultBackoff waits 30 s after the first failed attempt, doubling after
// each further one, never more than an hour.
func defaultBackoff(attempt int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < attempt && d < maxBackoff; i++ {
		d *= 2
	}
	return min(d, maxBackoff)
}

// drain stores every notification that is due, in arrival order; one that
// fails is counted and set aside (backoff or failed) and the ones behind it
// go ahead. It reports whether it stopped because the blobs must wait for a
// connection.
func (p *Processor) drain(ctx context.Context) (notReady bool) {
	for ctx.Err() == nil {
		ready, err := p.store.ReadyHistoryNotifications(ctx, p.opts.Now().Unix(), 16)
		if err != nil {
			p.log.Error("list pending history", "err", err)
			return true
		}
		if len(ready) == 0 {
			return false
		}
		for _, n := range ready {
			if !p.process(ctx, n) {
				return true
			}
		}
	}
	return false
}

// nextDue says how long until the loop should look again without being
// woken: RetryEvery while waiting for a connection, else until the
// earliest notification's backoff ends; false when nothing is pending.
func (p *Processor) nextDue(ctx context.Context, notReady bool) (time.Duration, bool) {
	if notReady {
		return p.opts.RetryEvery, true
	}
	at, ok, err := p.store.NextHistoryAttempt(ctx)
	if err != nil {
		p.log.Error("next history attempt", "err", err)
		return p.opts.RetryEvery, true
	}
	if !ok {
		return 0, false
	}
	// The store keeps seconds: a due time in this second waits a second.
	return max(time.Second, time.Unix(at, 0).Sub(p.opts.Now())), true
}

// process handles one notification; false means "stop for now".
func (p *Processor) process(ctx context.Context, n domain.QueuedNotification) bool {
	chunk, err := p.dec.DecodeHistory(ctx, n.Raw)
	if err != nil {
		return p.attemptFailed(ctx, n, err)
	}
	if chunk.SyncType == "" {
		chunk.SyncType = n.SyncType
	}
	if chunk.SessionID == "" {
		chunk.SessionID = n.SessionID
	}
	chunk.StampState(n.ReceivedAt)
	st := &stager{pub: p.pub}
	res, err := p.store.ApplyHistoryAnnounced(ctx, n.ID, chunk, func(res domain.IngestResult) ([]domain.OutboxEvent, error) {
		st.events = nil
		return st.stage(domain.EventHistorySync, map[string]any{
			"sync_type": chunk.SyncType, "chunk_order": chunk.ChunkOrder, "progress": chunk.Progress,
			"conversations": res.Chats, "messages": res.Messages, "new_messages": res.NewMessages,
			"unsupported": res.Unsupported,
		})
	})
	if err != nil {
		// A chunk the store refuses must not wedge the queue either.
		return p.attemptFailed(ctx, n, fmt.Errorf("store history chunk: %w", err))
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

// attemptFailed classifies a failed attempt: not connected waits without
// counting (false: stop for now); gone fails the notification at once;
// anything else counts an attempt and backs off, until MaxAttempts makes
// it fail.
func (p *Processor) attemptFailed(ctx context.Context, n domain.QueuedNotification, err error) bool {
	switch {
	case ctx.Err() != nil:
		return false
	case p.opts.IsNotReady(err):
		p.log.Info("history blob must wait for a connection", "id", n.ID, "type", n.SyncType, "err", err)
		return false
	case p.opts.IsGone(err):
		return p.fail(ctx, n, err.Error())
	}
	attempts := n.Attempts + 1
	if attempts >= p.opts.MaxAttempts {
		return p.fail(ctx, n, fmt.Sprintf("gave up after %d attempts: %v", attempts, err))
	}
	if !p.opts.IsRetryLater(err) {
		p.log.Warn("unclassified history error; counting it as retry-later", "id", n.ID, "err", err)
	}
	wait := p.opts.Backoff(attempts)
	// Seconds in the store: round up, never retry early.
	next := (p.opts.Now().Add(wait).UnixMilli() + 999) / 1000
	if derr := p.store.DeferHistoryNotification(ctx, n.ID, attempts, next, err.Error()); derr != nil {
		p.log.Error("record history attempt", "id", n.ID, "err", derr)
		return false
	}
	p.log.Info("history blob will be retried", "id", n.ID, "attempt", attempts, "in", wait, "err", err)
	return true
}

// fail ends a notification failed, keeping its raw notification, and tells
// live listeners.
func (p *Processor) fail(ctx context.Context, n domain.QueuedNotification, reason string) bool {
	p.log.Warn("history notification failed; kept for a retry", "id", n.ID, "type", n.SyncType, "reason", reason)
	if err := p.store.FailHistoryNotification(ctx, n.ID, reason); err != nil {
		p.log.Error("mark history notification failed", "id", n.ID, "err", err)
		return false
	}
	p.pub.Emit(domain.EventHistorySync, map[string]any{
		"sync_type": n.SyncType, "chunk_order": n.ChunkOrder, "error": reason,
		"notification_id": n.ID, "status": domain.NotificationFailed, "attempts": n.Attempts + 1,
	})
	return true
}
