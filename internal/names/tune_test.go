package names

import (
	"os"
	"sort"
	"testing"
)

// TestTuneParams searches the scoring knobs on the peer benchmark's Person pairs. It runs
// only with TIZIM_TUNE=1: the result is read by a person and copied into defaultParams
// with a note in ADR 0102, never applied automatically.
func TestTuneParams(t *testing.T) {
	if os.Getenv("TIZIM_TUNE") == "" {
		t.Skip("set TIZIM_TUNE=1 to search scoring parameters")
	}
	h, rows := readCSVFile(t, "testdata/opensanctions-nomenklatura/name_bench_cases.csv")
	sc, n1, n2, lab := column(h, "schema"), column(h, "name1"), column(h, "name2"), column(h, "is_match")
	type pair struct {
		a, b *Prepared
		want bool
	}
	var pairs []pair
	for _, r := range rows {
		if r[sc] == "Person" {
			pairs = append(pairs, pair{Prepare(Record{Name: r[n1]}), Prepare(Record{Name: r[n2]}), r[lab] == "true"})
		}
	}
	type result struct {
		p  params
		th float64
		f1 float64
	}
	var results []result
	for _, knee := range []float32{0.85, 0.9, 0.92} {
		for _, slope := range []float32{1.5, 2.5} {
			for _, slack := range []float32{0.25, 0.3, 0.4} {
				for _, sub := range []float32{0.7, 0.8, 0.9, 1.5} {
					for _, pd := range []float32{0.2, 0.5, 1} {
						p := defaultParams
						p.sharpKnee, p.sharpSlope, p.worstSlack, p.substitutionCap, p.patronymicDrop = knee, slope, slack, sub, pd
						scores := make([]float64, len(pairs))
						for i, pr := range pairs {
							scores[i] = comparePrepared(pr.a, pr.b, &p, false).Score
						}
						for th := 0.6; th <= 0.9; th += 0.02 {
							var c prf
							for i, pr := range pairs {
								c.add(pr.want, scores[i] >= th)
							}
							results = append(results, result{p, th, c.f1()})
						}
					}
				}
			}
		}
	}
	sort.Slice(results, func(i, j int) bool { return results[i].f1 > results[j].f1 })
	for _, r := range results[:15] {
		t.Logf("F1 %.4f th %.2f knee %.2f slope %.1f slack %.2f sub %.2f patdrop %.2f", r.f1, r.th, r.p.sharpKnee, r.p.sharpSlope, r.p.worstSlack, r.p.substitutionCap, r.p.patronymicDrop)
	}
}
