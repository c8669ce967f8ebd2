// Package search finds persons by name in any script, and ranks them: candidates come from
// the name index (the name engine's blocking keys, stored by package store in the record's
// transaction), each is scored against the query with names.ComparePrepared, and the
// qualifiers written in the query (birth year, place, gender, status) adjust the score.
// Every hit carries the reasons for its rank.
//
// It parses queries and ranks what a Source returns; it does not check roles, decide what is
// public, or look up identity numbers: package archive does that, and gives this package a
// Source that holds only what the caller may see.
package search

import (
	"strconv"
	"strings"

	"github.com/tizim/tizim/internal/model"
)

// Query is a search query taken apart: the words of the name, and the qualifiers.
type Query struct {
	Raw       string
	Name      string       // the words left for the name
	BirthYear int          // 0 when not given
	Gender    string       // "m", "f" or ""
	Status    model.Status // "" when not given
	Places    []string     // words that name a place (the caller resolves them)
	Numbers   []string     // identity document or phone numbers: for the blind index only
	Literals  []string     // words with digits (Person 3): the name engine reads no digits, so hits must hold them as written
}

// The words that mark qualifiers, in the languages of the interface.
var (
	genderWords = map[string]string{"male": "m", "man": "m", "men": "m", "муж": "m", "мужчина": "m", "ер": "m", "erkek": "m", "男": "m",
		"female": "f", "woman": "f", "women": "f", "жен": "f", "женщина": "f", "әйел": "f", "äyel": "f", "ayel": "f", "ayal": "f", "女": "f"}
	statusWords = map[string]model.Status{"camp": model.StatusCamp, "camps": model.StatusCamp, "лагерь": model.StatusCamp, "лагерде": model.StatusCamp,
		"detained": model.StatusDetained, "arrested": model.StatusDetained, "imprisoned": model.StatusImprisoned, "prison": model.StatusImprisoned,
		"sentenced": model.StatusImprisoned, "forced_labour": model.StatusForcedLabour, "labour": model.StatusForcedLabour,
		"restricted": model.StatusRestricted, "released": model.StatusReleased, "abroad": model.StatusAbroad,
		"disappeared": model.StatusDisappeared, "missing": model.StatusDisappeared, "deceased": model.StatusDeceased, "died": model.StatusDeceased,
		"dead": model.StatusDeceased}
	bornWords  = map[string]bool{"b": true, "b.": true, "born": true, "р.": true, "г.р.": true, "туған": true, "tugan": true, "生于": true}
	placeWords = map[string]bool{"from": true, "in": true, "place:": true, "из": true}
)

// Parse takes a query apart. isPlace says whether a word names a known place; a bare place
// word counts as a place only when two name words remain, since many given names are
// place names too (Altay). "from X", "in X" and "place:X" always mean a place.
func Parse(s string, isPlace func(string) bool) Query {
	q := Query{Raw: s}
	toks := strings.Fields(strings.NewReplacer(",", " ", ";", " ", "(", " ", ")", " ").Replace(s))
	var name, bare []string
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		low := strings.ToLower(t)
		// A run of number-like tokens with seven or more digits is an identity or phone number.
		if j, num := numberRun(toks, i); num != "" {
			q.Numbers = append(q.Numbers, num)
			i = j - 1
			continue
		}
		if k, v, ok := strings.Cut(low, ":"); ok && v != "" {
			switch k {
			case "place", "from":
				q.Places = append(q.Places, t[len(k)+1:])
				continue
			case "status":
				if st := model.Status(v); st.Valid() {
					q.Status = st
				}
				continue
			case "gender":
				q.Gender = genderWords[v]
				continue
			case "born", "b", "year":
				q.BirthYear = year(v)
				continue
			}
		}
		switch {
		case year(strings.TrimPrefix(strings.TrimPrefix(low, "b."), "b")) != 0:
			q.BirthYear = year(strings.TrimPrefix(strings.TrimPrefix(low, "b."), "b"))
		case bornWords[low] && i+1 < len(toks) && year(toks[i+1]) != 0:
			q.BirthYear = year(toks[i+1])
			i++
		case placeWords[low] && i+1 < len(toks):
			q.Places = append(q.Places, toks[i+1])
			i++
		case genderWords[low] != "":
			q.Gender = genderWords[low]
		case statusWords[low] != "":
			q.Status = statusWords[low]
		case isPlace != nil && isPlace(t):
			bare = append(bare, t)
			name = append(name, t)
		default:
			if strings.ContainsAny(t, "0123456789") {
				q.Literals = append(q.Literals, low)
			}
			name = append(name, t)
		}
	}
	if len(bare) > 0 && len(name)-len(bare) >= 2 {
		q.Places = append(q.Places, bare...)
		name = removeAll(name, bare)
	}
	q.Name = strings.Join(name, " ")
	return q
}

// year reads a birth year written as 1975, 1975ж, 1975г or 1975年.
func year(s string) int {
	s = strings.TrimRight(s, "жгy.年")
	if len(s) != 4 {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1900 || n > 2100 {
		return 0
	}
	return n
}

// numberRun returns the end of a run of number-like tokens starting at i and the digits
// (and a final X) it holds, when they are seven or more.
func numberRun(toks []string, i int) (int, string) {
	var b strings.Builder
	j := i
	for ; j < len(toks); j++ {
		t := toks[j]
		var d strings.Builder
		ok := t != ""
		for k, r := range t {
			switch {
			case r >= '0' && r <= '9':
				d.WriteRune(r)
			case strings.ContainsRune("+-./", r):
			case (r == 'x' || r == 'X') && k == len(t)-1 && k > 0:
				d.WriteByte('X')
			default:
				ok = false
			}
		}
		if !ok || strings.HasSuffix(b.String(), "X") {
			break
		}
		b.WriteString(d.String())
	}
	if digits := strings.TrimSuffix(b.String(), "X"); len(digits) >= 7 && j > i {
		return j, b.String()
	}
	return i, ""
}

func removeAll(words, drop []string) []string {
	var out []string
	for _, w := range words {
		keep := true
		for _, d := range drop {
			keep = keep && w != d
		}
		if keep {
			out = append(out, w)
		}
	}
	return out
}
