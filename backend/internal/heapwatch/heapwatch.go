// Package heapwatch measures the peak heap while a function runs, for the
// benchmarks' memory figures. It imports only the standard library.
package heapwatch

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Peak runs fn and returns the highest HeapInuse seen meanwhile, sampled
// every 5 ms.
func Peak(fn func()) uint64 {
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	fn()
	close(stop)
	wg.Wait()
	return peak.Load()
}
