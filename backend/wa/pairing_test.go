package wa_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/wa/fakewa"
)

// Two link screens (the window and a browser) ask for a code at once: they
// share one pairing, the same code from one whatsmeow client, and scanning
// it links.
func TestConcurrentPairingRequestsShareOneQR(t *testing.T) {
	h := newHarness(t, fakewa.Config{QRRefs: 3})
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			errs[i] = h.cli.StartPairing(c)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("caller %d: %v", i, err)
		}
	}
	s := h.cli.Session()
	if s.State != domain.StateWaitingQR || s.QR == nil {
		t.Fatalf("after both: %+v", s)
	}
	h.sink.mu.Lock()
	qrs := map[string]bool{}
	for i, e := range h.sink.events {
		if e == domain.EventConnectionQR {
			qrs[h.sink.data[i].(map[string]string)["code"]] = true
		}
	}
	h.sink.mu.Unlock()
	if len(qrs) != 1 || !qrs[s.QR.Code] {
		t.Fatalf("codes shown = %v, want the one code of one pairing", qrs)
	}

	// The start timeout of either caller does not end the shared pairing.
	h.clock.Advance(30 * time.Second)
	if s := h.cli.Session(); s.State != domain.StateWaitingQR || s.QR == nil || !qrs[s.QR.Code] {
		t.Fatalf("after 30 s: %+v", s)
	}
	if err := h.phone.ScanQR(ctx(t), s.QR.Code); err != nil {
		t.Fatal(err)
	}
	h.wait(t, "connected", state(domain.StateConnected))
	checkNoLeftovers(t, h)
}

// An attempt whose code expired is over; its timers must not end the next
// attempt, which still links.
func TestAnOldAttemptsTimerDoesNotEndANewOne(t *testing.T) {
	h := newHarness(t, fakewa.Config{QRRefs: 1})
	if err := h.cli.StartPairing(ctx(t)); err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(60 * time.Second)
	h.wait(t, "expired", state(domain.StateLoggedOut))
	if err := h.cli.StartPairing(ctx(t)); err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(30 * time.Second)
	s := h.cli.Session()
	if s.State != domain.StateWaitingQR || s.QR == nil {
		t.Fatalf("the new attempt ended early: %+v", s)
	}
	if err := h.phone.ScanQR(ctx(t), s.QR.Code); err != nil {
		t.Fatal(err)
	}
	h.wait(t, "connected", state(domain.StateConnected))
}
