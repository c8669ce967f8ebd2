package names

import (
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
		r = foldKeyRune(r)
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
	var tbuf [8]Token
	var wbuf [8]string
	return keysOfTokens(readTokensInto(tbuf[:0], normalizeTokensInto(wbuf[:0], s)))
}

// AppendKeys appends the blocking keys of s, the keys Keys returns, to arena one after
// another, and where each one ends in arena to ends. With a0 = len(arena) and e0 =
// len(ends) on entry, the first new key is arena[a0:ends[e0]], the next arena[ends[e0]:
// ends[e0+1]], and so on. They come in the order they are made, not sorted, and a key can
// come more than once. It is Keys for a caller that merges keys itself (the name index,
// ADR 0203): no sorting and no strings, and the caller's arena can hold the keys of all of
// a person's forms.
func AppendKeys(arena []byte, ends []int, s string) ([]byte, []int) {
	var tbuf [8]Token
	var wbuf [8]string
	toks := readTokensInto(tbuf[:0], normalizeTokensInto(wbuf[:0], s))
	var kbuf [24]ktok
	var ebuf [maxReadings]int
	all, rends := readingsK(toks, kbuf[:0], ebuf[:0])
	var spanBuf [48]keySpan
	arena, spans := appendKeysK(arena, spanBuf[:0], all, rends)
	for _, sp := range spans {
		ends = append(ends, sp.e) // each span starts where the one before it ends
	}
	return arena, ends
}

// foldKeyRune folds one phonemic rune for keys: the distinctions writing systems blur.
func foldKeyRune(r rune) rune {
	switch r {
	case 'ı':
		return 'i'
	case 'ä':
		return 'a'
	case 'ö':
		return 'o'
	case 'ü', 'ū':
		return 'u'
	case 'q':
		return 'k'
	case 'ğ':
		return 'g'
	case 'ñ':
		return 'n'
	case 'x':
		return 'h'
	case 'w':
		return 'v'
	}
	return r
}

// keySpan is one key in keysOf's byte array.
type keySpan struct{ s, e int }

// appendFoldKeyRunes is appendFoldKey of string(rs).
func appendFoldKeyRunes(dst []byte, rs []rune) []byte {
	var last rune = -1
	for _, r := range rs {
		if !utf8.ValidRune(r) {
			r = utf8.RuneError // as string(rs) would write it
		}
		r = foldKeyRune(r)
		if r != last {
			dst = utf8.AppendRune(dst, r)
		}
		last = r
	}
	return dst
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

// prefixLen is len(prefix(string(b), n)).
func prefixLen(b []byte, n int) int {
	i := 0
	for ; i < len(b) && n > 0; n-- {
		_, size := utf8.DecodeRune(b[i:])
		i += size
	}
	return i
}

func suffix(s string, n int) string {
	rs := []rune(s)
	if len(rs) > n {
		return string(rs[len(rs)-n:])
	}
	return s
}
