package names

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Writing systems a token can be read in. Script tags follow ISO 15924, systems BCP 47.
const (
	SysKazakhCyrl  = "kk-Cyrl"
	SysRussianCyrl = "ru-Cyrl"
	SysKyrgyzCyrl  = "ky-Cyrl"
	SysUyghurCyrl  = "ug-Cyrl"
	SysKazakhArab  = "kk-Arab"
	SysUyghurArab  = "ug-Arab"
	SysTurkicArab  = "kk/ug-Arab" // Kazakh or Uyghur Arabic, undecided: both readings
	SysArabic      = "ar-Arab"    // Arabic and Persian abjad: short vowels unwritten
	SysEnglish     = "en-Latn"    // English ad hoc and BGN/PCGN-style spellings
	SysKazakh2017  = "kk-Latn-2017"
	SysKazakh2018  = "kk-Latn-2018"
	SysKazakh2021  = "kk-Latn-2021" // also Turkish-style spellings with ş ç ğ ı
	SysUyghurLatin = "ug-Latn"      // ULY
	SysPinyin      = "zh-Latn-pinyin"
	SysICULatin    = "und-Latn-x-icu" // ICU Any-Latin (ISO 9-like) output: ž š č â û ə kˌ
	SysHanTurkic   = "zh-Hani-turkic" // Chinese characters transcribing a Turkic name
	SysHan         = "zh-Hani"        // Chinese characters of a Han or Hui name
	SysGreek       = "el-Grek"
	SysArmenian    = "hy-Armn"
	SysGeorgian    = "ka-Geor"
	SysKana        = "ja-Kana"
	SysHangul      = "ko-Hang"
	SysHebrew      = "he-Hebr"
	SysOther       = "und"
)

var scriptTables = []struct {
	tag   string
	table *unicode.RangeTable
}{
	{"Latn", unicode.Latin}, {"Cyrl", unicode.Cyrillic}, {"Arab", unicode.Arabic},
	{"Hani", unicode.Han}, {"Grek", unicode.Greek}, {"Armn", unicode.Armenian},
	{"Geor", unicode.Georgian}, {"Hira", unicode.Hiragana}, {"Kana", unicode.Katakana},
	{"Hang", unicode.Hangul}, {"Hebr", unicode.Hebrew}, {"Thai", unicode.Thai},
	{"Khmr", unicode.Khmer}, {"Deva", unicode.Devanagari}, {"Beng", unicode.Bengali},
	{"Ethi", unicode.Ethiopic}, {"Mong", unicode.Mongolian},
}

func runeScript(r rune) string {
	if r < 0x80 {
		if unicode.IsLetter(r) {
			return "Latn"
		}
		return ""
	}
	for _, s := range scriptTables {
		if unicode.Is(s.table, r) {
			return s.tag
		}
	}
	if unicode.IsLetter(r) {
		return "Zyyy"
	}
	return ""
}

// Script returns the ISO 15924 tag of the script most letters of s are written in
// ("Latn", "Cyrl", "Arab", "Hani", …), or "" when s has no letters.
func Script(s string) string {
	var counts [32]int
	best, n := "", 0
	for _, r := range s {
		sc, i := runeScriptIndex(r)
		if sc == "" {
			continue
		}
		counts[i]++
		if counts[i] > n {
			best, n = sc, counts[i]
		}
	}
	return best
}

// runeScriptIndex is runeScript with a small index for counting (hiragana counts as kana).
// Runes of the Basic Multilingual Plane are answered from a table built once from the same
// range tables (a name is read rune by rune several times, and walking seventeen range
// tables per rune was a tenth of the engine's time).
func runeScriptIndex(r rune) (string, int) {
	if r < 0x80 {
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
			return "Latn", 0
		}
		return "", 0
	}
	if r < 0x10000 {
		c := bmpScripts()[r]
		if c == 0 {
			return "", 0
		}
		return scriptTagOf[c-1], int(c - 1)
	}
	return runeScriptIndexSlow(r)
}

func runeScriptIndexSlow(r rune) (string, int) {
	for i, s := range scriptTables {
		if unicode.Is(s.table, r) {
			if s.tag == "Hira" {
				return "Kana", i + 1
			}
			return s.tag, i
		}
	}
	if unicode.IsLetter(r) {
		return "Zyyy", 31
	}
	return "", 0
}

