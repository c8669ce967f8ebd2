package synth

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The transliteration tables below are synth's own, deliberately simple, and independent of
// internal/names. They produce the kinds of variation real records show (kk-Latn against
// English press spellings, Russian-style Cyrillic, Chinese transcriptions), not a standard.

// kkLatn2021 is the Kazakh Latin alphabet of 2021.
var kkLatn2021 = map[rune]string{
	'а': "a", 'ә': "ä", 'б': "b", 'в': "v", 'г': "g", 'ғ': "ğ", 'д': "d", 'е': "e", 'ё': "io",
	'ж': "j", 'з': "z", 'и': "i", 'й': "i", 'к': "k", 'қ': "q", 'л': "l", 'м': "m", 'н': "n",
	'ң': "ñ", 'о': "o", 'ө': "ö", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ұ': "ū",
	'ү': "ü", 'ф': "f", 'х': "h", 'һ': "h", 'ц': "ts", 'ч': "ch", 'ш': "ş", 'щ': "şş", 'ъ': "",
	'ы': "y", 'і': "ı", 'ь': "", 'э': "e", 'ю': "iu", 'я': "ia",
}

// kkEnglish is the loose romanisation of English-language press and petitions.
var kkEnglish = map[rune]string{
	'а': "a", 'ә': "a", 'б': "b", 'в': "v", 'г': "g", 'ғ': "gh", 'д': "d", 'е': "e", 'ё': "yo",
	'ж': "zh", 'з': "z", 'и': "i", 'й': "y", 'к': "k", 'қ': "q", 'л': "l", 'м': "m", 'н': "n",
	'ң': "ng", 'о': "o", 'ө': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ұ': "u",
	'ү': "u", 'ф': "f", 'х': "kh", 'һ': "h", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "",
	'ы': "y", 'і': "i", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
}

// kkRussian writes Kazakh letters the way Russian-language documents do.
var kkRussian = map[rune]string{'ә': "а", 'ғ': "г", 'қ': "к", 'ң': "н", 'ө': "о", 'ұ': "у",
	'ү': "у", 'һ': "х", 'і': "и"}

// kkKyrgyz keeps the letters Kyrgyz shares (ң, ө, ү) and replaces the rest.
var kkKyrgyz = map[rune]string{'ә': "а", 'ғ': "г", 'қ': "к", 'ұ': "у", 'һ': "х", 'і': "и"}

// ulyRussian writes Uyghur Latin (ULY) in Russian-style Cyrillic, digraphs first.
var ulyRussian = strings.NewReplacer("ch", "ч", "gh", "г", "ng", "н", "sh", "ш", "zh", "ж",
	"a", "а", "b", "б", "d", "д", "e", "е", "é", "е", "f", "ф", "g", "г", "h", "х", "i", "и",
	"j", "дж", "k", "к", "l", "л", "m", "м", "n", "н", "o", "о", "ö", "ё", "p", "п", "q", "к",
	"r", "р", "s", "с", "t", "т", "u", "у", "ü", "ю", "w", "в", "x", "х", "y", "й", "z", "з")

// mapRunes rewrites s letter by letter through table, keeping case and unmapped runes.
func mapRunes(s string, table map[rune]string) string {
	var b strings.Builder
	b.Grow(len(s) * 2)
	for _, r := range s {
		lr := unicode.ToLower(r)
		v, ok := table[lr]
		if !ok {
			b.WriteRune(r)
			continue
		}
		if lr != r && v != "" {
			f, n := utf8.DecodeRuneInString(v)
			b.WriteRune(unicode.ToUpper(f))
			b.WriteString(v[n:])
			continue
		}
		b.WriteString(v)
	}
	return b.String()
}

// russianSurname makes a Russian-style family name from a father's given name written in
// Russian-style Cyrillic: Серікбай → Серикбаев, Біләш → Биляшев, Нұрлан → Нурланов.
func russianSurname(father string, female bool) string {
	s := father
	switch last, _ := utf8.DecodeLastRuneInString(s); {
	case last == 'й':
		s = strings.TrimSuffix(s, "й") + "ев"
	case strings.ContainsRune("аеиоуыэюя", last):
		s += "ев"
	case strings.ContainsRune("жшчщц", last):
		s += "ев"
	default:
		s += "ов"
	}
	if female {
		s += "а"
	}
	return s
}

// capitalize upper-cases the first letter of s.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// pinyinWord joins syllables into one written word: "a bu li mi ti" → "Abulimiti",
// "nu er" → "Nu'er" (an apostrophe before a syllable starting with a, o or e).
func pinyinWord(syllables string) string {
	var b strings.Builder
	for i, s := range strings.Fields(syllables) {
		if i > 0 && strings.ContainsRune("aoe", rune(s[0])) {
			b.WriteByte('\'')
		}
		b.WriteString(s)
	}
	return capitalize(b.String())
}
