package transfer

import (
	"fmt"
	"hash/maphash"
	"sync"
	"testing"

	"pgregory.net/rapid"
)

// TestRowTable compares rowTable with a Go map over random hashes, many of them sharing
// their low bits so that probes run long and wrap around the end of the array.
func TestRowTable(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		var tab rowTable
		ref := map[uint64]int32{}
		gen := rapid.OneOf(
			rapid.Uint64(),
			rapid.Uint64Range(0, 300),
			rapid.Custom(func(rt *rapid.T) uint64 { return rapid.Uint64Range(0, 50).Draw(rt, "hi")<<40 | 7 }),
			rapid.Custom(func(rt *rapid.T) uint64 { return ^uint64(0) - rapid.Uint64Range(0, 20).Draw(rt, "top") }),
		)
		n := rapid.IntRange(0, 3000).Draw(rt, "n")
		for row := range n {
			h := gen.Draw(rt, "h")
			first, had := tab.add(h, int32(row))
			wf, wh := ref[h]
			if !wh {
				ref[h], wf = int32(row), int32(row)
			}
			if first != wf || had != wh {
				rt.Fatalf("add(%#x, %d) = %d, %t; want %d, %t", h, row, first, had, wf, wh)
			}
			if q := gen.Draw(rt, "q"); true {
				got, ok := tab.get(q)
				want, wok := ref[q]
				if got != want || ok != wok {
					rt.Fatalf("get(%#x) = %d, %t; want %d, %t", q, got, ok, want, wok)
				}
			}
		}
		if tab.n != len(ref) || tab.n > 0 && tab.n*4 > len(tab.slots)*3 {
			rt.Fatalf("%d keys in %d slots, want %d keys at most 3/4 full", tab.n, len(tab.slots), len(ref))
		}
		for h, want := range ref {
			if got, ok := tab.get(h); !ok || got != want {
				rt.Fatalf("get(%#x) = %d, %t after filling; want %d", h, got, ok, want)
			}
		}
	})
}

// TestKeySet checks see, isFirst and has on keys repeated in a file, and reads from several
// goroutines once the set is filled (as the write pass does; run with -race).
func TestKeySet(t *testing.T) {
	k := newKeySet()
	const n = 20000
	key := func(i int) string { return fmt.Sprintf("synth:%d", i%(n/2)) } // every key twice
	for row := 2; row < n+2; row++ {
		first, dup := k.see(key(row), row)
		if wantDup := row >= n/2+2; dup != wantDup || dup && first != row-n/2 || !dup && first != row {
			t.Fatalf("see(%q, %d) = %d, %t", key(row), row, first, dup)
		}
	}
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for row := 2 + w; row < n+2; row += 3 {
				if got, want := k.isFirst(key(row), row), row < n/2+2; got != want {
					t.Errorf("isFirst(%q, %d) = %t", key(row), row, got)
				}
				if !k.has(key(row)) || k.has(fmt.Sprintf("other:%d", row)) {
					t.Errorf("has is wrong about row %d", row)
				}
			}
		}()
	}
	wg.Wait()
	if k.isFirst("never seen", 7) || k.has("") {
		t.Fatal("an unseen key is known")
	}
}

var benchKeys = func() []string {
	k := make([]string, 1_000_000)
	for i := range k {
		k[i] = fmt.Sprintf("synth:%d", i+1)
	}
	return k
}

// BenchmarkKeySet is the check pass's bookkeeping of a 1M-row file: see every key once.
func BenchmarkKeySet(b *testing.B) {
	keys := benchKeys()
	b.Run("keySet", func(b *testing.B) {
		for b.Loop() {
			k := newKeySet()
			for i, key := range keys {
				k.see(key, i+2)
			}
		}
	})
	b.Run("map", func(b *testing.B) { // the keySet before rowTable
		seed := maphash.MakeSeed()
		for b.Loop() {
			m := map[uint64]int32{}
			for i, key := range keys {
				h := maphash.String(seed, key)
				if _, ok := m[h]; !ok {
					m[h] = int32(i + 2)
				}
			}
		}
	})
	b.Run("rowTable", func(b *testing.B) {
		seed := maphash.MakeSeed()
		for b.Loop() {
			var t rowTable
			for i, key := range keys {
				t.add(maphash.String(seed, key), int32(i+2))
			}
		}
	})
}
