package pipe

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// busy counts the goroutines inside work at once and keeps the highest count seen.
type busy struct{ now, most atomic.Int32 }

func (b *busy) work() {
	n := b.now.Add(1)
	for {
		m := b.most.Load()
		if n <= m || b.most.CompareAndSwap(m, n) {
			break
		}
	}
	// Long enough for the other workers to try to run alongside.
	time.Sleep(50 * time.Microsecond)
	b.now.Add(-1)
}

// Cores.Each runs every index once, a nil Cores too, and never more at once than the Cores
// lends (with more goroutines than that asking: GOMAXPROCS is raised for the test).
func TestCoresEach(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(8))
	for _, c := range []*Cores{nil, NewCores(0), NewCores(1), NewCores(3)} {
		for _, n := range []int{0, 1, 63, 64, 65, 1000, 4099} {
			seen := make([]int32, n)
			var b busy
			c.Each(n, func(i int) {
				atomic.AddInt32(&seen[i], 1)
				if i%16 == 0 {
					b.work()
				}
			})
			for i, k := range seen {
				if k != 1 {
					t.Fatalf("cores %v, n=%d: index %d ran %d times", c.workers(), n, i, k)
				}
			}
			if c != nil && int(b.most.Load()) > cap(c.sem) {
				t.Errorf("n=%d: %d at once on %d cores", n, b.most.Load(), cap(c.sem))
			}
		}
	}
}

// Work sharing one Cores — an Each, an OrderedOn and plain Do calls running together, as an
// import's row conversion, name keys and checkpoints do — never runs on more goroutines at
// once than it lends, and OrderedOn keeps read order.
func TestCoresShared(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(8))
	for _, lend := range []int{1, 2} {
		c := NewCores(lend)
		var b busy
		done := make(chan struct{})
		go func() {
			defer close(done)
			c.Each(2000, func(i int) {
				if i%8 == 0 {
					b.work()
				}
			})
		}()
		go func() {
			for range 200 {
				c.Do(b.work)
			}
		}()
		const n = 5000
		var got []int
		err := OrderedOn(c, 50, func(add func(int) bool) error {
			for i := range n {
				if !add(i) {
					return nil
				}
			}
			return nil
		}, func(items []int) {
			b.work()
			for i := range items {
				items[i] += 1
			}
		}, func(items []int) error {
			got = append(got, items...)
			return nil
		})
		<-done
		if err != nil || len(got) != n {
			t.Fatalf("got %d items, err %v", len(got), err)
		}
		for i, v := range got {
			if v != i+1 {
				t.Fatalf("item %d is %d", i, v)
			}
		}
		if m := b.most.Load(); int(m) > lend {
			t.Errorf("%d at once on %d cores", m, lend)
		}
		if m := b.most.Load(); m < 1 {
			t.Errorf("no work was seen")
		}
	}
}
