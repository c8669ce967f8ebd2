package pipe

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Cores bounds how many goroutines compute at once for the work that shares it (ADR 0424).
// An import into SQLite has one goroutine that must never wait for a core — the single
// writer — and several that feed it (converting rows, the name engine's keys, copying the
// WAL into the database): Go's scheduler shares the cores fairly among all of them, so with
// two cores the writer waited for one a sixth of the time. The feeding work shares a Cores
// of GOMAXPROCS-1 instead, and leaves the writer a core of its own.
type Cores struct{ sem chan struct{} }

// NewCores returns a Cores of n cores (at least one).
func NewCores(n int) *Cores { return &Cores{sem: make(chan struct{}, max(1, n))} }

// Do runs fn on one of c's cores, waiting for one to be free. A nil Cores runs fn at once.
func (c *Cores) Do(fn func()) {
	if c == nil {
		fn()
		return
	}
	c.sem <- struct{}{}
	defer func() { <-c.sem }()
	fn()
}

// workers is how many goroutines a pipeline on c runs: as many as c lends, or GOMAXPROCS.
func (c *Cores) workers() int {
	if c == nil {
		return runtime.GOMAXPROCS(0)
	}
	return cap(c.sem)
}

// eachGroup is the most items of Each a worker runs per turn on a core: a turn is long
// enough that taking the core costs nothing against it (~1 ms of name keys), short enough
// that other work sharing the Cores waits little.
const eachGroup = 64

// Each runs fn(0) … fn(n-1) on c's cores and returns when all have run: as many workers as
// c lends (GOMAXPROCS for a nil Cores), each taking the next group of indexes until none is
// left and holding a core for a group. Groups are small enough that every worker gets
// several; with one worker, or fewer than 64 items, all run in the caller's goroutine.
func (c *Cores) Each(n int, fn func(i int)) {
	workers := c.workers()
	if n < 64 {
		workers = 1
	}
	group := max(1, min(eachGroup, n/(4*workers)))
	var next atomic.Int64
	work := func() {
		for {
			g := int(next.Add(int64(group))) - group
			if g >= n {
				return
			}
			c.Do(func() {
				for i := g; i < min(g+group, n); i++ {
					fn(i)
				}
			})
		}
	}
	if workers == 1 {
		work()
		return
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Go(work)
	}
	wg.Wait()
}
