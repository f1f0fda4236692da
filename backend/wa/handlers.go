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
// The zero value is open.
type handlers struct {
	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

// enter registers a handler; false means the client is closing and the
// event must be refused (not acknowledged) instead.
func (h *handlers) enter() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return false
	}
	h.wg.Add(1)
	return true
}

// leave ends a handler registered by enter.
func (h *handlers) leave() { h.wg.Done() }

// close refuses new handlers and waits for the running ones.
func (h *handlers) close() {
	h.mu.Lock()
	h.closed = true
	h.mu.Unlock()
	h.wg.Wait()
}

// dispatch runs handle for one whatsmeow event, tracked so that Close waits
// for it. After Close it refuses the event, so that whatsmeow does not
// acknowledge it and the server delivers it again later.
func (c *Client) dispatch(cli *whatsmeow.Client, evt any) bool {
	if !c.inflight.enter() {
		return false
	}
	defer c.inflight.leave()
	return c.handle(cli, evt)
}

// storeCtx is the context for one handler's store write: it keeps the
// client's values but not its cancellation, and ends after handlerTimeout.
func (c *Client) storeCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(c.ctx), handlerTimeout)
}
