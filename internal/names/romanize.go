package names

import (
	"strings"
	"unicode"
)

// Romanisations are written from the phonemic reading, so every input script gets every
// output; Cyrillic input keeps its own spelling in Cyrillic and also gets a letter-by-letter
// BGN/PCGN romanisation from the CLDR-checked tables.

var toKazakhCyrl = map[rune]string{
	'a': "а", 'ä': "ә", 'b': "б", 'c': "ц", 'ç': "ч", 'd': "д", 'e': "е", 'f': "ф", 'g': "г",
	'ğ': "ғ", 'h': "һ", 'i': "і", 'ı': "ы", 'j': "ж", 'k': "к", 'l': "л", 'm': "м", 'n': "н",
	'ñ': "ң", 'o': "о", 'ö': "ө", 'p': "п", 'q': "қ", 'r': "р", 's': "с", 'ş': "ш", 't': "т",
	'u': "у", 'ū': "ұ", 'ü': "ү", 'v': "в", 'w': "у", 'x': "х", 'y': "й", 'z': "з",
}

var toKazakh2021 = map[rune]string{
	'a': "a", 'ä': "ä", 'b': "b", 'c': "ts", 'ç': "ch", 'd': "d", 'e': "e", 'f': "f", 'g': "g",
	'ğ': "ğ", 'h': "h", 'i': "ı", 'ı': "y", 'j': "j", 'k': "k", 'l': "l", 'm': "m", 'n': "n",
	'ñ': "ñ", 'o': "o", 'ö': "ö", 'p': "p", 'q': "q", 'r': "r", 's': "s", 'ş': "ş", 't': "t",
	'u': "u", 'ū': "ū", 'ü': "ü", 'v': "v", 'w': "u", 'x': "h", 'y': "i", 'z': "z",
}

var toEnglish = map[rune]string{
	'a': "a", 'ä': "a", 'b': "b", 'c': "ts", 'ç': "ch", 'd': "d", 'e': "e", 'f': "f", 'g': "g",
	'ğ': "gh", 'h': "h", 'i': "i", 'ı': "y", 'j': "zh", 'k': "k", 'l': "l", 'm': "m", 'n': "n",
	'ñ': "ng", 'o': "o", 'ö': "o", 'p': "p", 'q': "q", 'r': "r", 's': "s", 'ş': "sh", 't': "t",
	'u': "u", 'ū': "u", 'ü': "u", 'v': "v", 'w': "w", 'x': "kh", 'y': "y", 'z': "z",
}

// fromPhonemic writes one phonemic token with a table; Kazakh Cyrillic also folds y+vowel
// into я/ю/ё.
func fromPhonemic(p string, table map[rune]string, cyr bool) string {
	rs := []rune(p)
	var b strings.Builder
	for i := 0; i < len(rs); i++ {
		if cyr && rs[i] == 'y' && i+1 < len(rs) {
			if c, ok := map[rune]string{'a': "я", 'u': "ю", 'o': "ё"}[rs[i+1]]; ok {
				b.WriteString(c)
				i++
				continue
			}
		}
		if cyr && (rs[i] == 'i' || rs[i] == 'ı') && i+1 < len(rs) && rs[i+1] == 'y' {
			b.WriteString("и")
			i++
			continue
		}
		if s, ok := table[rs[i]]; ok {
			b.WriteString(s)
		} else {
			b.WriteRune(rs[i])
		}
	}
	return b.String()
}

func titleCase(s string) string {
	rs := []rune(s)
	if len(rs) == 0 {
		return s
	}
	if rs[0] == 'i' && strings.ContainsAny(s, "şğıäöüūñ") {
		rs[0] = 'İ'
	} else {
		rs[0] = unicode.ToUpper(rs[0])
	}
	return string(rs)
}

// romanizations of the whole name in its first reading, token by token.
func romanizations(a Analysis) map[string]string {
	out := map[string]string{}
	var kc, k21, en, bgn, py []string
	cyr := false
	for _, t := range a.Tokens {
		p := t.Phonemic[0]
		if t.Han != nil {
			// a Han or Hui name: surname and given name, each romanised from its pinyin
			py = append(py, titleCase(t.Han[0]), titleCase(t.Han[1]))
			for _, part := range t.Han {
				ph := readPinyin(part)
				kc = append(kc, titleCase(fromPhonemic(ph, toKazakhCyrl, true)))
				k21 = append(k21, titleCase(fromPhonemic(ph, toKazakh2021, false)))
				en = append(en, titleCase(part))
			}
			continue
		} else if t.Pinyin != "" {
			py = append(py, titleCase(t.Pinyin))
		}
		if t.Script == "Cyrl" && t.System != SysRussianCyrl {
			kc = append(kc, titleCase(t.Text))
		} else {
			kc = append(kc, titleCase(fromPhonemic(p, toKazakhCyrl, true)))
		}
		if t.Script == "Cyrl" {
			cyr = true
			bgn = append(bgn, titleCase(bgnRomanize(t.Text, t.System)))
		}
		k21 = append(k21, titleCase(fromPhonemic(p, toKazakh2021, false)))
		en = append(en, titleCase(fromPhonemic(p, toEnglish, false)))
	}
	out["kk-Cyrl"] = strings.Join(kc, " ")
	out["kk-Latn-2021"] = strings.Join(k21, " ")
	out["en"] = strings.Join(en, " ")
	if cyr {
		out["bgn"] = strings.Join(bgn, " ")
	}
	if len(py) > 0 {
		out["pinyin"] = strings.Join(py, " ")
	}
	return out
}
