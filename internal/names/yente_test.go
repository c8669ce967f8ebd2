package names

import (
	"encoding/csv"
	"os"
	"sort"
	"testing"
	"time"
)

// yenteRecord reads one row of the yente fixtures (full_name, gender, date_of_birth,
// place_of_birth) as a Record.
func yenteRecords(t testing.TB, file string) []Record {
	t.Helper()
	f, err := os.Open("testdata/opensanctions-yente/" + file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []Record
	for _, row := range rows[1:] {
		g := ""
		switch row[4] {
		case "male":
			g = "m"
		case "female":
			g = "f"
		}
		out = append(out, Record{Name: row[0], BirthDate: row[5], Gender: g, Place: row[6]})
	}
	return out
}

// TestYente runs the dedupe over OpenSanctions' yente fixtures: 50,000 synthetic people in
// many scripts (all different people: every link among them is a false positive) plus the
// 683 UN-listed people twice, as listed and with typos and reorderings (each pair should
// link). It logs recall, the false-positive rate and block sizes.
func TestYente(t *testing.T) {
	if testing.Short() {
		t.Skip("50,000-record evaluation")
	}
	neg := yenteRecords(t, "negatives_global.csv")
	plain := yenteRecords(t, "positives_un_untreated.csv")
	treated := yenteRecords(t, "positives_un_treated.csv")
	start := time.Now()
	d := NewDeduper(DefaultThreshold)
	for _, r := range neg {
		d.Add(r)
	}
	for _, r := range plain {
		d.Add(r)
	}
	for _, r := range treated {
		d.Add(r)
	}
	sizes := blockSizes(d)
	d.Run()
	took := time.Since(start)
	n0, n1 := len(neg), len(neg)+len(plain)
	cluster := func(i int) int { c, _, _ := d.Result(i); return c }
	found := 0
	for i := range plain {
		if cluster(n0+i) == cluster(n1+i) {
			found++
		}
	}
	// false positives: negatives that ended up with any other record
	members := map[int]int{}
	for i := 0; i < len(neg); i++ {
		members[cluster(i)]++
	}
	fpRecords := 0
	for i := 0; i < len(neg); i++ {
		if members[cluster(i)] > 1 {
			fpRecords++
		}
	}
	recall := float64(found) / float64(len(plain))
	t.Logf("UN people with typos and reorderings: %d/%d linked to their listed form (recall %.3f)", found, len(plain), recall)
	t.Logf("synthetic negatives: %d of %d records linked to another (false-positive rate %.4f)", fpRecords, len(neg), float64(fpRecords)/float64(len(neg)))
	t.Logf("blocks: %d keys, sizes p50 %d p99 %d max %d; compared %d pairs; %v", len(sizes), pct(sizes, 50), pct(sizes, 99), pct(sizes, 100), d.Stats.Compared, took.Round(time.Millisecond))
	if recall < yenteRecallFloor {
		t.Errorf("recall %.3f, want >= %.3f (regression floor)", recall, yenteRecallFloor)
	}
	if fp := float64(fpRecords) / float64(len(neg)); fp > yenteFPCeiling {
		t.Errorf("false-positive rate %.4f, want <= %.4f (regression ceiling)", fp, yenteFPCeiling)
	}
}

const (
	yenteRecallFloor = 0.935
	yenteFPCeiling   = 0.005
)

func blockSizes(d *Deduper) []int {
	d.flush()
	var s []int
	for _, b := range d.postings {
		s = append(s, len(b))
	}
	sort.Ints(s)
	return s
}

func pct(s []int, p int) int {
	if len(s) == 0 {
		return 0
	}
	i := len(s) * p / 100
	if i >= len(s) {
		i = len(s) - 1
	}
	return s[i]
}
