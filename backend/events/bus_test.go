package events

import (
	"testing"
	"time"
)

func TestBusFanOutAndDropForSlowSubscriber(t *testing.T) {
	clock := time.Unix(1_700_000_000, 0)
	b := New(func() time.Time { return clock })
	fast, cancelFast := b.Subscribe(10)
	defer cancelFast()
	slow, cancelSlow := b.Subscribe(1)
	for i := 0; i < 3; i++ {
		b.Emit("test.ping", i)
	}
	if len(fast) != 3 {
		t.Fatalf("fast got %d, want 3", len(fast))
	}
	if len(slow) != 1 || b.Dropped() != 2 {
		t.Fatalf("slow got %d, dropped %d", len(slow), b.Dropped())
	}
	ev := <-fast
	if ev.EventType != "test.ping" || !ev.Timestamp.Equal(clock) || len(ev.ID) != 36 {
		t.Fatalf("event = %+v", ev)
	}
	cancelSlow()
	cancelSlow()
	if _, ok := <-slow; !ok {
		t.Fatal("buffered event lost on cancel")
	}
	if _, ok := <-slow; ok {
		t.Fatal("channel not closed after cancel")
	}
	b.Emit("test.ping", nil) // must not panic on the closed subscriber
}
