package webhook

import "github.com/wasync/wasync/backend/domain"

// claim marks j's row as the worker's until unclaim: queued, in flight or
// with its outcome being committed, so no round takes it again. Callers
// hold mu.
func (w *Worker) claim(j domain.DeliveryJob) {
	if !w.claimed[j.ID] {
		w.claimed[j.ID] = true
		w.claims[j.WebhookID]++
	}
}

// unclaim gives j's row back: its outcome is committed, or it was never
// sent and is pending again. Callers hold mu.
func (w *Worker) unclaim(j domain.DeliveryJob) {
	if !w.claimed[j.ID] {
		return
	}
	delete(w.claimed, j.ID)
	if w.claims[j.WebhookID]--; w.claims[j.WebhookID] <= 0 {
		delete(w.claims, j.WebhookID)
	}
}

// isClaimed reports whether the row with delivery id is claimed. Callers
// hold mu.
func (w *Worker) isClaimed(id string) bool { return w.claimed[id] }
