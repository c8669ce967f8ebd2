package names

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Latin spellings into the phonemic Latin. Digraphs first (longest match), then letters.
// The systems differ in a few letters only, so they share this reader with small overrides:
// Kazakh 2017 apostrophes, 2018 acutes, 2021/Turkish breves and cedillas, ULY é, pinyin x/q.

var latinDigraphs = []struct{ from, to string }{
	{"tsch", "ç"}, {"shch", "şç"}, {"dzh", "j"}, {"tzh", "tj"}, {"tsh", "tş"}, {"sch", "ş"}, {"tch", "ç"},
	{"sh", "ş"}, {"ch", "ç"}, {"zh", "j"}, {"kh", "x"}, {"gh", "ğ"}, {"ts", "c"}, {"tz", "c"},
	{"cz", "ç"}, {"sz", "ş"}, {"dj", "j"}, {"ph", "f"}, {"th", "t"}, {"dh", "d"}, {"bh", "b"},
	{"ck", "k"}, {"oo", "u"}, {"ee", "i"}, {"ou", "u"}, {"qu", "k"},
}

// Kazakh Latin 2017 (apostrophe) letters.
var kazakh2017 = []struct{ from, to string }{
	{"a'", "ä"}, {"g'", "ğ"}, {"n'", "ñ"}, {"o'", "ö"}, {"u'", "ü"}, {"y'", "u"}, {"i'", "i"},
	{"s'", "ş"}, {"c'", "ç"},
}

// Single letters with diacritics that carry a phoneme of their own; other diacritics are
// dropped (é → e, á → a).
var latinLetters = map[rune]string{
	'ä': "ä", 'ö': "ö", 'ü': "ü", 'ı': "ı", 'ş': "ş", 'ç': "ç", 'ğ': "ğ", 'ñ': "ñ", 'ū': "ū",
	'č': "ç", 'ć': "ç", 'š': "ş", 'ś': "ş", 'ž': "j", 'ǵ': "ğ", 'ń': "ñ", 'ý': "u", 'ǧ': "ğ",
	'ø': "ö", 'æ': "ä", 'œ': "ö", 'ß': "s", 'đ': "d", 'ð': "d", 'þ': "t", 'ł': "l", 'ŋ': "ñ",
	'ə': "ä", 'ɵ': "ö", 'ʻ': "", 'x': "x", 'y': "y", 'w': "w", 'c': "k", 'q': "q", 'j': "j",
}

