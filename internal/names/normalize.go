package names

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize returns the comparable form of a name as written: format characters removed
// (ZWJ, ZWNJ, BOM, soft hyphen, directional marks, tatweel), compatibility forms folded by
// NFKC (fullwidth letters, Arabic presentation forms, ligatures), homoglyphs inside a word
// moved to the word's script, traditional Chinese characters of names simplified,
// separators (· ・ ‧ - _ , / and brackets) turned into single spaces, "SURNAME, Given"
// turned around, and case folded with the Turkic dotted and dotless i kept apart.
func Normalize(s string) string {
	return strings.Join(normalizeTokens(s), " ")
}

// normalizeTokens is Normalize before the final join.
func normalizeTokens(s string) []string {
	return normalizeTokensInto(nil, s)
}

// normalizeTokensInto is normalizeTokens appending to dst (Keys passes an array on its
// stack: most names have a few words, and the slice was an allocation of every form).
func normalizeTokensInto(dst []string, s string) []string {
	s = normalizeText(s)
	// the fields of strings.FieldsFunc(s, isSeparator), each folded as it is cut
	start := -1
	for i, r := range s {
		if !isSeparator(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			dst = appendNormalizedField(dst, s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		dst = appendNormalizedField(dst, s[start:])
	}
	return dst
}

// normalizeText is a name's text as normalizeTokensInto cuts it into words: format
// characters gone, NFKC, "SURNAME, Given" turned round, inner dots and split syllables
// joined.
func normalizeText(s string) string {
	switch strip, inert := scanInput(s); {
	case strip:
		var b strings.Builder
		for _, r := range s {
			if r == 0x640 || unicode.Is(unicode.Cf, r) {
				continue // tatweel and format characters carry no letters
			}
			b.WriteRune(r) // invalid UTF-8 becomes U+FFFD here
		}
		s = nfkcString(b.String())
	case !inert:
		s = norm.NFKC.String(s)
	}
	s = surnameCommaGiven(s)
	s = dropInnerDots(s)
	return joinSyllables(s)
}

// appendNormalizedField appends one field of a name, its quotes trimmed and folded, when
// anything is left of it.
func appendNormalizedField(dst []string, f string) []string {
	if f = strings.Trim(f, "'"); f == "" {
		return dst
	}
	return append(dst, foldToken(fixHomoglyphs(f)))
}

// surnameCommaGiven turns "NURISTANI, Abdul Aziz" into "Abdul Aziz NURISTANI". Lists of
// detainees and sanctions lists write the family name first with a comma.
func surnameCommaGiven(s string) string {
	i := strings.IndexByte(s, ',')
	if j := strings.Index(s, "،"); j >= 0 && (i < 0 || j < i) {
		i = j
	}
	if i < 0 || strings.Count(s, ",")+strings.Count(s, "،") != 1 {
		return s
	}
	_, size := firstRune(s[i:])
	head, tail := strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+size:])
	if head == "" || tail == "" {
		return s
	}
	return tail + " " + head
}

func firstRune(s string) (rune, int) {
	for i, r := range s {
		_ = i
		return r, len(string(r))
	}
	return 0, 0
}

// hasFormatOrInvalid says whether s holds a tatweel, a format character or invalid UTF-8,
// which normalizeTokens must rewrite; most names hold none and are used as they are.
func hasFormatOrInvalid(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || isFormat(r) {
			return true
		}
		i += n
	}
	return false
}

// scanInput is hasFormatOrInvalid(s) and isInert(s, inertNFKC) in one pass (inert is only
// meaningful when strip is false).
func scanInput(s string) (strip, inert bool) {
	t := inertRunes()
	inert = true
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if t[c]&inertNFKC == 0 {
				inert = false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || isFormat(r) {
			return true, false
		}
		if r >= 0xA000 || t[r]&inertNFKC == 0 {
			inert = false
		}
		i += n
	}
	return false, inert
}

