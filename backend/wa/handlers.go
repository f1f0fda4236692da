package wa

import (
	"context"
	"sync"
	"time"

	"go.mau.fi/whatsmeow"
)

// handlerTimeout bounds one event handler's store write. The write does not
// end when the client's context is cancelled (a decrypted message must not
// be lost to a shutdown), only when this much time has passed.
const handlerTimeout = 30 * time.Second

// handlers counts running event handlers and refuses new ones once closed.
// App-state events are refused only once finished: whatsmeow never hands
// them over again, so while the client closes they are still stored (or
// marked for a full re-fetch). The zero value is open.
type handlers struct {
	mu       sync.Mutex
	closed   bool
	finished bool
	wg       sync.WaitGroup // handlers entered with enter
	late     sync.WaitGroup // handlers entered with enterLate
}

// enter registers a handler and returns the func that ends it; false means
// the client is closing and the event must be refused (not acknowledged)
// instead.
func (h *handlers) enter() (func(), bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, false
	}
	h.wg.Add(1)
	return h.wg.Done, true
}

// enterLate is enter for an event that is never delivered again: it is
// refused only after finish.
func (h *handlers) enterLate() (func(), bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.finished {
		return nil, false
	}
	h.late.Add(1)
	return h.late.Done, true
}

// close refuses new handlers (but those entered late) and waits for the
// running ones entered with enter.
func (h *handlers) close() {
	h.mu.Lock()
	h.closed = true
	h.mu.Unlock()
	h.wg.Wait()
}

// finish refuses every handler and waits for the running ones.
func (h *handlers) finish() {
	h.mu.Lock()
	h.closed, h.finished = true, true
	h.mu.Unlock()
	h.wg.Wait()
	h.late.Wait()
}

// dispatch runs handle for one whatsmeow event, tracked so that Close waits
// for it. After Close it refuses the event, so that whatsmeow does not
// acknowledge it and the server delivers it again later. App-state events
// are not delivered again, so they are handled until Close has disconnected.
func (c *Client) dispatch(cli *whatsmeow.Client, evt any) bool {
	enter := c.inflight.enter
	if isAppState(evt) {
		enter = c.inflight.enterLate
	}
	leave, ok := enter()
	if !ok {
		return false
	}
	defer leave()
	return c.handle(cli, evt)
}

// storeCtx is the context for one handler's store write: it keeps the
// client's values but not its cancellation, and ends after handlerTimeout.
func (c *Client) storeCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(c.ctx), handlerTimeout)
}
