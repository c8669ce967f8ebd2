package search

import (
	"strings"
	"sync"

	"github.com/tizim/tizim/internal/names"
	"github.com/tizim/tizim/internal/refdata"
)

// Gazetteer resolves place words of a query to prefecture and county codes, from the
// embedded reference data (the same places the archive's persons table codes refer to).
type Gazetteer struct {
	codes map[string][]string // folded name → codes
}

// Places returns the gazetteer of Xinjiang's prefectures and counties. It is built once, on
// first use, from embedded data that never changes.
var Places = sync.OnceValue(func() *Gazetteer {
	g := &Gazetteer{codes: map[string][]string{}}
	set, err := refdata.Load()
	if err != nil {
		return g
	}
	for _, pl := range append(set.Prefectures(), set.Counties()...) {
		for _, n := range pl.Names {
			for _, v := range placeVariants(n.Text) {
				g.codes[v] = append(g.codes[v], pl.Code)
			}
		}
	}
	return g
})

// placeVariants: the name, and without its administrative suffix (县, 市, "Qu"…).
func placeVariants(s string) []string {
	f := fold(s)
	out := []string{f}
	for _, suf := range []string{"哈萨克自治州", "蒙古自治州", "柯尔克孜自治州", "回族自治州", "自治州", "自治县", "地区", "县", "市", "区", " qu", " shi", " xian", " diqu"} {
		if t := strings.TrimSuffix(f, suf); t != f && t != "" {
			out = append(out, t)
		}
	}
	if w := strings.Fields(f); len(w) > 1 {
		out = append(out, w[0]+w[1], w[0])
	}
	return out
}

func fold(s string) string { return strings.ToLower(names.Normalize(s)) }

// IsPlace reports whether a word names a known place.
func (g *Gazetteer) IsPlace(w string) bool { return len(g.codes[fold(w)]) > 0 }

// Resolve returns the codes a place word may mean.
func (g *Gazetteer) Resolve(words []string) []PlaceCode {
	var out []PlaceCode
	for _, w := range words {
		for _, c := range g.codes[fold(w)] {
			out = append(out, PlaceCode{Word: w, Code: c})
		}
	}
	return out
}
