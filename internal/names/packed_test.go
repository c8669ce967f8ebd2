package names

import (
	"math/rand/v2"
	"reflect"
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

// TestUnpackerPrepare: a record made from packed forms is exactly what Prepare makes of the
// same forms, for records of one to five forms drawn from the golden sample (every script
// the engine reads, blank forms, names with many readings), with and without birth year
// and gender, through one Unpacker reused throughout.
func TestUnpackerPrepare(t *testing.T) {
	all := append(goldenNames(t), "", "  ", "Ахмет ұлы Бекжан", "Мұхаммед Әлі ұлы", "阿不都热合曼·买买提")
	packed := map[string]PackedForm{}
	for _, f := range all {
		packed[f] = PackForm(f)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var u Unpacker
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
		want := Prepare(Record{Name: forms[0], Forms: forms[1:], BirthYear: year, Gender: g})
		got := u.Prepare(pf, year, g)
		if !reflect.DeepEqual(withoutNums(got), withoutNums(want)) {
			t.Fatalf("record %d %q (%d, %q): unpacked\n%+v\nPrepare\n%+v", i, forms, year, g, *got, *want)
		}
		q := Prepare(Record{Name: all[rng.IntN(len(all))], BirthYear: 1975})
		if a, b := ComparePrepared(q, got), ComparePrepared(q, want); !reflect.DeepEqual(a, b) {
			t.Fatalf("record %d %q: compared unpacked %+v, Prepare %+v", i, forms, a, b)
		}
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