// scriptTagOf is the tag of each counting index of runeScriptIndex.
var scriptTagOf = func() (t [32]string) {
	for i, s := range scriptTables {
		t[i] = s.tag
	}
	t[31] = "Zyyy"
	return t
}()

// bmpScripts holds runeScriptIndexSlow's index + 1 for every rune below U+10000 (0 for a
// rune of no script), filled from the range tables: letters first, then the scripts in
// reverse order so that the first table of scriptTables that holds a rune decides, as in
// the loop.
var bmpScripts = sync.OnceValue(func() *[0x10000]uint8 {
	t := new([0x10000]uint8)
	fill := func(tab *unicode.RangeTable, v uint8) {
		for _, rg := range tab.R16 {
			for c := int(rg.Lo); c <= int(rg.Hi); c += int(rg.Stride) {
				t[c] = v
			}
		}
		for _, rg := range tab.R32 {
			for c := int(rg.Lo); c <= int(rg.Hi) && c < len(t); c += int(rg.Stride) {
				t[c] = v
			}
		}
	}
	fill(unicode.Letter, 32)
	for i := len(scriptTables) - 1; i >= 0; i-- {
		v := uint8(i + 1)
		if scriptTables[i].tag == "Hira" {
			v = uint8(i + 2) // counted as kana
		}
		fill(scriptTables[i].table, v)
	}
	for c := 0; c < 0x80; c++ {
		t[c] = 0 // ASCII is answered before the table
	}
	return t
})

// cyrillicSystem tells Kazakh, Kyrgyz, Uyghur and Russian Cyrillic apart by the letters
// only one of them uses. A token without any of them reads as Russian.
func cyrillicSystem(t string) string {
	var uyghur, kazakh, shared, kyrgyz bool
	for _, r := range t {
		switch r {
		case 'җ', 'Җ':
			uyghur = true
		case 'ұ', 'Ұ', 'і', 'І':
			kazakh = true
		case 'ә', 'Ә', 'ғ', 'Ғ', 'қ', 'Қ', 'һ', 'Һ':
			shared = true
		case 'ң', 'Ң', 'ө', 'Ө', 'ү', 'Ү':
			kyrgyz = true
		}
	}
	switch {
	case uyghur:
		return SysUyghurCyrl
	case kazakh:
		return SysKazakhCyrl
	case shared:
		return SysKazakhCyrl // Uyghur Cyrillic shares these; җ decides above
	case kyrgyz:
		return SysKyrgyzCyrl
	}
	return SysRussianCyrl
}

// latinSystem guesses which Latin system a (lower-cased) token is written in.
func latinSystem(t string) string {
	if isASCII(t) {
		// every letter the cases below look for is outside ASCII but the apostrophe
		switch {
		case hasKazakh2017Apostrophe(t):
			return SysKazakh2017
		case isPinyinWord(t):
			return SysPinyin
		}
		return SysEnglish
	}
	switch {
	case strings.ContainsAny(t, "žščâûəġŝˌ") || strings.ContainsAny(t, "ұүөқғңһі"):
		return SysICULatin
	case hasKazakh2017Apostrophe(t):
		return SysKazakh2017
	case strings.ContainsAny(t, "ǵńý"):
		return SysKazakh2018
	case strings.ContainsAny(t, "şğıñūäöü") && !strings.ContainsAny(t, "éë"):
		return SysKazakh2021
	case strings.ContainsAny(t, "éë"):
		return SysUyghurLatin
	case isPinyinWord(t):
		return SysPinyin
	}
	return SysEnglish
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func hasKazakh2017Apostrophe(t string) bool {
	if !strings.Contains(t, "'") {
		return false
	}
	rs := []rune(t)
	for i := 1; i+1 < len(rs); i++ {
		if rs[i] == '\'' && strings.ContainsRune("agnouyisc", rs[i-1]) && unicode.IsLetter(rs[i+1]) {
			return true
		}
	}
	return len(rs) > 1 && rs[len(rs)-1] == '\'' && strings.ContainsRune("agnouyisc", rs[len(rs)-2])
}
