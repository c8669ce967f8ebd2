package names

import (
	"sort"
	"unicode/utf8"
)

// Blocking keys (ADR 0100). "p:" keys are folded phonemic tokens (exact after folding the
// distinctions writing systems blur: k/q, i/ı, ä/a …); "s:" keys are consonant-class
// skeletons that also survive vowel and r/l variation; "n:" keys pair the skeleton prefixes
// of two tokens, order-insensitive, for blocking whole names.

// foldKey folds a phonemic token to its key spelling.
func foldKey(p string) string {
	var buf [64]byte
	return string(appendFoldKey(buf[:0], p))
}

// appendFoldKey appends foldKey(p) to dst: the folded runes, repeats written once.
func appendFoldKey(dst []byte, p string) []byte {
	var last rune = -1
	for _, r := range p {
		switch r {
		case 'ı':
			r = 'i'
		case 'ä':
			r = 'a'
		case 'ö':
			r = 'o'
		case 'ü', 'ū':
			r = 'u'
		case 'q':
			r = 'k'
		case 'ğ':
			r = 'g'
		case 'ñ':
			r = 'n'
		case 'x':
			r = 'h'
		case 'w':
			r = 'v'
		}
		if r != last {
			dst = utf8.AppendRune(dst, r)
		}
		last = r
	}
	return dst
}

// Keys returns the blocking keys of one name form, sorted and without duplicates. Two forms
// of the same person written in different scripts share at least one key in the large
// majority of cases (measured in the evaluation tests).
func Keys(s string) []string {
	return keysOf(analyzeReadings(s))
}

func keysOf(readings [][]ctoken) []string {
	keys := make([]string, 0, 16)
	var buf [96]byte
	for _, r := range readings {
		var skelBuf [3]string
		skels := skelBuf[:0]
		for i := range r {
			t := &r[i]
			if t.role == RoleParticle || len(t.r) == 0 {
				continue
			}
			keys = append(keys, string(appendFoldKey(append(buf[:0], "p:"...), t.p)))
			if len(t.stem) > 0 {
				keys = append(keys, string(appendFoldKey(append(buf[:0], "p:"...), string(t.stem))))
			}
			if b := appendSkeleton(append(buf[:0], "s:"...), t.p); len(b) > 2 {
				sk := string(b)
				keys = append(keys, sk)
				if len(skels) < 3 {
					skels = append(skels, prefix(sk[2:], 3))
				}
			}
		}
		for i := 0; i < len(skels); i++ {
			for j := i + 1; j < len(skels); j++ {
				keys = append(keys, "n:"+pairKey(skels[i], skels[j]))
			}
		}
	}
	if len(keys) == 0 {
		return keys
	}
	sort.Strings(keys)
	out := keys[:1]
	for _, k := range keys[1:] {
		if k != out[len(out)-1] {
			out = append(out, k)
		}
	}
	return out
}

func pairKey(a, b string) string {
	if b < a {
		a, b = b, a
	}
	return a + "|" + b
}

// prefix and suffix cut skeletons by runes: letters of scripts without a table stay in
// them as themselves.
func prefix(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

func suffix(s string, n int) string {
	rs := []rune(s)
	if len(rs) > n {
		return string(rs[len(rs)-n:])
	}
	return s
}