// asciiSeparators is isSeparator for the ASCII runes, computed once.
var asciiSeparators = func() (t [utf8.RuneSelf]bool) {
	for r := rune(0); r < utf8.RuneSelf; r++ {
		t[r] = isSeparatorRune(r)
	}
	return t
}()

func isSeparator(r rune) bool {
	if r < utf8.RuneSelf && r >= 0 {
		return asciiSeparators[r]
	}
	if r < 0x10000 {
		return runeFlags()[r]&flagSeparator != 0
	}
	return isSeparatorRune(r)
}

// runeFlags holds, for every rune of the Basic Multilingual Plane, whether isSeparatorRune
// says it separates words and whether foldToken changes it (runeFoldsSlow), computed once:
// the Unicode category lookups behind them were a third of normalising a name.
const (
	flagSeparator = 1 << iota
	flagFolds
	flagFormat // tatweel or a format character (Cf): dropped before reading
)

// isFormat says whether normalizeTokens drops r.
func isFormat(r rune) bool {
	if r < 0xAD {
		return false
	}
	if r < 0x10000 {
		return runeFlags()[r]&flagFormat != 0
	}
	return unicode.Is(unicode.Cf, r)
}

var runeFlags = sync.OnceValue(func() *[0x10000]uint8 {
	t := new([0x10000]uint8)
	for r := rune(0); r < 0x10000; r++ {
		if isSeparatorRune(r) {
			t[r] |= flagSeparator
		}
		if runeFoldsSlow(r) {
			t[r] |= flagFolds
		}
		if r == 0x640 || unicode.Is(unicode.Cf, r) {
			t[r] |= flagFormat
		}
	}
	return t
})

func isSeparatorRune(r rune) bool {
	switch r {
	case '\'', '’', 'ʼ', 'ʻ', '`', '´', 'ʹ', 'ʺ':
		return false // apostrophes are letters in Kazakh Latin 2017 and Korean romanisation
	case '·', '・', '‧', '•', '∙', '⋅', '‐', '‑', '‒', '–', '—', '-', '_', ',', '،', '/', '.',
		'(', ')', '[', ']', '"', '«', '»', '“', '”', ';', ':', '、', '，', '。', '|', '&', '+':
		return true
	}
	return unicode.IsSpace(r) || unicode.IsPunct(r) && r != '\'' || unicode.IsSymbol(r) || unicode.IsDigit(r)
}

// foldToken lower-cases one token. I and İ are Turkic letters in Kazakh Latin 2021, Turkish
// and Azerbaijani spellings: İ is always i, I becomes ı only when the token shows other
// Turkic Latin letters, so that English "IBRAHIM" stays ibrahim.
func foldToken(t string) string {
	if folded, ok := foldASCIIToken(t); ok {
		return folded
	}
	if !needsFold(t) {
		return nfcString(t)
	}
	turkic := strings.IndexByte(t, 'I') >= 0 && strings.ContainsAny(t, "şŞğĞıİäÄñÑūŪ") // only I needs it
	var buf [64]byte
	b := buf[:0]
	for _, r := range t {
		switch r {
		case 'İ':
			b = append(b, 'i')
			continue
		case 'I':
			if turkic {
				b = utf8.AppendRune(b, 'ı')
			} else {
				b = append(b, 'i')
			}
			continue
		case '’', 'ʼ', 'ʻ', '`', '´', 'ʹ':
			b = append(b, '\'')
			continue
		}
		if r >= 0x4E00 {
			if s, ok := tradToSimp[r]; ok {
				r = s
			}
		}
		b = utf8.AppendRune(b, toLower(r))
	}
	return nfcString(string(b))
}

// toLower is unicode.ToLower, from a table for the Latin, Greek, Cyrillic and Armenian
// letters.
func toLower(r rune) rune {
	if r >= 0 && r < int32(len(lowerTable)) {
		return lowerTable[r]
	}
	return unicode.ToLower(r)
}

var lowerTable = func() (t [0x600]rune) {
	for r := range t {
		t[r] = unicode.ToLower(rune(r))
	}
	return t
}()

