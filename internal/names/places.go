package names

import (
	"strings"
	"sync"
)

//go:generate sh -c "cd internal/gen && go run ."

// gazetteer indexes placeEntries (generated from testdata/admin-divisions and
// testdata/geonames) by the folded phonemic reading of every name, so that Кашгар, Kashgar,
// Kaxgar, قەشقەر and 喀什 can meet. Ids are statistical division codes where there is one:
// a code's prefixes are its parents.
type gazetteer struct {
	byKey     map[string][]int32
	id        []string
	parent    []string
	ancestors [][]int32 // entries containing each entry, by code prefix or parent link
}

var gazetteerOnce = sync.OnceValue(func() *gazetteer {
	g := &gazetteer{byKey: map[string][]int32{}}
	for i, e := range placeEntries {
		g.id = append(g.id, e[0])
		g.parent = append(g.parent, e[1])
		for _, n := range strings.Split(e[2], "|") {
			for _, k := range placeKeys(n) {
				if l := g.byKey[k]; len(l) == 0 || l[len(l)-1] != int32(i) {
					g.byKey[k] = append(l, int32(i))
				}
			}
		}
	}
	index := map[string][]int32{}
	for i, id := range g.id {
		index[id] = append(index[id], int32(i))
	}
	g.ancestors = make([][]int32, len(g.id))
	for i := range g.id {
		seen := map[int32]bool{}
		var anc []int32
		add := func(id string) {
			for _, k := range index[id] {
				if !seen[k] && k != int32(i) {
					seen[k] = true
					anc = append(anc, k)
				}
			}
		}
		for _, code := range []string{g.id[i], g.parent[i]} {
			if code == "" || code[0] < '0' || code[0] > '9' {
				add(code)
				continue
			}
			for _, n := range []int{2, 4, 6, 9, 12} {
				if n <= len(code) {
					add(code[:n])
				}
			}
		}
		g.ancestors[i] = anc
	}
	return g
})

// placeSuffixes are the administrative words dropped before lookup.
var placeSuffixes = []string{"维吾尔自治区", "自治区", "自治州", "自治县", "地区", "街道", "县", "市", "区", "镇", "乡", "州"}

var placeWords = map[string]bool{
	"county": true, "city": true, "district": true, "prefecture": true, "town": true,
	"township": true, "village": true, "awdanı": true, "awdanı̇": true, "audanı": true,
	"audan": true, "awdan": true, "auıl": true, "awıl": true, "qalası": true, "oblısı": true,
	"okrug": true, "rayon": true, "oblast": true, "gorod": true, "nahiyisi": true, "nahiye": true,
	"xian": true, "şian": true, "şiyan": true, "şi": true, "qu": true, "zhen": true, "jen": true,
	"nahiyä": true, "nahiyäsi": true, "şähiri": true, "şähär": true, "viloyat": true, "diqu": true,
}

// placeKeys are the lookup keys of a place name: the folded phonemic form of the words that
// are not administrative terms, in each reading.
func placeKeys(s string) []string {
	for _, suf := range placeSuffixes {
		if strings.HasSuffix(s, suf) && len([]rune(s)) > len([]rune(suf))+1 {
			s = strings.TrimSuffix(s, suf)
			break
		}
	}
	readings := analyzeReadings(s)
	var keys []string
	for _, r := range readings {
		var b strings.Builder
		for _, t := range r {
			if placeWords[t.p] {
				continue
			}
			b.WriteString(foldKey(t.p))
		}
		if k := foldPlaceVowels(b.String()); len([]rune(k)) >= 2 {
			keys = append(keys, k)
		}
	}
	return uniq(keys)
}

// foldPlaceVowels keeps the first letter and the consonants, with velars, labials and
// dentals folded: Qäşqär, Kashgar and Кашгар agree (kşkr), Құлжа meets Ghulja (klj), and
// Kalasu (kls) stays apart.
func foldPlaceVowels(s string) string {
	var b []rune
	for i, r := range []rune(s) {
		if i > 0 && (isVowel(r) || r == 'y' || r == 'w') {
			continue
		}
		switch r {
		case 'k', 'g', 'h':
			r = 'k'
		case 'b', 'p', 'f', 'v':
			r = 'b'
		case 'd':
			r = 't'
		}
		if len(b) == 0 || b[len(b)-1] != r {
			b = append(b, r)
		}
	}
	return string(b)
}

// lookupPlace returns the gazetteer entries a place string names.
func lookupPlace(s string) []int32 {
	if s == "" {
		return nil
	}
	g := gazetteerOnce()
	var out []int32
	for _, k := range placeKeys(s) {
		out = append(out, g.byKey[k]...)
	}
	return out
}

// samePlace reports whether two resolved places can be the same home place: the same entry,
// or one containing the other (a county and its prefecture).
func samePlace(a, b []int32) bool {
	g := gazetteerOnce()
	for _, i := range a {
		for _, j := range b {
			if i == j || g.id[i] == g.id[j] || hasInt(g.ancestors[j], i) || hasInt(g.ancestors[i], j) {
				return true
			}
		}
	}
	return false
}

func hasInt(list []int32, x int32) bool {
	for _, v := range list {
		if v == x {
			return true
		}
	}
	return false
}
