package webhook

import (
	"context"
	"sync"
	"time"

	"github.com/wasync/wasync/backend/domain"
)

// recorder group-commits attempt outcomes: the first caller to find no
// commit running writes everything queued so far in one transaction, and
// keeps going while more arrives; the others wait for their batch. While
// other attempts are still in flight it first lingers (at most linger, or
// until maxBatch outcomes wait), since their outcomes are about to follow:
// under load a commit then carries dozens of outcomes instead of two or
// three. Nothing waits on the linger but the rows' claims: receivers' slots
// are freed before recording, and a crash meanwhile leaves the rows pending
// (sent again: at-least-once).
type recorder struct {
	commit func(ctx context.Context, batch []domain.DeliveryAttempt) error
	// linger is how long a commit waits for more outcomes; expecting says
	// whether any may come (attempts in flight).
	linger    time.Duration
	expecting func() bool

	mu      sync.Mutex
	pending []recordItem
	busy    bool
	full    chan struct{} // maxBatch outcomes wait: stop lingering
}

type recordItem struct {
	attempt domain.DeliveryAttempt
	done    chan error
}

// maxBatch bounds one commit.
const maxBatch = 512

// record stores a and returns once it is committed (or failed to be).
func (r *recorder) record(ctx context.Context, a domain.DeliveryAttempt) error {
	done := make(chan error, 1)
	r.mu.Lock()
	r.pending = append(r.pending, recordItem{attempt: a, done: done})
	if r.busy {
		if len(r.pending) >= maxBatch {
			signal(r.full)
		}
		r.mu.Unlock()
		return <-done
	}
	r.busy = true
	for len(r.pending) > 0 {
		if len(r.pending) < maxBatch && r.linger > 0 && r.expecting != nil && r.expecting() {
			r.mu.Unlock()
			r.wait()
			r.mu.Lock()
		}
		n := min(len(r.pending), maxBatch)
		batch := r.pending[:n:n]
		r.pending = r.pending[n:]
		r.mu.Unlock()
		attempts := make([]domain.DeliveryAttempt, len(batch))
		for i, it := range batch {
			attempts[i] = it.attempt
		}
		err := r.commit(ctx, attempts)
		for _, it := range batch {
			it.done <- err
		}
		r.mu.Lock()
	}
	r.busy = false
	r.mu.Unlock()
	return <-done
}

// wait lingers until linger passes or a full batch waits.
func (r *recorder) wait() {
	t := time.NewTimer(r.linger)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.full:
	}
}