// foldASCIIToken is foldToken for a token of ASCII letters: no Turkic letter can be in it,
// so I is i, and nothing needs composing. ok is false for any other token.
func foldASCIIToken(t string) (string, bool) {
	change := false
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c >= utf8.RuneSelf {
			return "", false
		}
		if 'A' <= c && c <= 'Z' || c == '`' {
			change = true
		}
	}
	if !change {
		return t, true
	}
	b := make([]byte, len(t))
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case c == '`':
			c = '\''
		}
		b[i] = c
	}
	return string(b), true
}

// needsFold says whether foldToken would change any rune of t before composing it.
func needsFold(t string) bool {
	for _, r := range t {
		if r < 0x10000 {
			if runeFlags()[r]&flagFolds != 0 {
				return true
			}
		} else if runeFoldsSlow(r) {
			return true
		}
	}
	return false
}

// runeFoldsSlow says whether foldToken changes r (before composing).
func runeFoldsSlow(r rune) bool {
	switch r {
	case 'İ', 'I', '’', 'ʼ', 'ʻ', '`', '´', 'ʹ':
		return true
	}
	if r >= 0x4E00 {
		if _, ok := tradToSimp[r]; ok {
			return true
		}
	}
	return unicode.ToLower(r) != r
}

// Latin letters that look like Cyrillic ones and back: a list typed on a mixed keyboard
// often has "Сeрікжан" with a Latin e.
var latinToCyrillic = map[rune]rune{
	'A': 'А', 'B': 'В', 'C': 'С', 'E': 'Е', 'H': 'Н', 'I': 'І', 'K': 'К', 'M': 'М', 'O': 'О',
	'P': 'Р', 'T': 'Т', 'X': 'Х', 'Y': 'У', 'a': 'а', 'c': 'с', 'e': 'е', 'i': 'і', 'o': 'о',
	'p': 'р', 'x': 'х', 'y': 'у', 'k': 'к', 'm': 'м',
}

var cyrillicToLatin = func() map[rune]rune {
	m := make(map[rune]rune, len(latinToCyrillic))
	for l, c := range latinToCyrillic {
		if l == 'Y' || l == 'y' {
			continue // у is a vowel u, not y: only treat it as a homoglyph of the shape
		}
		m[c] = l
	}
	return m
}()

// fixHomoglyphs moves look-alike letters of the minority script of a word into the script
// of its majority.
func fixHomoglyphs(w string) string {
	if isASCII(w) {
		return w // no Cyrillic letter in it
	}
	var cyr, lat int
	for _, r := range w {
		switch sc, _ := runeScriptIndex(r); sc {
		case "Cyrl":
			cyr++
		case "Latn":
			lat++
		}
	}
	if cyr == 0 || lat == 0 || cyr == lat {
		return w
	}
	table := cyrillicToLatin
	if cyr > lat {
		table = latinToCyrillic
	}
	return strings.Map(func(r rune) rune {
		if t, ok := table[r]; ok {
			return t
		}
		return r
	}, w)
}

// joinSyllables writes hyphenated runs of short syllables as one word: Korean and Chinese
// given names (Jong-un, Myong-chul, Kai-shek) are one name, and their syllables are too
// short to compare one by one. Hyphens between longer parts (Қасым-Жомарт, al-Assad) stay
// separators.
func joinSyllables(s string) string {
	if !strings.Contains(s, "-") {
		return s
	}
	words := strings.Fields(s)
	for i, w := range words {
		parts := strings.Split(w, "-")
		if len(parts) < 2 {
			continue
		}
		short := true
		for _, p := range parts {
			n := len([]rune(p))
			if n < 2 || n > 5 || particleWords[strings.ToLower(p)] || !isLatinWord(p) {
				short = false
			}
		}
		if short {
			words[i] = strings.Join(parts, syllableBreak)
		}
	}
	return strings.Join(words, " ")
}

