package names

import (
	"bytes"
	"encoding/binary"
	"hash/maphash"
	"slices"
	"strings"
)

// Keys of a name form without preparing it for scoring (ADR 0413). keysOf reads a form's
// readings as scoring tokens (ctoken: runes, consonants, weight, a cache lookup each), but
// a key needs only three things of a token: its phonemic reading, its stem and whether it
// is a particle. keysOfTokens builds the same readings from the read tokens with just
// those (ktok), in the same order and with the same duplicate readings dropped, and writes
// the same keys; TestKeysOfTokens compares the two on every form of the golden corpus.

// ktok is what a key needs of a scoring token (ctoken).
type ktok struct {
	p        string
	stem     string // stem as text (ctoken.stem is its runes)
	stemR    []rune // stem as runes, when it comes from a ctoken; used when not nil
	particle bool
}

// keysOfTokens is keysOf(buildReadings(toks)) without the scoring tokens.
func keysOfTokens(toks []Token) []string {
	var kbuf [24]ktok
	var ebuf [maxReadings]int
	all, ends := readingsK(toks, kbuf[:0], ebuf[:0])
	return keysOfK(all, ends)
}

// pinyinCache remembers readPinyin of the printed pinyin of name tokens written in
// characters (ADR 0203): the token reading (tokenCache) keeps the pinyin but not its
// reading, and segmenting it into syllables again for every form was a tenth of the keys'
// time on a synthetic archive with Chinese forms. readPinyin is a pure function of its
// text, so the cache changes no key.
var pinyinCache = newBoundedCache[string, string](1<<14, func(seed maphash.Seed, k string) uint64 { return maphash.String(seed, k) })

// readPinyinCached is readPinyin(t), remembered in pinyinCache.
func readPinyinCached(t string) string {
	if p, ok := pinyinCache.get(t); ok {
		return p
	}
	p := readPinyin(t)
	pinyinCache.put(strings.Clone(t), p)
	return p
}

// span is a range of a slice, [s, e).
type span struct{ s, e int }

