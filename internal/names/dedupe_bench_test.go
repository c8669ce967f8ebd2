package names_test

import (
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/names"
	"github.com/tizim/tizim/internal/refdata"
	"github.com/tizim/tizim/internal/synth"
)

// synthRecords returns n persons of `tizim synth` as the import's duplicate check gives
// them to the engine (archive.nameRecord): every name form, birth date and gender.
func synthRecords(tb testing.TB, n int) []names.Record {
	tb.Helper()
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	ref, err := refdata.LoadAt(now)
	if err != nil {
		tb.Fatal(err)
	}
	var out []names.Record
	err = synth.Generate(synth.Options{Persons: n, Seed: 1, Now: now}, ref, func(r model.Record) error {
		p, ok := r.(*model.Person)
		if !ok {
			return nil
		}
		rec := names.Record{Name: p.PrimaryName(), BirthDate: p.Birth.String(), Gender: string(p.Gender)}
		for _, f := range p.Names {
			if f.Text != rec.Name {
				rec.Forms = append(rec.Forms, f.Text)
			}
		}
		out = append(out, rec)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// BenchmarkDeduperSynth clusters synthetic persons (TIZIM_BENCH_PERSONS, default 10,000):
// the first bulk load's duplicate check. Records are prepared in the timed part, as the
// import does.
func BenchmarkDeduperSynth(b *testing.B) {
	n := 10000
	if s := os.Getenv("TIZIM_BENCH_PERSONS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	recs := synthRecords(b, n)
	b.ResetTimer()
	var st names.DedupeStats
	var capped int
	for i := 0; i < b.N; i++ {
		d := names.NewDeduper(0)
		d.MaxCandidates, _ = strconv.Atoi(os.Getenv("TIZIM_BENCH_MAXCAND"))
		for _, r := range recs {
			d.Add(r)
		}
		d.Run()
		st, capped = d.Stats, d.CappedCandidates()
	}
	b.ReportMetric(float64(st.Compared), "pairs")
	b.ReportMetric(float64(st.Linked), "links")
	b.ReportMetric(float64(st.CappedRecords), "capped-records")
	b.ReportMetric(float64(capped), "capped-cands")
}
