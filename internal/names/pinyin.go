package names

import (
	"strings"
	"unicode/utf8"
)

// segmentPinyin splits a toneless pinyin word into syllables (longest first, with
// backtracking), or returns nil when it is not pinyin.
func segmentPinyin(t string) []string {
	var buf [16]string
	syls, ok := segmentPinyinInto(t, buf[:0])
	if !ok {
		return nil
	}
	return append([]string(nil), syls...)
}

// segmentPinyinInto is segmentPinyin appending to out (usually a stack array), without
// building a result the caller only counts.
func segmentPinyinInto(t string, out []string) ([]string, bool) {
	if strings.ContainsAny(t, "'v") {
		t = strings.ReplaceAll(strings.ReplaceAll(t, "'", ""), "v", "ü")
	}
	if t == "" {
		return out, false
	}
	return walkPinyin(hanOnce().syllables, t, out)
}

// walkPinyin is the depth-first search of segmentPinyin: the longest syllable first, the
// next shorter one when the rest does not split.
func walkPinyin(syl map[string]bool, s string, out []string) ([]string, bool) {
	if s == "" {
		return out, true
	}
	for n := min(6, len(s)); n > 0; n-- {
		if syl[s[:n]] {
			if res, ok := walkPinyin(syl, s[n:], append(out, s[:n])); ok {
				return res, true
			}
		}
	}
	return out, false
}

// pinyinSyllables is len(segmentPinyin(t)).
func pinyinSyllables(t string) int {
	var buf [16]string
	syls, _ := segmentPinyinInto(t, buf[:0])
	return len(syls)
}

// isPinyinWord says whether a Latin token reads as pinyin and shows it: the letters x, q,
// zh, c or several syllables with a final vowel typical of printed transcriptions
// (Yilihamu). Single short syllables that are also English words are left to English.
func isPinyinWord(t string) bool {
	if !pinyinShape(t) {
		return false
	}
	var buf [16]string
	syls, ok := segmentPinyinInto(t, buf[:0])
	if !ok {
		return false
	}
	if strings.ContainsAny(t, "xq") || strings.Contains(t, "zh") || strings.HasPrefix(t, "c") {
		return true
	}
	if len(syls) >= 3 {
		return true
	}
	// two syllables: only with a spelling English names rarely have (Jinping, Wenbao)
	return len(syls) == 2 && (strings.HasSuffix(t, "ng") || strings.Contains(t, "ao") ||
		strings.Contains(t, "ui") || strings.Contains(t, "iu") || strings.Contains(t, "ie") ||
		strings.Contains(t, "ou") || strings.HasPrefix(t, "zh") || strings.HasPrefix(t, "ch"))
}

var pinyinInitials = []struct{ from, to string }{
	{"zh", "j"}, {"ch", "ç"}, {"sh", "ş"}, {"b", "b"}, {"p", "p"}, {"m", "m"}, {"f", "f"},
	{"d", "d"}, {"t", "t"}, {"n", "n"}, {"l", "l"}, {"g", "g"}, {"k", "k"}, {"h", "x"},
	{"j", "j"}, {"q", "ç"}, {"x", "ş"}, {"r", "r"}, {"z", "z"}, {"c", "c"}, {"s", "s"},
	{"y", "y"}, {"w", "w"},
}

// readPinyin turns toneless pinyin (one or more syllables) into the phonemic Latin.
func readPinyin(t string) string {
	var buf [16]string
	syls, ok := segmentPinyinInto(t, buf[:0])
	if !ok {
		return collapseDoubles(pinyinPiece(t))
	}
	return readPinyinSyllables(syls)
}

// readPinyinSyllables is readPinyin of a word already split into syllables.
func readPinyinSyllables(syls []string) string {
	pieces := hanOnce().pieces
	var buf [64]byte
	b := buf[:0]
	for _, s := range syls {
		b = append(b, pieces[s]...)
	}
	return collapsedString(b)
}

// pinyinPiece spells one pinyin syllable in the phonemic Latin, doubles not yet collapsed
// (hanTables.pieces holds it for every syllable).
func pinyinPiece(s string) string {
	init, initP := "", ""
	for _, in := range pinyinInitials {
		if strings.HasPrefix(s, in.from) && len(s) > len(in.from) {
			init, initP = in.from, in.to
			break
		}
	}
	fin := s[len(init):]
	switch {
	case init == "y" && strings.HasPrefix(fin, "i"):
		initP = "" // yi, yin, ying: the y only spells the vowel
	case (init == "j" || init == "q" || init == "x" || init == "y") && strings.HasPrefix(fin, "u"):
		fin = "ü" + fin[1:]
	case fin == "i" && (init == "zh" || init == "ch" || init == "sh" || init == "r" || init == "z" || init == "c" || init == "s"):
		fin = "ı"
	}
	return initP + strings.ReplaceAll(fin, "ng", "ñ")
}

// collapsedString is collapseDoubles(string(b)) with one allocation.
func collapsedString(b []byte) string {
	var obuf [64]byte
	out := obuf[:0]
	var last rune = -1
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if n == 1 && r == utf8.RuneError {
			return collapseDoubles(string(b)) // invalid UTF-8: the slow path decides
		}
		if r != last {
			out = append(out, b[i:i+n]...)
		}
		last = r
		i += n
	}
	return string(out)
}

// pinyinShape is a cheap test before segmentation: pinyin has no consonant clusters except
// zh, ch, sh and a syllable-final n, ng or r before the next initial.
func pinyinShape(t string) bool {
	prev := rune(0)
	for _, r := range t {
		if r > 'z' || r < 'a' {
			if r != 'ü' && r != '\'' {
				return false
			}
		}
		if !strings.ContainsRune("aeiouü'", r) && prev != 0 && !strings.ContainsRune("aeiouü'", prev) {
			switch {
			case r == 'h' && (prev == 'z' || prev == 'c' || prev == 's'):
			case r == 'g' && prev == 'n':
			case prev == 'n' || prev == 'r' || prev == 'g' && r != 'g':
			default:
				return false
			}
		}
		prev = r
	}
	return true
}