// syllableBreak marks where joined syllables met (Jong-un → Jong\u200bun) so that readers
// still see the boundary (ng + u is ñ + u, not n + gu). It is a format character, invisible,
// and dropped by the readers.
const syllableBreak = "\u200b"

func isLatinWord(w string) bool {
	for _, r := range w {
		if !unicode.Is(unicode.Latin, r) && r != '\'' && r != '’' {
			return false
		}
	}
	return true
}

// dropInnerDots removes a middle dot between two Latin letters: ICU's romanisations write
// ABDIKAI·YR to keep й+ы apart. Between words, or in Chinese text, · stays a separator.
func dropInnerDots(s string) string {
	if !strings.ContainsRune(s, '·') {
		return s
	}
	if !utf8.ValidString(s) {
		return dropInnerDotsRunes(s) // writes U+FFFD for invalid bytes, as it always has
	}
	// the dots between Chinese names (阿布尕力木·阿力皮斯巴伊) stay: s itself, without
	// the rune slice and the two strings it took
	const dot = len("·")
	var buf [128]byte
	b, done := buf[:0], 0 // s[:done] is in b
	prev := rune(-1)
	for i, r := range s {
		if r == '·' && prev >= 0 && i+dot < len(s) && unicode.Is(unicode.Latin, prev) {
			if next, _ := utf8.DecodeRuneInString(s[i+dot:]); unicode.Is(unicode.Latin, next) {
				b = append(b, s[done:i]...)
				done = i + dot
			}
		}
		prev = r
	}
	if done == 0 {
		return s
	}
	return string(append(b, s[done:]...))
}

// dropInnerDotsRunes is dropInnerDots by runes.
func dropInnerDotsRunes(s string) string {
	rs := []rune(s)
	out := rs[:0]
	for i, r := range rs {
		if r == '·' && i > 0 && i+1 < len(rs) && unicode.Is(unicode.Latin, rs[i-1]) && unicode.Is(unicode.Latin, rs[i+1]) {
			continue
		}
		out = append(out, r)
	}
	return string(out)
}

// Most names are already normalised, and x/text answers that only after looking every rune
// up in its tries. inertRunes marks, for the runes of names (below U+3000, and the CJK
// unified ideographs), those that are normalised on their own, have combining class 0 and
// never combine with the rune before them (a normalisation boundary before): in a string
// of such runes every rune boundary is a normalisation boundary, so the string is
// normalised as it is.
const (
	inertNFC  = 1 << iota // normalised under NFC, class 0, a boundary before
	inertNFKC             // the same under NFKC
)

var inertRunes = sync.OnceValue(func() *[0xA000]uint8 {
	t := new([0xA000]uint8)
	for r := rune(0); r < 0xA000; r++ {
		if r >= 0x3000 && r < 0x4E00 || r >= 0xD800 && r < 0xE000 {
			continue
		}
		s := string(r)
		for _, f := range []struct {
			form norm.Form
			bit  uint8
		}{{norm.NFC, inertNFC}, {norm.NFKC, inertNFKC}} {
			p := f.form.PropertiesString(s)
			if p.CCC() == 0 && p.BoundaryBefore() && f.form.IsNormalString(s) {
				t[r] |= f.bit
			}
		}
	}
	return t
})

// isInert says whether every rune of s has the bit in inertRunes.
func isInert(s string, bit uint8) bool {
	t := inertRunes()
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < utf8.RuneSelf {
			if t[c]&bit == 0 {
				return false
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r >= 0xA000 || r == utf8.RuneError || t[r]&bit == 0 {
			return false
		}
		i += n - 1
	}
	return true
}

// nfkcString is norm.NFKC.String(s), answered without x/text when every rune is inert.
func nfkcString(s string) string {
	if isInert(s, inertNFKC) {
		return s
	}
	return norm.NFKC.String(s)
}

// nfcString is norm.NFC.String(s), answered without x/text when every rune is inert.
func nfcString(s string) string {
	if isInert(s, inertNFC) {
		return s
	}
	return norm.NFC.String(s)
}