// readLatin turns a lower-case Latin token into its phonemic form for a given system.
func readLatin(t, system string) string {
	if system == SysPinyin {
		return readPinyin(t)
	}
	var rbuf, obuf [48]rune
	rs := appendRunes(rbuf[:0], t)
	for i, r := range rs {
		// marks that carry no phoneme go before the digraphs are read (Mées = Mees)
		if r <= 0x7f {
			continue
		}
		if _, own := latinLetters[r]; !own && !(system == SysKazakh2018 && strings.ContainsRune("áóúý", r)) &&
			!(system == SysICULatin && strings.ContainsRune("âûô", r)) {
			if b := stripMarks(r); len(b) == 1 && b[0] < 0x80 {
				rs[i] = rune(b[0])
			}
		}
	}
	out := obuf[:0]
	if len(rs) > 2 && rs[0] == 'h' && rs[1] == 's' && system == SysEnglish {
		out, rs = append(out, 'ş'), rs[2:] // Wade-Giles Hsi, Hsu: pinyin Xi, Xu
	}
	for i := 0; i < len(rs); {
		if system == SysKazakh2017 {
			if p, n := matchPrefixRunes(rs[i:], kazakh2017Index); n > 0 {
				out = appendRunes(out, p)
				i += n
				continue
			}
		}
		if p, n := matchPrefixRunes(rs[i:], latinDigraphIndex); n > 0 {
			out = appendRunes(out, p)
			i += n
			continue
		}
		r := rs[i]
		next := rune(0)
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		i++
		switch {
		case r == 'c':
			if next == 0 && len(out) > 0 && isVowel(out[len(out)-1]) && system == SysEnglish {
				out = append(out, 'ç') // Vučić written Vucic: a final c is not English
			} else if (next == 'e' || next == 'i' || next == 'y') && system == SysEnglish {
				out = append(out, 's')
			} else if system == SysKazakh2017 || system == SysKazakh2021 {
				out = append(out, 'c')
			} else {
				out = append(out, 'k')
			}
		case system == SysICULatin && (r == 'j' || r == 'â' || r == 'û' || r == 'ô'):
			// ISO 9 as ICU writes it: j is й, â я, û ю, ô ё
			out = append(out, 'y')
			switch r {
			case 'â':
				out = append(out, 'a')
			case 'û':
				out = append(out, 'u')
			case 'ô':
				out = append(out, 'o')
			}
		case system == SysICULatin && r == 'h':
			out = append(out, 'x')
		case system == SysICULatin && r == 'y':
			out = append(out, 'ı')
		case system == SysICULatin && r == 'c' && next != 'h':
			out = append(out, 'c')
		case r == 'y':
			out = append(out, readLatinY(system, out, next))
		case r == 'ı' && system == SysKazakh2021:
			out = append(out, 'i') // Kazakh Latin 2021 writes і as ı
		case r == 'i' && system == SysKazakh2018:
			out = append(out, 'i')
		case r == 'u' && system == SysKazakh2018:
			out = append(out, 'ū')
		case r == 'ú' && system == SysKazakh2018:
			out = append(out, 'ü')
		case r == 'á':
			if system == SysKazakh2018 {
				out = append(out, 'ä')
			} else {
				out = append(out, 'a')
			}
		case r == 'ó' && system == SysKazakh2018:
			out = append(out, 'ö')
		case r == 'e' && system == SysUyghurLatin:
			out = append(out, 'ä')
		case r == 'n' && next == 'g' && (i+1 >= len(rs) || !isLatinVowel(rs[i+1]) || rs[i+1] == '\u200b'):
			out = append(out, 'ñ')
			i++
		case r == '\u200b':
			// a syllable break left by joinSyllables
		case r == 'ˌ' || r == 'ʹ' || r == 'ʺ':
			// ICU Any-Latin writes қ as kˌ; BGN writes ь and ъ as primes
			if r == 'ˌ' && len(out) > 0 && out[len(out)-1] == 'k' {
				out[len(out)-1] = 'q'
			}
		case r >= 0x400 && unicode.Is(unicode.Cyrillic, r):
			// Cyrillic letters ICU Any-Latin leaves in place (Žұpar): read them as Cyrillic
			out = appendRunes(out, cyrillicPhonemes[unicode.ToLower(r)])
		case r == '\'':
			// a lone apostrophe (hamza, ayn, syllable break) is not a sound we compare
		case r < utf8.RuneSelf:
			// ASCII letters without an entry in latinLetters read as themselves (the
			// entries for x, y, w, q, j say so too; c was read above)
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			out = append(out, r)
		default:
			if p, ok := latinLetters[r]; ok {
				out = appendRunes(out, p)
			} else {
				out = appendRunes(out, stripMarks(r))
			}
		}
	}
	return string(collapseDoubleRunes(out))
}

// readLatinY: y is a glide before a vowel, the vowel ы in Kazakh 2017/2018 and after a
// consonant in English spellings of Turkic and Russian names (Syrym, Zelenskyy).
func readLatinY(system string, out []rune, next rune) rune {
	if system == SysKazakh2017 || system == SysKazakh2018 {
		return 'ı'
	}
	if isLatinVowel(next) {
		return 'y'
	}
	if len(out) > 0 && !isVowel(out[len(out)-1]) {
		return 'ı'
	}
	if len(out) == 0 && next != 0 {
		return 'ı'
	}
	return 'y'
}