// readingsK is buildReadings with ktoks: the same readings in the same order, written one
// after another into all, the i-th ending at ends[i]. (Flat, so that nothing in it holds a
// pointer into a caller's stack arrays, which would move them to the heap.)
func readingsK(toks []Token, all []ktok, ends []int) ([]ktok, []int) {
	// most names read one way: every token has one alternative of one token
	n := 0
	for i := range toks {
		t := &toks[i]
		if t.Role == RoleMarker || t.Role == RoleTitle {
			continue
		}
		if t.Han != nil || len(t.Phonemic) != 1 || t.Pinyin != "" && t.Script == "Hani" {
			n = -1
			break
		}
		n++
	}
	if n == 0 {
		return all, ends
	}
	if n > 0 {
		for i := range toks {
			t := &toks[i]
			if t.Role == RoleMarker || t.Role == RoleTitle {
				continue
			}
			all = append(all, ktok{p: t.Phonemic[0], stem: t.Stem, particle: t.Role == RoleParticle})
		}
		return all, append(ends, len(all))
	}
	// tokenAlternatives: each token's alternatives, each alternative a list of ktoks: the
	// ktoks in arena, the alternatives as spans of arena in altSp, a token's alternatives
	// as a span of altSp in tokAlt
	var arenaBuf [24]ktok
	var altBuf [24]span
	var tokBuf [12]span
	arena, altSp, tokAlt := arenaBuf[:0], altBuf[:0], tokBuf[:0]
	for i := range toks {
		t := &toks[i]
		if t.Role == RoleMarker || t.Role == RoleTitle {
			continue
		}
		a0 := len(altSp)
		if t.Han != nil {
			st := len(arena)
			arena = append(arena,
				ktok{p: readPinyinCached(t.Han[0]), particle: RoleFamily == RoleParticle},
				ktok{p: readPinyinCached(t.Han[1]), particle: RoleGiven == RoleParticle})
			altSp = append(altSp, span{st, len(arena)})
			for _, p := range t.Phonemic[1:] {
				arena = append(arena, ktok{p: p, particle: t.Role == RoleParticle})
				altSp = append(altSp, span{len(arena) - 1, len(arena)})
			}
		} else {
			for j, p := range t.Phonemic {
				stem, role := "", t.Role
				if j == 0 {
					stem = t.Stem
				} else {
					role, stem = roleOf(p)
					if role == "" {
						role = t.Role
					}
				}
				arena = append(arena, ktok{p: p, stem: stem, particle: role == RoleParticle})
				altSp = append(altSp, span{len(arena) - 1, len(arena)})
			}
			if t.Pinyin != "" && t.Script == "Hani" {
				arena = append(arena, ktok{p: readPinyinCached(t.Pinyin), particle: t.Role == RoleParticle})
				altSp = append(altSp, span{len(arena) - 1, len(arena)})
			}
		}
		if len(altSp) > a0 {
			tokAlt = append(tokAlt, span{a0, len(altSp)})
		}
	}
	if len(tokAlt) == 0 {
		return all, ends
	}
	multi := false
	for _, a := range tokAlt {
		if a.e-a.s > 1 {
			multi = true
		}
	}
	if !multi {
		for _, a := range tokAlt {
			x := altSp[a.s]
			all = append(all, arena[x.s:x.e]...)
		}
		return all, append(ends, len(all))
	}
	type choice struct{ i, j int } // token i reads as alternative j, the others as 0; i<0: all last
	var chBuf [maxReadings]choice
	chs := append(chBuf[:0], choice{len(tokAlt), 0})
	for i, a := range tokAlt {
		for j := 1; j < a.e-a.s && len(chs) < maxReadings-1; j++ {
			chs = append(chs, choice{i, j})
		}
	}
	chs = append(chs, choice{-1, 0})
	var kept [maxReadings]span // the readings kept, as spans of all
	nk := 0
	for _, c := range chs {
		st := len(all)
		for k, a := range tokAlt {
			pick := 0
			switch {
			case c.i < 0:
				pick = a.e - a.s - 1
			case c.i == k:
				pick = c.j
			}
			x := altSp[a.s+pick]
			all = append(all, arena[x.s:x.e]...)
		}
		// readings that describe alike are one reading
		r := all[st:]
		dup := false
		for _, u := range kept[:nk] {
			if sameDescriptionK(all[u.s:u.e], r) {
				dup = true
				break
			}
		}
		if dup {
			all = all[:st]
			continue
		}
		kept[nk] = span{st, len(all)}
		nk++
		ends = append(ends, len(all))
	}
	return all, ends
}

// sameDescriptionK is sameDescription: the readings' phonemic tokens joined by spaces are
// the same text. A copy for ktok rather than one generic function for both token types: a
// generic one reads each token's text through a function value, and that made Keys 40 %
// slower (BenchmarkKeysUncached, 3.4–3.6 → 4.8–5.1 µs).
func sameDescriptionK(a, b []ktok) bool {
	la, lb := len(a)-1, len(b)-1
	for i := range a {
		la += len(a[i].p)
	}
	for i := range b {
		lb += len(b[i].p)
	}
	if la != lb {
		return false
	}
	if len(a) == len(b) {
		same := true
		for i := range a {
			if a[i].p != b[i].p {
				same = false
				break
			}
		}
		if same {
			return true
		}
	}
	var ab, bb [128]byte
	return bytes.Equal(appendDescriptionK(ab[:0], a), appendDescriptionK(bb[:0], b))
}

func appendDescriptionK(dst []byte, ts []ktok) []byte {
	for i := range ts {
		if i > 0 {
			dst = append(dst, ' ')
		}
		dst = append(dst, ts[i].p...)
	}
	return dst
}

// keysOf returns the blocking keys of a form's readings as scoring tokens (Analyze and
// PrepareWithKeys have them already).
func keysOf(readings [][]ctoken) []string {
	var kbuf [24]ktok
	var ebuf [maxReadings]int
	all, ends := kbuf[:0], ebuf[:0]
	for _, r := range readings {
		for i := range r {
			t := &r[i]
			all = append(all, ktok{p: t.p, stemR: t.stem, particle: t.role == RoleParticle})
		}
		ends = append(ends, len(all))
	}
	return keysOfK(all, ends)
}

