package names

import (
	"strings"
	"testing"
)

// DefaultThreshold is tested here against the peer's benchmark; see ADR 0102.

// nomenklaturaFloor is the Person-pair F1 this engine reached when the test was written;
// the test fails when a change drops below it (a regression floor, not a target).
const nomenklaturaFloor = 0.90

// TestNomenklaturaBench scores OpenSanctions' labelled name-pair benchmark
// (testdata/opensanctions-nomenklatura/name_bench_cases.csv) and logs precision, recall
// and F1 per schema and case group. The peer's logic-v2 scores F1 0.742 on Person pairs.
func TestNomenklaturaBench(t *testing.T) {
	h, rows := readCSVFile(t, "testdata/opensanctions-nomenklatura/name_bench_cases.csv")
	cg, sc, n1, n2, lab := column(h, "case_group"), column(h, "schema"), column(h, "name1"), column(h, "name2"), column(h, "is_match")
	counts := map[string]*prf{}
	get := func(k string) *prf {
		if counts[k] == nil {
			counts[k] = &prf{}
		}
		return counts[k]
	}
	verbose := testing.Verbose() && strings.Contains(strings.Join(testArgs(), " "), "nkdump")
	for _, r := range rows {
		m := Compare(Record{Name: r[n1]}, Record{Name: r[n2]})
		want, got := r[lab] == "true", m.Score >= DefaultThreshold
		get(r[sc]).add(want, got)
		get("all").add(want, got)
		get(r[sc]+"/"+r[cg]).add(want, got)
		if r[sc] == "Person" {
			get("Person scripts "+pairName(Script(r[n1]), Script(r[n2]))).add(want, got)
		}
		if verbose && want != got && r[sc] == "Person" {
			t.Logf("%v %.3f | %s | %s | %v", want, m.Score, r[n1], r[n2], m.Reasons)
		}
	}
	for _, k := range sortedKeys(counts) {
		c := counts[k]
		t.Logf("%-28s P=%.3f R=%.3f F1=%.3f (tp %d fp %d fn %d tn %d)", k, c.precision(), c.recall(), c.f1(), c.tp, c.fp, c.fn, c.tn)
	}
	if f := counts["Person"].f1(); f < nomenklaturaFloor {
		t.Errorf("Person F1 = %.3f, want >= %.3f (regression floor)", f, nomenklaturaFloor)
	}
}
