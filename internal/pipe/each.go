package pipe

// Each runs fn(0) … fn(n-1) on all cores, each core taking groups of indexes in turn
// (Cores.Each without a bound), and returns when all have run. Fewer than 64 items run in
// one goroutine.
func Each(n int, fn func(i int)) { (*Cores)(nil).Each(n, fn) }
