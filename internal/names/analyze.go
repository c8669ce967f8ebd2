package names

import (
	"hash/maphash"
	"strings"
	"unicode"
)

// Token is one word of a name as read by the engine.
type Token struct {
	Text     string   `json:"text"`               // normalised spelling
	Script   string   `json:"script"`             // ISO 15924
	System   string   `json:"system"`             // writing system, see the Sys* constants
	Phonemic []string `json:"phonemic"`           // readings in the phonemic Latin, best first
	Stem     string   `json:"stem,omitempty"`     // phonemic stem under a patronymic or -ov suffix
	Role     string   `json:"role,omitempty"`     // see the Role* constants
	Explicit bool     `json:"explicit,omitempty"` // role shown by a marker or suffix, not guessed
	Abjad    bool     `json:"abjad,omitempty"`    // short vowels unwritten: compare consonants
	Pinyin   string   `json:"pinyin,omitempty"`   // pinyin of Chinese characters as printed
	Han      []string `json:"han,omitempty"`      // surname and given name of a Han/Hui reading
}

// Analysis explains how the engine reads one name form.
type Analysis struct {
	Input         string            `json:"input"`
	Normalized    string            `json:"normalized"`
	Script        string            `json:"script"`
	Tokens        []Token           `json:"tokens"`
	Readings      [][]string        `json:"readings"` // whole-name alternatives, phonemic tokens
	Structure     Structure         `json:"structure"`
	Romanizations map[string]string `json:"romanizations"`
	Keys          []string          `json:"keys"`
	compareTokens [][]ctoken        // Readings with roles and stems, for scoring
}

// Analyze reads a name form: normalisation, script and writing system per token, phonemic
// readings, structure, romanisations and blocking keys.
func Analyze(s string) Analysis {
	raw := normalizeTokens(s)
	a := Analysis{Input: s, Normalized: strings.Join(raw, " "), Script: Script(s)}
	a.Tokens, a.compareTokens = readTokens(raw)
	for i := range a.Tokens {
		// the caller owns what Analyze returns; the cache keeps its own
		t := &a.Tokens[i]
		t.Phonemic, t.Han = cloneSlice(t.Phonemic), cloneSlice(t.Han)
	}
	a.Structure = structureOf(a.Tokens)
	for _, r := range a.compareTokens {
		ps := make([]string, 0, len(r))
		for _, t := range r {
			ps = append(ps, t.p)
		}
		a.Readings = append(a.Readings, ps)
	}
	a.Romanizations = romanizations(a)
	a.Keys = keysOf(a.compareTokens)
	return a
}

// analyzeReadings is what the keys and scoring paths need of Analyze: the readings with
// roles and stems, without strings, structure, romanisations or keys.
func analyzeReadings(s string) [][]ctoken {
	_, rd := readTokens(normalizeTokens(s))
	return rd
}

// readTokens reads normalised tokens, gives them roles and lists the name's readings.
func readTokens(raw []string) ([]Token, [][]ctoken) {
	var toks []Token // nil, not empty, for a name without tokens (Analyze shows it)
	if len(raw) > 0 {
		toks = readTokensInto(make([]Token, 0, len(raw)), raw)
	}
	return toks, buildReadings(toks)
}

// readTokensInto is readTokens without the readings: the tokens read, with their systems
// upgraded and their roles given, appended to toks.
func readTokensInto(toks []Token, raw []string) []Token {
	transcribed := hanRuns(raw) > 1
	for _, w := range raw {
		toks = append(toks, readToken(w, transcribed))
	}
	upgradeSystems(toks)
	assignRoles(toks)
	return toks
}

func hanRuns(ws []string) int {
	n := 0
	for _, w := range ws {
		for _, r := range w {
			if isHan(r) {
				n++
				break
			}
		}
	}
	return n
}

// tokenKey names a token reading in tokenCache: the normalised word, whether it stood among
// several runs of Chinese characters, and the system upgradeSystems moved it to ("" for
// the word read on its own).
type tokenKey struct {
	w           string
	transcribed bool
	up          string
}

