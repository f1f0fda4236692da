package webhook

import (
	"context"
	"sync"

	"github.com/wasync/wasync/backend/domain"
)

// recorder group-commits attempt outcomes: the first caller to find no
// commit running writes everything queued so far in one transaction, and
// keeps going while more arrives; the others wait for their batch. Under
// load this turns thousands of one-row transactions into a few.
type recorder struct {
	commit func(ctx context.Context, batch []domain.DeliveryAttempt) error

	mu      sync.Mutex
	pending []recordItem
	busy    bool
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
		r.mu.Unlock()
		return <-done
	}
	r.busy = true
	for len(r.pending) > 0 {
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
