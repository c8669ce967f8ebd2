package transfer

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/refdata"
	"pgregory.net/rapid"
)

// gazRefs is the real reference data and the refs a spreadsheet might write for it: codes,
// external ids with and without their prefix, and every name (some shared by several places).
func gazRefs(t testing.TB) (*refdata.Set, []string) {
	set, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	for _, p := range set.Places {
		refs = append(refs, p.Code, p.ExternalID, p.ID.String())
		if _, code, ok := strings.Cut(p.ExternalID, ":"); ok {
			refs = append(refs, code, "xyz:"+code)
		}
		for _, n := range p.Names {
			refs = append(refs, n.Text)
		}
	}
	for _, f := range set.Facilities {
		refs = append(refs, f.ExternalID, f.ID.String())
		for _, n := range f.Names {
			refs = append(refs, n.Text)
		}
	}
	return set, refs
}

// sameOutcome fails unless the memoised lookup answers exactly as find does.
func sameOutcome(t interface{ Fatalf(string, ...any) }, g *Gazetteer, ref string) {
	for _, kind := range []string{"place", "facility"} {
		var id, wid model.ID
		var err, werr error
		if kind == "place" {
			id, err = g.Place(ref)
			wid, werr = g.find(g.places, ref, kind)
		} else {
			id, err = g.Facility(ref)
			wid, werr = g.find(g.facilities, ref, kind)
		}
		if id != wid || (err == nil) != (werr == nil) || err != nil && err.Error() != werr.Error() {
			t.Fatalf("%s %q: got %v, %v; want %v, %v", kind, ref, id, err, wid, werr)
		}
	}
}

// TestGazetteerMemo checks that remembered lookups give the same ids, and the same errors for
// unknown and ambiguous refs, as resolving every time; asked repeatedly and from several
// goroutines, in the spellings people write.
func TestGazetteerMemo(t *testing.T) {
	set, refs := gazRefs(t)
	g := NewGazetteer(set.Places, set.Facilities)
	ambiguous := 0
	for _, r := range refs {
		if _, err := g.Place(r); err != nil && strings.Contains(err.Error(), "are called") {
			ambiguous++
		}
	}
	if ambiguous == 0 {
		t.Fatal("no ambiguous place name in the reference data: the test would not cover them")
	}
	rapid.Check(t, func(rt *rapid.T) {
		ref := rapid.SampledFrom(refs).Draw(rt, "ref")
		switch rapid.IntRange(0, 5).Draw(rt, "spelling") {
		case 1:
			ref = strings.ToUpper(ref)
		case 2:
			ref = "  " + ref + " "
		case 3:
			ref = strings.ReplaceAll(ref, " ", " - ")
		case 4:
			ref = rapid.StringMatching(`[a-zA-Z0-9:/ .\-]{0,12}`).Draw(rt, "junk")
		case 5:
			ref = ref[:rapid.IntRange(0, len(ref)).Draw(rt, "cut")]
		}
		for range 2 { // the second answer comes from the memo
			sameOutcome(rt, g, ref)
		}
	})
	g = NewGazetteer(set.Places, set.Facilities)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range refs {
				sameOutcome(t, g, refs[(i*7+w*1000)%len(refs)])
			}
		}()
	}
	wg.Wait()
}

// TestGazetteerMemoFull checks the refs met after the memo is full: still answered right,
// and the memo stays within its bound.
func TestGazetteerMemoFull(t *testing.T) {
	set, refs := gazRefs(t)
	g := NewGazetteer(set.Places, set.Facilities)
	for i := range memoSize + 500 {
		sameOutcome(t, g, fmt.Sprintf("no such place %d", i))
	}
	for _, r := range refs {
		sameOutcome(t, g, r)
		sameOutcome(t, g, r)
	}
	n := 0
	g.placeMemo.m.Range(func(any, any) bool { n++; return true })
	if n > memoSize || int(g.placeMemo.n.Load()) != n {
		t.Fatalf("the memo holds %d refs (counted %d), more than %d", n, g.placeMemo.n.Load(), memoSize)
	}
	var nilGaz *Gazetteer
	if _, err := nilGaz.Place("650102"); err == nil {
		t.Fatal("a nil gazetteer found a place")
	}
}

func BenchmarkGazetteer(b *testing.B) {
	set, refs := gazRefs(b)
	g := NewGazetteer(set.Places, set.Facilities)
	refs = refs[:2000]
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			g.Facility(refs[i%len(refs)])
			g.Place(refs[(i+7)%len(refs)])
			i++
		}
	})
}
