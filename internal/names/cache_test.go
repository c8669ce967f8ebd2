package names

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"strings"
	"sync"
	"testing"
)

// engineOutputs writes everything the engine says about some names and records, for
// comparing runs with and without the caches.
func engineOutputs(ns []string) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		js, _ := json.Marshal(Analyze(n)) // an Analysis always marshals
		var b bytes.Buffer
		dumpPrepared(&b, Prepare(Record{Name: n, Forms: []string{strings.ToUpper(n)}, BirthYear: 1970}))
		out[i] = fmt.Sprintf("%s %q %s", js, Keys(n), b.String())
	}
	return out
}

// sampleNames is every 20th name of the golden sample (about 5,000 in every script).
func sampleNames(t *testing.T) []string {
	var ns []string
	for i, n := range goldenNames(t) {
		if i%20 == 0 {
			ns = append(ns, n)
		}
	}
	return ns
}

func uncachedOutputs(t *testing.T, ns []string) []string {
	cachesOff = true
	defer func() { cachesOff = false }()
	return engineOutputs(ns)
}

// TestCachesConcurrent reads the same names on four goroutines at once (run it with -race)
// and checks every output against the engine without caches.
func TestCachesConcurrent(t *testing.T) {
	ns := sampleNames(t)
	want := uncachedOutputs(t, ns)
	var wg sync.WaitGroup
	errs := make(chan string, 4)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for k := range ns {
				i := (k*7 + g*1013) % len(ns) // each goroutine in another order
				if got := engineOutputs(ns[i : i+1])[0]; got != want[i] {
					errs <- fmt.Sprintf("goroutine %d, %q:\n got  %s\n want %s", g, ns[i], got, want[i])
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestTinyCachesSameResults runs the sample through caches of one entry per shard and
// generation, so that entries are evicted and promoted all the time, and checks every
// output against the engine without caches.
func TestTinyCachesSameResults(t *testing.T) {
	ns := sampleNames(t)
	want := uncachedOutputs(t, ns)
	tc, cc := tokenCache, ctokenCache
	defer func() { tokenCache, ctokenCache = tc, cc }()
	tokenCache = newBoundedCache[tokenKey, Token](cacheShards, tc.hash)
	ctokenCache = newBoundedCache[ctokenKey, ctoken](cacheShards, cc.hash)
	for pass := 0; pass < 2; pass++ {
		got := engineOutputs(ns)
		for i := range ns {
			if got[i] != want[i] {
				t.Fatalf("pass %d, %q:\n got  %s\n want %s", pass, ns[i], got[i], want[i])
			}
		}
	}
	if n := tokenCache.len(); n > 2*cacheShards {
		t.Errorf("token cache holds %d entries, bound %d", n, 2*cacheShards)
	}
}

// TestBoundedCache checks the two-generation bound and promotion.
func TestBoundedCache(t *testing.T) {
	c := newBoundedCache[string, int](cacheShards*4, func(s maphash.Seed, k string) uint64 { return maphash.String(s, k) })
	for i := 0; i < 10000; i++ {
		k := fmt.Sprint(i)
		c.put(k, i)
		if v, ok := c.get(k); !ok || v != i {
			t.Fatalf("get(%s) = %d, %v right after put", k, v, ok)
		}
		if v, ok := c.get("0"); ok && v != 0 {
			t.Fatalf("get(0) = %d", v)
		}
	}
	if n := c.len(); n > 2*cacheShards*4 {
		t.Errorf("%d entries, bound %d", n, 2*cacheShards*4)
	}
	if _, ok := c.get("0"); !ok {
		t.Error("an entry read all the time was evicted")
	}
	if _, ok := c.get("1"); ok {
		t.Error("an entry never read again survived 10,000 others")
	}
}

// TestBoundedCacheCollisions gives every key the same hash: the cache must tell them apart
// (a miss, never another key's value).
func TestBoundedCacheCollisions(t *testing.T) {
	c := newBoundedCache[string, int](cacheShards*4, func(maphash.Seed, string) uint64 { return 7 })
	for i := 0; i < 1000; i++ {
		k := fmt.Sprint(i)
		c.put(k, i)
		if v, ok := c.get(k); !ok || v != i {
			t.Fatalf("get(%s) = %d, %v right after put", k, v, ok)
		}
		if i > 0 {
			if v, ok := c.get(fmt.Sprint(i - 1)); ok {
				t.Fatalf("get(%d) = %d: another key's entry", i-1, v)
			}
		}
	}
}
