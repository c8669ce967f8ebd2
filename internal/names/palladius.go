package names

import (
	"sort"
	"strings"
)

// The Palladius system writes Chinese names in Russian Cyrillic (Си Цзиньпин, Чэнь Цюаньго).
// Read as Russian they would miss their pinyin forms, so a Cyrillic token that splits into
// Palladius syllables and shows a Palladius hallmark also gets a pinyin reading. The table
// follows CLDR zh_Latn_PINYIN-ru (testdata/cldr-transforms), written out as Go data.

var palladiusInitials = map[string]string{
	"b": "б", "p": "п", "m": "м", "f": "ф", "d": "д", "t": "т", "n": "н", "l": "л", "g": "г",
	"k": "к", "h": "х", "j": "цз", "q": "ц", "x": "с", "zh": "чж", "ch": "ч", "sh": "ш",
	"r": "ж", "z": "цз", "c": "ц", "s": "с",
}

var palladiusFinals = map[string]string{
	"a": "а", "o": "о", "e": "э", "ai": "ай", "ei": "эй", "ao": "ао", "ou": "оу", "an": "ань",
	"en": "энь", "ang": "ан", "eng": "эн", "ong": "ун", "er": "эр", "i": "и", "ia": "я",
	"ie": "е", "iao": "яо", "iu": "ю", "ian": "янь", "in": "инь", "iang": "ян", "ing": "ин",
	"iong": "юн", "u": "у", "ua": "уа", "uo": "о", "uai": "уай", "ui": "уй", "uan": "уань",
	"un": "унь", "uang": "уан", "ü": "юй", "üe": "юэ", "üan": "юань", "ün": "юнь",
}

var palladiusWhole = map[string]string{
	"ya": "я", "ye": "е", "yao": "яо", "you": "ю", "yan": "янь", "yin": "инь", "yang": "ян",
	"ying": "ин", "yong": "юн", "yi": "и", "yu": "юй", "yue": "юэ", "yuan": "юань", "yun": "юнь",
	"wa": "ва", "wo": "во", "wai": "вай", "wei": "вэй", "wan": "вань", "wen": "вэнь",
	"wang": "ван", "weng": "вэн", "wu": "у", "zi": "цзы", "ci": "цы", "si": "сы", "ri": "жи",
}

// pinyinToPalladius writes one toneless pinyin syllable in Palladius Cyrillic.
func pinyinToPalladius(s string) string {
	if p, ok := palladiusWhole[s]; ok {
		return p
	}
	for _, n := range []int{2, 1} {
		if len(s) <= n {
			continue
		}
		in, ok := palladiusInitials[s[:n]]
		if !ok {
			continue
		}
		fin := s[n:]
		if (s[:n] == "j" || s[:n] == "q" || s[:n] == "x") && strings.HasPrefix(fin, "u") {
			fin = "ü" + fin[1:]
		}
		if f, ok := palladiusFinals[fin]; ok {
			return in + f
		}
	}
	if f, ok := palladiusFinals[s]; ok {
		return f
	}
	return ""
}

func palladiusIndex(syllables map[string]bool) map[string][]string {
	idx := map[string][]string{}
	for s := range syllables {
		if p := pinyinToPalladius(s); p != "" {
			idx[p] = append(idx[p], s)
		}
	}
	for _, v := range idx {
		sort.Strings(v) // map order must not decide a reading
	}
	return idx
}

// palladiusToPinyin reads a lower-case Cyrillic token as Palladius, or returns "".
func palladiusToPinyin(t string) string {
	if !strings.Contains(t, "цз") && !strings.Contains(t, "чж") && !strings.Contains(t, "нь") &&
		!strings.Contains(t, "эн") && !strings.Contains(t, "цю") && !strings.Contains(t, "сю") &&
		!strings.HasPrefix(t, "жэ") && !strings.Contains(t, "эй") {
		return ""
	}
	idx := hanOnce().palladius
	rs := []rune(t)
	var out []string
	var walk func(i int) bool
	walk = func(i int) bool {
		if i == len(rs) {
			return true
		}
		for n := min(5, len(rs)-i); n > 0; n-- {
			if py, ok := idx[string(rs[i:i+n])]; ok {
				out = append(out, py[0])
				if walk(i + n) {
					return true
				}
				out = out[:len(out)-1]
			}
		}
		return false
	}
	if !walk(0) {
		return ""
	}
	return strings.Join(out, "")
}