// tokenCacheSize is how many token readings the engine keeps (see cache.go): the distinct
// words of a large archive's commoner names.
const tokenCacheSize = 1 << 15

var tokenCache = newBoundedCache[tokenKey, Token](tokenCacheSize, hashTokenKey)

func hashTokenKey(seed maphash.Seed, k tokenKey) uint64 {
	h := maphash.String(seed, k.w)
	if k.up != "" {
		h ^= maphash.String(seed, k.up) * 0x9E3779B97F4A7C15
	}
	if k.transcribed {
		h ^= 0xC2B2AE3D27D4EB4F
	}
	return h
}

// readToken detects a token's script and system and reads it (remembered in tokenCache).
func readToken(w string, transcribed bool) Token {
	k := tokenKey{w: w, transcribed: transcribed}
	if t, ok := tokenCache.get(k); ok {
		return t
	}
	t := cloneToken(readTokenUncached(w, transcribed))
	k.w = t.Text
	tokenCache.put(k, t)
	return t
}

// cloneToken copies the strings of a token that may be slices of the caller's input (the
// word, and its reading in a script without a table, which is the word's letters), so that
// a cache does not keep a long input alive. The readers build every other string anew.
func cloneToken(t Token) Token {
	t.Text = strings.Clone(t.Text)
	if t.System == SysOther {
		t.Phonemic = cloneSlice(t.Phonemic)
		for i, p := range t.Phonemic {
			t.Phonemic[i] = strings.Clone(p)
		}
		t.Stem = strings.Clone(t.Stem)
	}
	return t
}

// cloneSlice copies a slice (nil stays nil, empty stays empty).
func cloneSlice(ss []string) []string {
	if ss == nil {
		return nil
	}
	return append(make([]string, 0, len(ss)), ss...)
}

// readTokenUncached is readToken without the cache.
func readTokenUncached(w string, transcribed bool) Token {
	t := Token{Text: w, Script: Script(w)}
	switch t.Script {
	case "Cyrl":
		t.System = cyrillicSystem(w)
		t.Phonemic = []string{collapseDoubles(readCyrillic(w, t.System))}
		if py := palladiusToPinyin(w); py != "" {
			t.Phonemic = append(t.Phonemic, readPinyin(py))
		}
	case "Latn":
		t.System = latinSystem(w)
		if t.System != SysPinyin {
			t.Phonemic = []string{readLatin(w, t.System)}
		} else {
			// a pinyin word splits into syllables (latinSystem said so): split it once
			var buf [16]string
			syls, _ := segmentPinyinInto(w, buf[:0])
			t.Phonemic = make([]string, 1, 3)
			t.Phonemic[0] = readPinyinSyllables(syls) // readLatin(w, SysPinyin)
			if tk := turkicFromSyllables(syls); tk != "" && tk != t.Phonemic[0] && len(syls) >= 3 {
				t.Phonemic = append(t.Phonemic, tk)
			}
			if en := readLatin(w, SysEnglish); en != t.Phonemic[0] {
				t.Phonemic = append(t.Phonemic, en)
			}
		}
	case "Arab":
		t.System = arabicSystem(w)
		switch t.System {
		case SysKazakhArab:
			t.Phonemic = []string{readTurkicArabic(w, true)}
		case SysUyghurArab:
			t.Phonemic = []string{readTurkicArabic(w, false)}
		case SysTurkicArab:
			t.Phonemic = uniq([]string{readTurkicArabic(w, true), readTurkicArabic(w, false)})
		default:
			t.Phonemic = []string{readAbjad(w)}
			t.Abjad = true
		}
	case "Hani":
		turkic, han, printed := readHan(w, transcribed)
		t.System = SysHanTurkic
		t.Pinyin = printed
		t.Phonemic = []string{turkic}
		if han != nil {
			t.System = SysHan
			t.Han = han
			t.Phonemic = uniq([]string{readPinyin(han[0]) + readPinyin(han[1]), turkic})
		}
	case "Grek":
		t.System = SysGreek
		t.Phonemic = []string{readTable(w, greekLetters, greekDigraphs)}
	case "Armn":
		t.System = SysArmenian
		t.Phonemic = []string{readTable(strings.ReplaceAll(w, "ու", "u"), armenianLetters, nil)}
	case "Geor":
		t.System = SysGeorgian
		t.Phonemic = []string{readTable(w, georgianLetters, nil)}
	case "Kana", "Hira":
		t.System = SysKana
		t.Phonemic = []string{readKana(w)}
	case "Hang":
		t.System = SysHangul
		t.Phonemic = []string{readHangul(w)}
	case "Hebr":
		t.System = SysHebrew
		t.Phonemic = []string{readTable(w, hebrewLetters, nil)}
		t.Abjad = true
	default:
		t.System = SysOther
		t.Phonemic = []string{strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsMark(r) {
				return r
			}
			return -1
		}, w)}
	}
	t.Role, t.Stem = roleOf(t.Phonemic[0])
	return t
}