func isLatinVowel(r rune) bool {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'ä', 'ö', 'ü', 'ı', 'ū', 'é', 'è', 'ê', 'ë', 'á', 'à', 'â', 'í', 'ì', 'î',
		'ó', 'ò', 'ô', 'ú', 'ù', 'û', 'y':
		return true
	}
	return false
}

func matchPrefix(s string, table []struct{ from, to string }) (string, int) {
	for _, d := range table {
		if strings.HasPrefix(s, d.from) {
			return d.to, len([]rune(d.from))
		}
	}
	return "", 0
}

// digraph is one entry of a digraph table as runes.
type digraph struct {
	from []rune
	to   string
}

// digraphIndex lists a digraph table's entries by their first rune (ASCII only), keeping
// the table's order, so that a reader tries only the entries that can match.
type digraphIndex [utf8.RuneSelf][]digraph

func newDigraphIndex(table []struct{ from, to string }) *digraphIndex {
	var x digraphIndex
	for _, d := range table {
		from := []rune(d.from)
		if from[0] >= utf8.RuneSelf {
			panic("digraph index: non-ASCII first letter " + d.from)
		}
		x[from[0]] = append(x[from[0]], digraph{from, d.to})
	}
	return &x
}

var latinDigraphIndex = newDigraphIndex(latinDigraphs)
var kazakh2017Index = newDigraphIndex(kazakh2017)

// matchPrefixRunes is matchPrefix on runes through an index: the first entry of the table
// that rs starts with.
func matchPrefixRunes(rs []rune, x *digraphIndex) (string, int) {
	if len(rs) == 0 || rs[0] < 0 || rs[0] >= utf8.RuneSelf {
		return "", 0
	}
next:
	for _, d := range x[rs[0]] {
		if len(d.from) > len(rs) {
			continue
		}
		for k := 1; k < len(d.from); k++ {
			if rs[k] != d.from[k] {
				continue next
			}
		}
		return d.to, len(d.from)
	}
	return "", 0
}

// appendRunes is append(rs, []rune(s)...) without the intermediate slice.
func appendRunes(rs []rune, s string) []rune {
	for _, r := range s {
		rs = append(rs, r)
	}
	return rs
}

// stripMarks removes combining marks: é → e, ą → a. The answers for the Latin, Greek,
// Cyrillic and Armenian blocks are computed once.
func stripMarks(r rune) string {
	if r >= 0 && r < stripMarksTableSize {
		return stripMarksTable()[r]
	}
	return stripMarksSlow(r)
}

const stripMarksTableSize = 0x600

var stripMarksTable = sync.OnceValue(func() *[stripMarksTableSize]string {
	var t [stripMarksTableSize]string
	for r := rune(0); r < stripMarksTableSize; r++ {
		t[r] = stripMarksSlow(r)
	}
	return &t
})

func stripMarksSlow(r rune) string {
	d := norm.NFD.String(string(r))
	var b strings.Builder
	for _, c := range d {
		if !unicode.Is(unicode.Mn, c) {
			b.WriteRune(unicode.ToLower(c))
		}
	}
	return b.String()
}

// collapseDoubles writes doubled phonemes once: Mohammed, Mohamed and Муххамед agree, and
// gemination is the commonest variation in transcribed names.
func collapseDoubles(s string) string {
	var last rune = -1
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == last || r == utf8.RuneError && n == 1 {
			return collapseDoublesSlow(s)
		}
		last = r
		i += n
	}
	return s // nothing doubled: s as it is
}

func collapseDoublesSlow(s string) string {
	var b strings.Builder
	var last rune = -1
	for _, r := range s {
		if r != last {
			b.WriteRune(r)
		}
		last = r
	}
	return b.String()
}

// collapseDoubleRunes is collapseDoubles in place on runes.
func collapseDoubleRunes(rs []rune) []rune {
	out := rs[:0]
	var last rune = -1
	for _, r := range rs {
		if r != last {
			out = append(out, r)
		}
		last = r
	}
	return out
}
