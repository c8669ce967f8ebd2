package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
)

// extract writes names.tsv (every person's name forms) and variants.tsv: queries made from
// a person's forms by another romanisation, a typo, a swapped order or a changed
// patronymic, each with the ids of the persons it should find. Persons whose primary name
// has the same words (namesakes; order aside) are all right answers: a name alone cannot
// tell them apart.
func extract(in, namesPath, variantsPath string, n int, seed uint64) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	out, err := os.Create(namesPath)
	if err != nil {
		return err
	}
	defer out.Close()
	w := bufio.NewWriter(out)
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var persons []person
	bySig := map[string][]string{}
	for sc.Scan() {
		if !strings.HasPrefix(sc.Text(), `{"kind":"person"`) {
			continue
		}
		var l struct {
			Record struct {
				ExternalID string `json:"external_id"`
				Names      []struct{ Text string }
				Birth      string
				Gender     string
			}
		}
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return err
		}
		r := l.Record
		var forms []string
		for _, nm := range r.Names {
			forms = append(forms, strings.NewReplacer("|", " ", "\t", " ").Replace(nm.Text))
		}
		if len(forms) == 0 {
			continue
		}
		year := ""
		if len(r.Birth) >= 4 {
			year = r.Birth[:4]
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", r.ExternalID, year, r.Gender, strings.Join(forms, "|"))
		persons = append(persons, person{id: r.ExternalID, forms: forms})
		bySig[signature(forms[0])] = append(bySig[signature(forms[0])], r.ExternalID)
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(seed, seed+1))
	vf, err := os.Create(variantsPath)
	if err != nil {
		return err
	}
	defer vf.Close()
	vw := bufio.NewWriter(vf)
	for i := 0; i < n; {
		p := persons[rng.IntN(len(persons))]
		q, kind := variant(rng, p)
		if q == "" {
			continue
		}
		i++
		fmt.Fprintf(vw, "%s\t%s\t%s\n", q, strings.Join(bySig[signature(p.forms[0])], ","), kind)
	}
	return vw.Flush()
}

// signature is a name's words, lower-cased and sorted.
func signature(s string) string {
	w := strings.Fields(strings.ToLower(strings.NewReplacer("·", " ", "•", " ").Replace(s)))
	sort.Strings(w)
	return strings.Join(w, " ")
}

// variant writes a query for p that is none of its stored forms: a stored form changed,
// or the primary form romanised by a table of our own (passport style). kind says how it
// was made ("passport" or "form", then "+swap", "+typo", "+patronymic" or "+none"), so that
// recall can be reported per kind of variant.
func variant(rng *rand.Rand, p person) (q, kind string) {
	var base string
	kind = "form"
	if isCyrillic(p.forms[0]) && rng.IntN(3) == 0 {
		base, kind = passport(p.forms[0]), "passport"
	} else if len(p.forms) > 1 {
		base = p.forms[1+rng.IntN(len(p.forms)-1)]
	} else {
		base = p.forms[0]
	}
	words := strings.Fields(base)
	change := "none"
	switch rng.IntN(4) {
	case 0: // swapped order
		if len(words) > 1 {
			words[0], words[len(words)-1] = words[len(words)-1], words[0]
			change = "swap"
		}
	case 1: // a typo in one alphabetic word
		j := rng.IntN(len(words))
		words[j] = typo(rng, words[j])
		change = "typo"
	case 2: // patronymic changed: suffix dropped, or -ov/-ova added
		last := words[len(words)-1]
		change = "patronymic"
		if t, ok := dropPatronymic(last); ok {
			words[len(words)-1] = t
		} else if isLatin(last) && len(words) > 1 {
			words[len(words)-1] = last + "ov"
		} else {
			j := rng.IntN(len(words))
			words[j] = typo(rng, words[j])
			change = "typo"
		}
	}
	q = strings.Join(words, " ")
	for _, f := range p.forms {
		if f == q {
			return "", ""
		}
	}
	return q, kind + "+" + change
}

var patronymics = []string{"ұлы", "қызы", "uly", "ulı", "qyzy", "qızı", "kyzy", "ovich", "ovna", "evich", "evna", "ова", "ов", "ева", "ев", "ova", "ov", "eva", "ev"}

func dropPatronymic(w string) (string, bool) {
	for _, s := range patronymics {
		if t := strings.TrimSuffix(w, s); t != w && len([]rune(t)) >= 3 {
			return t, true
		}
	}
	return w, false
}

// typo drops, swaps or replaces one inner letter of an alphabetic (Latin or Cyrillic) word.
func typo(rng *rand.Rand, w string) string {
	rs := []rune(w)
	if len(rs) < 4 || !(isLatin(w) || isCyrillic(w)) {
		return w
	}
	i := 1 + rng.IntN(len(rs)-2)
	switch rng.IntN(3) {
	case 0:
		return string(append(rs[:i:i], rs[i+1:]...))
	case 1:
		rs[i], rs[i+1] = rs[i+1], rs[i]
		return string(rs)
	}
	letters := []rune("aeioulnrstkm")
	if isCyrillic(w) {
		letters = []rune("аеиоулнрстк")
	}
	rs[i] = letters[rng.IntN(len(letters))]
	return string(rs)
}

func isLatin(s string) bool {
	for _, r := range s {
		if r >= 0x400 {
			return false
		}
	}
	return true
}

func isCyrillic(s string) bool {
	for _, r := range s {
		if r >= 0x400 && r < 0x530 {
			return true
		}
	}
	return false
}

// passport romanises Kazakh/Russian Cyrillic as a passport office might.
func passport(s string) string {
	t := map[rune]string{'а': "a", 'ә': "a", 'б': "b", 'в': "v", 'г': "g", 'ғ': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh",
		'з': "z", 'и': "i", 'й': "i", 'к': "k", 'қ': "k", 'л': "l", 'м': "m", 'н': "n", 'ң': "n", 'о': "o", 'ө': "o",
		'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ұ': "u", 'ү': "u", 'ф': "f", 'х': "kh", 'һ': "h", 'ц': "ts",
		'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'і': "i", 'ь': "", 'э': "e", 'ю': "iu", 'я': "ia"}
	var b strings.Builder
	upper := true
	for _, r := range strings.ToLower(s) {
		v, ok := t[r]
		if !ok {
			v = string(r)
		}
		if upper && v != "" {
			v = strings.ToUpper(v[:1]) + v[1:]
		}
		upper = r == ' '
		b.WriteString(v)
	}
	return b.String()
}