// upgradeSystems: a Cyrillic token without Kazakh letters inside a name that has them is
// Kazakh too (Серикжан Біләш); the same for Latin tokens beside Kazakh 2021 ones.
func upgradeSystems(toks []Token) {
	var cyrl, latn, arab string // the system each script is upgraded to, "" for none
	for _, t := range toks {
		switch t.System {
		case SysKazakhCyrl, SysKyrgyzCyrl, SysUyghurCyrl:
			cyrl = t.System
		case SysKazakh2021, SysKazakh2017, SysKazakh2018, SysUyghurLatin, SysICULatin:
			latn = t.System
		case SysKazakhArab, SysUyghurArab, SysTurkicArab:
			if arab == "" || arab == SysTurkicArab {
				arab = t.System
			}
		}
	}
	if cyrl == "" && latn == "" && arab == "" {
		return
	}
	for i := range toks {
		t := &toks[i]
		var up string
		switch t.Script {
		case "Cyrl":
			up = cyrl
		case "Latn":
			up = latn
		case "Arab":
			up = arab
		}
		if up == "" || t.System != SysRussianCyrl && t.System != SysEnglish && t.System != SysArabic {
			continue
		}
		k := tokenKey{w: t.Text, up: up}
		if u, ok := tokenCache.get(k); ok {
			*t = u
			continue
		}
		u := cloneToken(upgradeToken(*t, up))
		k.w = u.Text
		tokenCache.put(k, u)
		*t = u
	}
}

// upgradeToken reads a token again in the system up. The token's slices are not modified:
// they may be shared with tokenCache.
func upgradeToken(t Token, up string) Token {
	u := upgradedToken(t, up)
	if len(u.Phonemic) == 0 {
		// Neither Turkic reading says anything (ئئ, a hamza carrier twice, in a Uyghur
		// name): the word keeps its own reading. A token without any made every step after
		// this panic (roles, readings, keys), so saving such a name failed.
		return t
	}
	return u
}

func upgradedToken(t Token, up string) Token {
	t.System = up
	switch t.Script {
	case "Latn":
		t.Phonemic = withFirst(t.Phonemic, readLatin(t.Text, up))
	case "Cyrl":
		t.Phonemic = withFirst(t.Phonemic, collapseDoubles(readCyrillic(t.Text, up)))
	case "Arab":
		// a word without Turkic letters (العا) inside a Kazakh or Uyghur Arabic name
		t.Abjad = false
		switch up {
		case SysKazakhArab:
			t.Phonemic = []string{readTurkicArabic(t.Text, true)}
		case SysUyghurArab:
			t.Phonemic = []string{readTurkicArabic(t.Text, false)}
		default:
			t.Phonemic = uniq([]string{readTurkicArabic(t.Text, true), readTurkicArabic(t.Text, false)})
		}
	}
	return t
}

// withFirst is a copy of ss with its first element replaced.
func withFirst(ss []string, first string) []string {
	out := append([]string(nil), ss...)
	out[0] = first
	return out
}

func uniq(ss []string) []string {
	out := ss[:0]
	seen := map[string]bool{}
	for _, s := range ss {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
