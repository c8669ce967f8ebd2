package names

import (
	"strings"
	"unicode/utf8"
)

// cyrillicPhonemes reads Cyrillic letters into the phonemic Latin. One table serves Kazakh,
// Russian, Kyrgyz and Uyghur Cyrillic because they agree on every letter they share; the
// differences (Russian word-initial е/ё, і vs и) are handled in readCyrillic.
var cyrillicPhonemes = map[rune]string{
	'а': "a", 'ә': "ä", 'б': "b", 'в': "v", 'г': "g", 'ғ': "ğ", 'д': "d", 'е': "e", 'ё': "yo",
	'ж': "j", 'җ': "j", 'з': "z", 'и': "i", 'й': "y", 'к': "k", 'қ': "q", 'л': "l", 'м': "m",
	'н': "n", 'ң': "ñ", 'о': "o", 'ө': "ö", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u",
	'ұ': "ū", 'ү': "ü", 'ф': "f", 'х': "x", 'һ': "h", 'ц': "c", 'ч': "ç", 'ш': "ş", 'щ': "şç",
	'ъ': "", 'ы': "ı", 'і': "i", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya", 'ї': "yi", 'є': "ye",
	'ґ': "g", 'ў': "w", 'ӯ': "u", 'ӣ': "i", 'ҳ': "h", 'ҷ': "j",
}

// cyrillicTable is cyrillicPhonemes as an array over the Cyrillic block, with whether the
// reading ends in a vowel: readCyrillic looks every letter up.
var cyrillicTable = func() (t [0x100]struct {
	p     string
	ok    bool
	vowel bool
}) {
	for r, p := range cyrillicPhonemes {
		if r < 0x400 || r >= 0x500 {
			panic("cyrillic table: letter outside U+0400–04FF")
		}
		e := &t[r-0x400]
		e.p, e.ok, e.vowel = p, true, p != "" && isVowel(lastRune(p))
	}
	return t
}()

// readCyrillic turns a lower-case Cyrillic token into its phonemic form.
func readCyrillic(t, system string) string {
	var buf [64]byte
	b := buf[:0]
	prevVowel := true // word start behaves like "after a vowel" for Russian е/ё
	for _, r := range t {
		if r < 0x400 || r >= 0x500 || !cyrillicTable[r-0x400].ok {
			if r == '\'' {
				continue
			}
			b = utf8.AppendRune(b, r)
			prevVowel = false
			continue
		}
		e := &cyrillicTable[r-0x400]
		if system == SysRussianCyrl && r == 'е' && prevVowel {
			b = append(b, "ye"...)
			prevVowel = true
			continue
		}
		b = append(b, e.p...)
		prevVowel = e.vowel || r == 'ъ' || r == 'ь'
	}
	return string(b)
}

func lastRune(s string) rune {
	var l rune
	for _, r := range s {
		l = r
	}
	return l
}

// BGN/PCGN romanisations of Kazakh, Kyrgyz and Russian Cyrillic, letter by letter, as in
// the CLDR rule files (testdata/cldr-transforms/*-Latin-BGN.xml; the golden test checks
// every one-to-one rule). Used for the "BGN" romanisation of Cyrillic input.
var kazakhBGN = map[rune]string{
	'а': "a", 'ә': "ä", 'б': "b", 'в': "v", 'г': "g", 'ғ': "gh", 'д': "d", 'е': "e", 'ё': "yo",
	'ж': "zh", 'з': "z", 'и': "ī", 'й': "y", 'к': "k", 'қ': "q", 'л': "l", 'м': "m", 'н': "n",
	'ң': "ng", 'о': "o", 'ө': "ö", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "ū", 'ұ': "u",
	'ү': "ü", 'ф': "f", 'х': "kh", 'һ': "h", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch",
	'ъ': "ʺ", 'ы': "y", 'і': "i", 'ь': "ʹ", 'э': "ė", 'ю': "yu", 'я': "ya",
}

var kyrgyzBGN = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "yo", 'ж': "j", 'з': "z",
	'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'ң': "ng", 'о': "o", 'ө': "ö",
	'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ү': "ü", 'ф': "f", 'х': "kh", 'ц': "ts",
	'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "ʺ", 'ы': "y", 'ь': "ʹ", 'э': "e", 'ю': "yu", 'я': "ya",
}

var russianBGN = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "ë", 'ж': "zh", 'з': "z",
	'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r",
	'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh",
	'щ': "shch", 'ъ': "ʺ", 'ы': "y", 'ь': "ʹ", 'э': "e", 'ю': "yu", 'я': "ya",
}

// bgnRomanize romanises a Cyrillic token letter by letter with the BGN table of its system.
func bgnRomanize(t, system string) string {
	table := russianBGN
	switch system {
	case SysKazakhCyrl, SysUyghurCyrl:
		table = kazakhBGN
	case SysKyrgyzCyrl:
		table = kyrgyzBGN
	}
	var b strings.Builder
	for _, r := range t {
		if s, ok := table[r]; ok {
			b.WriteString(s)
		} else if s, ok := cyrillicPhonemes[r]; ok {
			b.WriteString(s)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}
