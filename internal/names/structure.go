package names

import (
	"strings"
	"unicode/utf8"
)

// Name structure: Kazakh, Kyrgyz and Uyghur names are given name + father's given name, the
// latter bare, with a marker word (ұлы "son", қызы "daughter", uulu, oğlu) or a suffix
// (Бiлашұлы, Билашов, Biläşova); Russian forms add -ович/-овна patronymics and -ов/-ова
// family names made from a father's name. Roles guide alignment and reasons; they never
// decide a match alone.

const (
	RoleGiven      = "given"
	RolePatronymic = "patronymic"
	RoleFamily     = "family"
	RoleMarker     = "marker"   // ұлы, qyzy, bin: tells the next/previous token's role, not compared
	RoleTitle      = "title"    // Mr, Dr, Monsieur: dropped
	RoleParticle   = "particle" // al, de, van: compared with little weight
)

// markerWords are patronymic marker tokens as phonemic readings.
var markerWords = map[string]bool{
	"ulı": true, "ulu": true, "ūlı": true, "uli": true, "uulu": true, "oğli": true, "oğlu": true, "oglu": true,
	"ogli": true, "oglı": true, "qızı": true, "kızı": true, "kizi": true, "qizi": true,
	"kiz": true, "qız": true, "ugli": true, "uğli": true, "ibn": true, "bint": true, "binti": true,
	"qıs": true, "kıs": true,
}

// arabicLinks are "son/daughter of" words of Arabic names: X bin Y names X's father Y.
var arabicLinks = map[string]bool{"bin": true, "ben": true, "ibn": true, "bint": true, "binti": true}

var titleWords = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "dr": true, "prof": true, "sir": true,
	"monsiur": true, "monsieur": true, "madame": true, "mme": true, "her": true, "frau": true,
	"jr": true, "sr": true, "lord": true, "gen": true, "kol": true, "kapt": true, "llk": true,
	"llc": true, "gospodin": true, "mırza": true, "xanım": true, "hanım": true, "inc": true,
	"president": true, "prezident": true, "minister": true, "general": true, "colonel": true,
	"prof.": true, "imam": true, "hajı": true, "aga": false, "mullah": false,
}

var particleWords = map[string]bool{
	"al": true, "el": true, "de": true, "van": true, "von": true,
	"der": true, "la": true, "le": true, "da": true, "di": true, "du": true, "dos": true,
	"del": true, "ad": true, "as": true, "ar": true, "az": true, "aş": true, "at": true,
}

// patronymic suffixes (phonemic) and the family-name suffixes made from a father's name.
var patronymicSuffixes = []string{"ūlı", "ulı", "uulu", "qızı", "kızı", "qizi", "oğlu", "oglu", "oğli",
	"ovıç", "eviç", "oviç", "ovna", "evna", "ovyç", "ovıç", "ivna", "içna", "ovic", "evic", "ovich", "ovnu"}
var familySuffixes = []string{"ova", "eva", "yeva", "ov", "ev", "yev"}

// roleOf classifies one phonemic token and returns the stem a suffix hides (Билашұлы → biläş,
// Viktorovich → viktor, Bilashov → bilaş), or "" when there is none.
func roleOf(p string) (role, stem string) {
	if r, ok := roleWords[p]; ok {
		return r, ""
	}
	if p == "" {
		return "", ""
	}
	n := utf8.RuneCountInString(p)
	for _, s := range suffixesByLastByte[p[len(p)-1]] {
		if strings.HasSuffix(p, s.suffix) && n-s.runes >= 3 {
			return s.role, p[:len(p)-len(s.suffix)]
		}
	}
	// Latvian and Lithuanian write a nominative -s on foreign names (Sergejs Lavrovs)
	if n >= 5 && p[len(p)-1] == 's' {
		if prev, _ := utf8.DecodeLastRuneInString(p[:len(p)-1]); !isVowel(prev) && prev != 's' {
			return "", p[:len(p)-1]
		}
	}
	return "", ""
}

// roleWords is titleWords, markerWords and particleWords in one map, in roleOf's order of
// precedence (title, marker, particle).
var roleWords = func() map[string]string {
	m := map[string]string{}
	for _, l := range []struct {
		words map[string]bool
		role  string
	}{{particleWords, RoleParticle}, {markerWords, RoleMarker}, {titleWords, RoleTitle}} {
		for w, yes := range l.words {
			if yes {
				m[w] = l.role
			}
		}
	}
	return m
}()

// suffixesByLastByte lists patronymicSuffixes, then familySuffixes, by their last byte, in
// order: roleOf tries only the ones a word can end with.
type roleSuffix struct {
	suffix, role string
	runes        int
}

var suffixesByLastByte = func() (t [256][]roleSuffix) {
	for _, l := range []struct {
		list []string
		role string
	}{{patronymicSuffixes, RolePatronymic}, {familySuffixes, RoleFamily}} {
		for _, s := range l.list {
			b := s[len(s)-1]
			t[b] = append(t[b], roleSuffix{s, l.role, utf8.RuneCountInString(s)})
		}
	}
	return t
}()

func isRussianPatronymic(p string) bool {
	for _, s := range []string{"oviç", "eviç", "ovıç", "ovyç", "ovic", "evic"} {
		if strings.HasSuffix(p, s) {
			return true
		}
	}
	return false
}

// Structure is the best guess at a name's parts, for display and reasons.
type Structure struct {
	Given      []string `json:"given,omitempty"`
	Patronymic []string `json:"patronymic,omitempty"`
	Family     []string `json:"family,omitempty"`
}

// assignRoles fills in roles from markers and suffixes, then calls the first unmarked
// token the given name. Tokens are modified in place.
func assignRoles(toks []Token) {
	for i := range toks {
		t := &toks[i]
		switch {
		case t.Role == RolePatronymic && isRussianPatronymic(t.Phonemic[0]) && i == len(toks)-1 && i > 0:
			t.Role = RoleFamily // Plenković, Ismailović: a surname, not a father's name
		case t.Role == RolePatronymic:
			t.Explicit = true
		case arabicLinks[t.Phonemic[0]] && i > 0 && i < len(toks)-1:
			t.Role = RoleMarker
			if p := &toks[i-1]; p.Role == "" || p.Role == RoleGiven {
				p.Role, p.Explicit = RoleGiven, true
			}
			if n := &toks[i+1]; n.Role == "" {
				n.Role, n.Explicit = RolePatronymic, true
			}
		case t.Role == RoleMarker && i > 0:
			if p := &toks[i-1]; p.Role == "" {
				p.Role, p.Explicit = RolePatronymic, true
			}
		}
	}
	given := false
	for i := range toks {
		t := &toks[i]
		switch t.Role {
		case "":
			if !given {
				t.Role = RoleGiven
				given = true
			}
		case RoleGiven:
			given = true
		}
	}
}

// structureOf lists the tokens of each role, for display.
func structureOf(toks []Token) Structure {
	var st Structure
	for i := range toks {
		t := &toks[i]
		switch t.Role {
		case RoleGiven:
			st.Given = append(st.Given, t.Text)
		case RolePatronymic:
			st.Patronymic = append(st.Patronymic, t.Text)
		case RoleFamily:
			st.Family = append(st.Family, t.Text)
		}
	}
	return st
}
