package pipe

import (
	"runtime"
	"sync"
)

// Each runs fn(0) … fn(n-1) on all cores, each core taking every GOMAXPROCS-th index, and
// returns when all have run. Fewer than 64 items run in the caller's goroutine.
func Each(n int, fn func(i int)) {
	workers := runtime.GOMAXPROCS(0)
	if n < 64 {
		workers = 1
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				fn(i)
			}
		}()
	}
	wg.Wait()
}
