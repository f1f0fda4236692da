package webhook

// slots is how many attempts webhookID may have in flight: PerWebhook,
// plus one per success since its last failure, up to MaxPerWebhook. A
// receiver that answers gets a stream over several connections (one at a
// time, a loopback receiver is paced by the round trip, not by the
// worker); one that fails or hangs is held to PerWebhook. Callers hold mu.
func (w *Worker) slots(webhookID string) int {
	return w.opts.PerWebhook + w.window[webhookID]
}

// adapt widens webhookID's window after a success and closes it after a
// failure (or an attempt cut short). Callers hold mu.
func (w *Worker) adapt(webhookID string, delivered bool) {
	if !delivered {
		delete(w.window, webhookID)
		return
	}
	if w.slots(webhookID) < w.opts.MaxPerWebhook {
		w.window[webhookID]++
	}
}
