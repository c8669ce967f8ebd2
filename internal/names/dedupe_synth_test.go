package names_test

import (
	"math"
	"slices"
	"testing"

	"github.com/tizim/tizim/internal/names"
)

// TestDeduperScoresAsCompare: on synthetic persons of four or five name forms (the
// archive's first-load check), every link the deduper makes carries the score Compare gives
// the two records on their own, and Explain gives Compare's reasons: the interned readings
// and remembered token similarities change nothing.
func TestDeduperScoresAsCompare(t *testing.T) {
	recs := synthRecords(t, 3000)
	d := names.NewDeduper(0)
	for _, r := range recs {
		d.Add(r)
	}
	d.Run()
	n := 0
	d.Links(func(a, b int, score float64) {
		n++
		m := names.Compare(recs[a], recs[b])
		if math.Abs(float64(float32(m.Score))-score) > 1e-6 {
			t.Errorf("link %d~%d scored %.4f, Compare says %.4f", a, b, score, m.Score)
		}
		if e := d.Explain(a, b); e.Score != m.Score || !slices.Equal(e.Reasons, m.Reasons) {
			t.Errorf("Explain(%d, %d) = %.4f %q, Compare = %.4f %q", a, b, e.Score, e.Reasons, m.Score, m.Reasons)
		}
	})
	if n < 100 {
		t.Fatalf("only %d links among 3,000 synthetic persons", n)
	}
}
