package names

import (
	"bytes"
	"slices"
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
	return keysOf(analyzeReadings(s))
}

func keysOf(readings [][]ctoken) []string {
	// the keys are written one after another into one byte array, sorted and deduplicated
	// there, and returned as slices of one string: two allocations for all of them
	var arenaBuf [512]byte
	var spanBuf [48]keySpan
	arena, spans := arenaBuf[:0], spanBuf[:0]
	for _, r := range readings {
		var skels [3]keySpan // the skeleton prefixes of the first three tokens
		nsk := 0
		for i := range r {
			t := &r[i]
			if t.role == RoleParticle || len(t.r) == 0 {
				continue
			}
			st := len(arena)
			arena = appendFoldKey(append(arena, "p:"...), t.p)
			spans = append(spans, keySpan{st, len(arena)})
			if len(t.stem) > 0 {
				st = len(arena)
				arena = appendFoldKeyRunes(append(arena, "p:"...), t.stem)
				spans = append(spans, keySpan{st, len(arena)})
			}
			st = len(arena)
			arena = appendSkeleton(append(arena, "s:"...), t.p)
			if len(arena) == st+2 {
				arena = arena[:st] // no skeleton
				continue
			}
			spans = append(spans, keySpan{st, len(arena)})
			if nsk < 3 {
				skels[nsk] = keySpan{st + 2, st + 2 + prefixLen(arena[st+2:], 3)}
				nsk++
			}
		}
		for i := 0; i < nsk; i++ {
			for j := i + 1; j < nsk; j++ {
				x, y := skels[i], skels[j]
				if bytes.Compare(arena[y.s:y.e], arena[x.s:x.e]) < 0 {
					x, y = y, x
				}
				st := len(arena)
				arena = append(arena, "n:"...)
				arena = append(arena, arena[x.s:x.e]...)
				arena = append(arena, '|')
				arena = append(arena, arena[y.s:y.e]...)
				spans = append(spans, keySpan{st, len(arena)})
			}
		}
	}
	if len(spans) == 0 {
		return []string{}
	}
	slices.SortFunc(spans, func(x, y keySpan) int { return bytes.Compare(arena[x.s:x.e], arena[y.s:y.e]) })
	uniq := spans[:1]
	size := spans[0].e - spans[0].s
	for _, sp := range spans[1:] {
		if last := uniq[len(uniq)-1]; !bytes.Equal(arena[sp.s:sp.e], arena[last.s:last.e]) {
			uniq = append(uniq, sp)
			size += sp.e - sp.s
		}
	}
	var joinBuf [512]byte
	joined := joinBuf[:0]
	if size > len(joinBuf) {
		joined = make([]byte, 0, size)
	}
	for _, sp := range uniq {
		joined = append(joined, arena[sp.s:sp.e]...)
	}
	all := string(joined)
	out := make([]string, len(uniq))
	off := 0
	for i, sp := range uniq {
		n := sp.e - sp.s
		out[i] = all[off : off+n]
		off += n
	}
	return out
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
