package names

import "testing"

// TestMaxCandidates: with a cap, a record is compared with at most that many earlier
// records, and those are the ones sharing its rarest blocks: a later spelling of a person
// among many namesakes without a birth year still meets its twin through the name + year
// blocks only the two of them share.
func TestMaxCandidates(t *testing.T) {
	d := NewDeduper(DefaultThreshold)
	d.MaxCandidates = 1
	for range 30 {
		d.Add(Record{Name: "Нұрлан Оспанов", Gender: "m"})
	}
	x := d.Add(Record{Name: "Нұрлан Оспанов", BirthYear: 1975, Gender: "m"})
	for range 30 {
		d.Add(Record{Name: "Нұрлан Оспанов", Gender: "m"})
	}
	y := d.Add(Record{Name: "Nurlan Ospanov", BirthYear: 1975, Gender: "m"})
	d.Run()
	if d.Stats.Compared > d.Stats.Records {
		t.Errorf("compared %d pairs of %d records with MaxCandidates 1", d.Stats.Compared, d.Stats.Records)
	}
	if d.CappedCandidates() == 0 {
		t.Error("no candidate left out")
	}
	linked := false
	d.Links(func(a, b int, score float64) {
		if a == x && b == y {
			linked = score >= DefaultThreshold
		}
	})
	if !linked {
		t.Errorf("%d and %d (the only two born 1975) not linked with MaxCandidates 1", x, y)
	}
}

// TestKazakhVariantsCapped: the Kazakh variant set clustered with the cap the archive's
// bulk duplicate check uses keeps the regression floor of the uncapped engine.
func TestKazakhVariantsCapped(t *testing.T) {
	recs := readVariants(t)
	for _, k := range []int{0, BulkCheckCandidates} {
		d := NewDeduper(DefaultThreshold)
		d.MaxCandidates = k
		for _, r := range recs {
			d.Add(r.rec)
		}
		d.Run()
		cluster := make([]int, len(recs))
		for i := range recs {
			cluster[i], _, _ = d.Result(i)
		}
		var c prf
		for i := range recs {
			for j := i + 1; j < len(recs); j++ {
				c.add(recs[i].person == recs[j].person, cluster[i] == cluster[j])
			}
		}
		t.Logf("MaxCandidates %d: P=%.4f R=%.4f F1=%.4f, %d pairs compared, %d candidates left out",
			k, c.precision(), c.recall(), c.f1(), d.Stats.Compared, d.CappedCandidates())
		if c.f1() < kazakhVariantsFloor {
			t.Errorf("MaxCandidates %d: F1 %.4f, want >= %.4f", k, c.f1(), kazakhVariantsFloor)
		}
	}
}
