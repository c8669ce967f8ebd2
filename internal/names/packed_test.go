package names

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// withoutNums is p with every token's Memo number cleared: a token made again after the
// token cache let it go has a new number, and is the same token.
func withoutNums(p *Prepared) Prepared {
	c := *p
	if p.readings != nil {
		c.readings = make([][]ctoken, len(p.readings))
		for i, rd := range p.readings {
			c.readings[i] = make([]ctoken, len(rd))
			for j, t := range rd {
				t.num = 0
				c.readings[i][j] = t
			}
		}
	}
	return c
}

// withoutRepeats is p without the readings that repeat an earlier one.
func withoutRepeats(p Prepared) Prepared {
	var rds [][]ctoken
	for _, rd := range p.readings {
		if !slices.ContainsFunc(rds, func(k []ctoken) bool { return reflect.DeepEqual(k, rd) }) {
			rds = append(rds, rd)
		}
	}
	p.readings = rds
	return p
}

// TestUnpackerPrepare: a record made from packed forms is exactly what Prepare makes of the
// same forms less repeated readings, and compares exactly as it does, for records of one
// to five forms drawn from the golden sample (every script the engine reads, blank forms,
// names with many readings, the same name twice), with and without birth year and gender,
// through one Unpacker reused throughout.
func TestUnpackerPrepare(t *testing.T) {
	all := append(goldenNames(t), "", "  ", "Ахмет ұлы Бекжан", "Мұхаммед Әлі ұлы", "阿不都热合曼·买买提")
	packed := map[string]PackedForm{}
	for _, f := range all {
		packed[f] = PackForm(f)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var u Unpacker
	repeated := 0
	genders := []string{"", "m", "f", "Ж"}
	for i := range 20000 {
		n := 1 + rng.IntN(5)
		forms := make([]string, n)
		pf := make([]PackedForm, n)
		for j := range forms {
			forms[j] = all[rng.IntN(len(all))]
			pf[j] = packed[forms[j]]
		}
		year := []int{0, 1975, 2001}[rng.IntN(3)]
		g := genders[rng.IntN(len(genders))]
		if rng.IntN(4) == 0 {
			j := rng.IntN(n)
			forms[n-1], pf[n-1] = forms[j], pf[j]
		}
		want := Prepare(Record{Name: forms[0], Forms: forms[1:], BirthYear: year, Gender: g})
		got := u.Prepare(pf, year, g)
		if w := withoutRepeats(withoutNums(want)); len(w.readings) < len(want.readings) {
			repeated++
		}
		if !reflect.DeepEqual(withoutNums(got), withoutRepeats(withoutNums(want))) {
			t.Fatalf("record %d %q (%d, %q): unpacked\n%+v\nPrepare\n%+v", i, forms, year, g, *got, *want)
		}
		q := Prepare(Record{Name: all[rng.IntN(len(all))], BirthYear: 1975})
		if a, b := ComparePrepared(q, got), ComparePrepared(q, want); !reflect.DeepEqual(a, b) {
			t.Fatalf("record %d %q: compared unpacked %+v, Prepare %+v", i, forms, a, b)
		}
	}
	if repeated < 1000 {
		t.Errorf("only %d records had a repeated reading", repeated)
	}
}

// TestPackFormShares: packing a form again adds nothing to the token table.
func TestPackFormShares(t *testing.T) {
	size := func() int {
		packedTokens.mu.RLock()
		defer packedTokens.mu.RUnlock()
		return len(packedTokens.toks)
	}
	a := PackForm("Kairat Saparuly")
	n := size()
	if b := PackForm("Kairat Saparuly"); len(a) == 0 || !reflect.DeepEqual(a, b) || size() != n {
		t.Fatalf("packed %v, then %v; the table grew by %d", a, b, size()-n)
	}
}
