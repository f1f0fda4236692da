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

// ReplayWindow is how many recent events the bus keeps for a reconnecting
// GET /events client (Last-Event-ID); older ones are gone.
const ReplayWindow = 512

// Bus fans events out to subscribers and keeps the last ReplayWindow
// events in a ring, in memory only.
type Bus struct {
	mu      sync.Mutex
	subs    map[int]chan domain.Event
	next    int
	now     func() time.Time
	dropped int
	ring    []domain.Event // oldest first, at most ReplayWindow
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
	if len(b.ring) == ReplayWindow {
		copy(b.ring, b.ring[1:])
		b.ring = b.ring[:ReplayWindow-1]
	}
	b.ring = append(b.ring, ev)
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
	_, ch, cancel, _ := b.SubscribeAfter("", buf)
	return ch, cancel
}

// SubscribeAfter subscribes like Subscribe and also returns the kept
// events published after the one with id lastID, taken under the same lock
// as the subscription: nothing falls between the two. found is false when
// lastID is set but no longer kept (more than ReplayWindow events ago, or
// before a restart); then missed is every kept event.
func (b *Bus) SubscribeAfter(lastID string, buf int) (missed []domain.Event, ch <-chan domain.Event, cancel func(), found bool) {
	c := make(chan domain.Event, buf)
	b.mu.Lock()
	found = lastID == ""
	if lastID != "" {
		start := 0
		for i := len(b.ring) - 1; i >= 0; i-- {
			if b.ring[i].ID == lastID {
				start, found = i+1, true
				break
			}
		}
		missed = append(missed, b.ring[start:]...)
	}
	id := b.next
	b.next++
	b.subs[id] = c
	b.mu.Unlock()
	var once sync.Once
	return missed, c, func() {
		once.Do(func() {
			b.mu.Lock()
			delete(b.subs, id)
			b.mu.Unlock()
			close(c)
		})
	}, found
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