// keysOfK writes the keys of readings (all, cut at ends): for each token that is not a particle and has a
// reading, "p:" its folded reading, "p:" its folded stem, "s:" its skeleton; for each
// reading, "n:" pairs of the skeleton prefixes of its first three tokens with a skeleton.
// The keys are written one after another into one byte array, sorted and deduplicated
// there, and returned as slices of one string: two allocations for all of them.
func keysOfK(all []ktok, ends []int) []string {
	var arenaBuf [512]byte
	var spanBuf [48]keySpan
	arena, spans := appendKeysK(arenaBuf[:0], spanBuf[:0], all, ends)
	if len(spans) == 0 {
		return []string{}
	}
	return sortKeySpans(arena, spans)
}

// appendKeysK writes the keys of readings (all, cut at ends) into arena, each as a span of
// it, in the order they are made and with repeats: keysOfK sorts and deduplicates them,
// EachKey hands them out as they are.
func appendKeysK(arena []byte, spans []keySpan, all []ktok, ends []int) ([]byte, []keySpan) {
	start := 0
	for _, end := range ends {
		r := all[start:end]
		start = end
		var skels [3]keySpan // the skeleton prefixes of the first three tokens
		nsk := 0
		for i := range r {
			t := &r[i]
			if t.particle || t.p == "" {
				continue
			}
			st := len(arena)
			arena = appendFoldKey(append(arena, "p:"...), t.p)
			spans = append(spans, keySpan{st, len(arena)})
			if t.stemR != nil {
				if len(t.stemR) > 0 {
					st = len(arena)
					arena = appendFoldKeyRunes(append(arena, "p:"...), t.stemR)
					spans = append(spans, keySpan{st, len(arena)})
				}
			} else if t.stem != "" {
				st = len(arena)
				arena = appendFoldKey(append(arena, "p:"...), t.stem)
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
	return arena, spans
}

// sortKeySpans is the keys of arena at spans, sorted, without repeats, as slices of one
// string.
func sortKeySpans(arena []byte, spans []keySpan) []string {
	// sorted by their first eight bytes as a number (big-endian, zero-padded), and by all
	// of their bytes when those are equal: the order of bytes.Compare
	var sortBuf [48]sortSpan
	ss := sortBuf[:0]
	for _, sp := range spans {
		ss = append(ss, sortSpan{Prefix8(arena[sp.s:sp.e]), sp})
	}
	less := func(x, y *sortSpan) bool {
		if x.pre != y.pre {
			return x.pre < y.pre
		}
		return bytes.Compare(arena[x.sp.s:x.sp.e], arena[y.sp.s:y.sp.e]) < 0
	}
	if len(ss) <= 64 {
		// a form has a few dozen keys: insertion sort, mostly on the numbers
		for i := 1; i < len(ss); i++ {
			x := ss[i]
			j := i
			for ; j > 0 && less(&x, &ss[j-1]); j-- {
				ss[j] = ss[j-1]
			}
			ss[j] = x
		}
	} else {
		slices.SortFunc(ss, func(x, y sortSpan) int {
			if less(&x, &y) {
				return -1
			}
			if less(&y, &x) {
				return 1
			}
			return 0
		})
	}
	uniq := spans[:1]
	uniq[0] = ss[0].sp
	size := ss[0].sp.e - ss[0].sp.s
	for i := 1; i < len(ss); i++ {
		sp, last := ss[i].sp, uniq[len(uniq)-1]
		if ss[i].pre != ss[i-1].pre || !bytes.Equal(arena[sp.s:sp.e], arena[last.s:last.e]) {
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
	text := string(joined)
	out := make([]string, len(uniq))
	off := 0
	for i, sp := range uniq {
		n := sp.e - sp.s
		out[i] = text[off : off+n]
		off += n
	}
	return out
}

// sortSpan is a key of keysOfK with its first eight bytes as a number.
type sortSpan struct {
	pre uint64
	sp  keySpan
}

// Prefix8 is b's first eight bytes as a big-endian number, zero-padded: when two keys'
// prefixes differ, they order the keys as bytes.Compare does (a key that ends first pads
// with zeros, which sort first, as a shorter key does). Sorting keys by it first is cheaper
// than by their bytes.
func Prefix8(b []byte) uint64 {
	if len(b) >= 8 {
		return binary.BigEndian.Uint64(b)
	}
	var pad [8]byte
	copy(pad[:], b)
	return binary.BigEndian.Uint64(pad[:])
}
