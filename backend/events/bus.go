// Package events is the in-process event bus that feeds the window, the
// browser UI and GET /events. Delivery to a subscriber is best effort: a slow
// subscriber loses events rather than slowing the publisher. Anything that
// must not be lost (webhook deliveries) goes through the store instead.
package events

import (
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"

	"github.com/wasync/wasync/backend/domain"
)

// Bus fans events out to subscribers.
type Bus struct {
	mu      sync.Mutex
	subs    map[int]chan domain.Event
	next    int
	now     func() time.Time
	dropped int
}

// New returns an empty bus using now for event timestamps.
func New(now func() time.Time) *Bus {
	if now == nil {
		now = time.Now
	}
	return &Bus{subs: map[int]chan domain.Event{}, now: now}
}

// NewEvent stamps an event of type typ with a fresh id and the bus's clock.
func (b *Bus) NewEvent(typ string, data any) domain.Event {
	return domain.Event{ID: NewID("evt_"), EventType: typ, Timestamp: b.now().UTC(), Data: data}
}

// Publish hands ev to every subscriber that has room for it.
func (b *Bus) Publish(ev domain.Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, ch := range b.subs {
		select {
		case ch <- ev:
		default:
			b.dropped++
		}
	}
}

// Emit builds and publishes an event in one call.
func (b *Bus) Emit(typ string, data any) domain.Event {
	ev := b.NewEvent(typ, data)
	b.Publish(ev)
	return ev
}

// Subscribe returns a channel of events buffered to buf and a cancel func
// that closes it. Cancel is safe to call more than once.
func (b *Bus) Subscribe(buf int) (<-chan domain.Event, func()) {
	ch := make(chan domain.Event, buf)
	b.mu.Lock()
	id := b.next
	b.next++
	b.subs[id] = ch
	b.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			b.mu.Lock()
			delete(b.subs, id)
			b.mu.Unlock()
			close(ch)
		})
	}
}

// Dropped counts events lost to full subscribers since start.
func (b *Bus) Dropped() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.dropped
}

// NewID returns prefix followed by 16 random bytes in hex.
func NewID(prefix string) string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return prefix + hex.EncodeToString(b[:])
}
