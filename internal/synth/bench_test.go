package synth

import (
	"runtime"
	"testing"

	"github.com/tizim/tizim/internal/model"
)

// BenchmarkGenerate reports persons generated per second, records discarded.
func BenchmarkGenerate(b *testing.B) {
	ref := loadRef(b)
	const persons = 10000
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		err := Generate(Options{Persons: persons, Seed: uint64(i), Now: testNow}, ref, func(model.Record) error { return nil })
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*persons)/b.Elapsed().Seconds(), "persons/s")
}

// TestHeapFlat generates 20,000 persons and checks the live heap barely grows: families are
// emitted and forgotten, nothing accumulates per person.
func TestHeapFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("memory measurement")
	}
	ref := loadRef(t)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var peak uint64
	n := 0
	err := Generate(Options{Persons: 20000, Seed: 1, Now: testNow}, ref, func(model.Record) error {
		if n++; n%20000 == 0 {
			runtime.GC()
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapAlloc)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	const limit = 4 << 20
	if grew := int64(peak) - int64(before.HeapAlloc); grew > limit {
		t.Errorf("live heap grew by %d bytes during the run, want under %d", grew, limit)
	}
	if grew := int64(after.HeapAlloc) - int64(before.HeapAlloc); grew > limit {
		t.Errorf("live heap grew by %d bytes after the run, want under %d", grew, limit)
	}
}
