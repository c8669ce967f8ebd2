package names

import (
	"hash/maphash"
	"strings"
	"sync/atomic"
	"unicode/utf8"
)

// ctoken is a token prepared for scoring: runes ready for the edit distance, its weight and
// the role and stem that alignment consults.
type ctoken struct {
	p      string
	r      []rune
	stem   []rune
	cons   []rune // consonants, for abjad comparison
	role   string
	exp    bool   // role shown by a marker or suffix
	cjk    []rune // characters of a Chinese or Korean token, compared as written
	abjad  bool
	weight float32
	eq     int    // equivalence group of a given name (equivalents.go), 0 for none
	id     uint32 // the token's number in a Deduper's comparison (simMemo), 0 elsewhere
	// num is the token's number for a Memo: given once when the token is made in
	// ctokenCache, so tokens with the same number are the same (its characters, cjk, are
	// set afterwards and are not part of it: a Memo does not remember two tokens that both
	// have characters)
	num uint64
}

const maxReadings = 8

// ctokenKey names a prepared token in ctokenCache.
type ctokenKey struct {
	p, stem, role string
	abjad         bool
}

var ctokenCache = newBoundedCache[ctokenKey, ctoken](tokenCacheSize, hashCtokenKey)

// ctokenNum numbers the tokens made in ctokenCache (ctoken.num), from 1.
var ctokenNum atomic.Uint64

// hashCtokenKey hashes the reading and mixes in the lengths of the stem and role and the
// abjad flag (keys that still collide are told apart by comparing them).
func hashCtokenKey(seed maphash.Seed, k ctokenKey) uint64 {
	h := maphash.String(seed, k.p) ^ uint64(len(k.stem))<<56 ^ uint64(len(k.role))<<48
	if k.abjad {
		h ^= 1 << 47
	}
	return h
}

// newCtoken prepares one reading of a token for scoring (remembered in ctokenCache: the
// runes, stem and consonants it holds are shared and never modified).
func newCtoken(p, stem, role string, abjad bool) ctoken {
	k := ctokenKey{p, stem, role, abjad}
	if c, ok := ctokenCache.get(k); ok {
		return c
	}
	k.p, k.stem = strings.Clone(p), strings.Clone(stem)
	c := newCtokenUncached(k.p, k.stem, role, abjad)
	c.num = ctokenNum.Add(1)
	ctokenCache.put(k, c)
	return c
}

func newCtokenUncached(p, stem, role string, abjad bool) ctoken {
	var kb [64]byte
	c := ctoken{p: p, role: role, abjad: abjad, eq: equivalentIndex()[string(appendFoldKey(kb[:0], p))]}
	// one array holds the runes, the stem and the consonants (an abjad writes consonants
	// only: compare consonants; the confusable costs absorb Arabic script's lack of p, v,
	// g: ICU writes ب ف ق for them)
	nr, ns, nc := 0, utf8.RuneCountInString(stem), 0
	for _, r := range p {
		nr++
		if isConsonantForAbjad(r) {
			nc++
		}
	}
	buf := make([]rune, 0, nr+ns+nc)
	buf = appendRunes(buf, p)
	c.r = buf[0:nr:nr]
	if stem != "" {
		buf = appendRunes(buf, stem)
		c.stem = buf[nr : nr+ns : nr+ns]
	}
	if nc > 0 {
		for _, r := range c.r {
			if isConsonantForAbjad(r) {
				buf = append(buf, r)
			}
		}
		c.cons = buf[nr+ns : nr+ns+nc : nr+ns+nc]
	}
	w := float32(len(c.r))
	if w > 8 {
		w = 8
	}
	if w < 2 {
		w = 2
	}
	if role == RoleParticle {
		w = particleWeight
	}
	c.weight = w
	return c
}

func isConsonantForAbjad(r rune) bool {
	return !isVowel(r) && r != 'y' && r != 'w' && r != 'h'
}

// alternatives of one token as lists of ctokens: a Han/Hui name splits into surname and
// given name; a transcribed Turkic name in characters adds its printed pinyin.
func tokenAlternatives(t Token) [][]ctoken {
	if t.Role == RoleMarker || t.Role == RoleTitle {
		return nil
	}
	var alts [][]ctoken
	if t.Han != nil {
		rs := []rune(t.Text)
		sur, given := newCtoken(readPinyin(t.Han[0]), "", RoleFamily, false), newCtoken(readPinyin(t.Han[1]), "", RoleGiven, false)
		n := len(rs) - len(hanSplitGiven(t))
		sur.cjk, given.cjk = rs[:n], rs[n:]
		alts = append(alts, []ctoken{sur, given})
		for _, p := range t.Phonemic[1:] {
			c := newCtoken(p, "", t.Role, false)
			c.cjk = rs
			alts = append(alts, []ctoken{c})
		}
		return alts
	}
	n := len(t.Phonemic)
	if t.Pinyin != "" && t.Script == "Hani" {
		n++
	}
	if n == 0 {
		return nil
	}
	// one array for the alternatives' tokens, and the characters read once
	alts = make([][]ctoken, 0, n)
	cs := make([]ctoken, 0, n)
	var cjk []rune
	if t.Script == "Hang" || t.Script == "Hani" {
		cjk = []rune(t.Text)
	}
	for i, p := range t.Phonemic {
		stem := ""
		role := t.Role
		if i == 0 {
			stem = t.Stem
		} else {
			role, stem = roleOf(p)
			if role == "" {
				role = t.Role
			}
		}
		c := newCtoken(p, stem, role, t.Abjad)
		c.exp = t.Explicit && i == 0
		c.cjk = cjk
		cs = append(cs, c)
		alts = append(alts, cs[len(cs)-1:len(cs):len(cs)])
	}
	if t.Pinyin != "" && t.Script == "Hani" {
		c := newCtoken(readPinyin(t.Pinyin), "", t.Role, false)
		c.cjk = cjk
		cs = append(cs, c)
		alts = append(alts, cs[len(cs)-1:len(cs):len(cs)])
	}
	return alts
}

// buildReadings lists whole-name readings: all tokens in their first reading, then each
// token's other readings one at a time, then all tokens in their last reading (so that a
// name written wholly in characters is also read wholly as printed pinyin).
func buildReadings(toks []Token) [][]ctoken {
	// most names read one way: every token has one alternative of one ctoken, made
	// straight into the one reading
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
		return nil
	}
	if n > 0 {
		r := make([]ctoken, 0, n)
		for i := range toks {
			t := &toks[i]
			if t.Role == RoleMarker || t.Role == RoleTitle {
				continue
			}
			c := newCtoken(t.Phonemic[0], t.Stem, t.Role, t.Abjad)
			c.exp = t.Explicit
			if t.Script == "Hang" || t.Script == "Hani" {
				c.cjk = []rune(t.Text)
			}
			r = append(r, c)
		}
		return [][]ctoken{r}
	}
	var alts [][][]ctoken
	for _, t := range toks {
		if a := tokenAlternatives(t); a != nil {
			alts = append(alts, a)
		}
	}
	if len(alts) == 0 {
		return nil
	}
	multi := false
	for _, a := range alts {
		if len(a) > 1 {
			multi = true
		}
	}
	if !multi {
		// one reading (the common case): the tokens' only alternatives in a row
		n := 0
		for _, a := range alts {
			n += len(a[0])
		}
		r := make([]ctoken, 0, n)
		for _, a := range alts {
			r = append(r, a[0]...)
		}
		return [][]ctoken{r}
	}
	// each reading picks one alternative per token: all the first, then each other
	// alternative of one token in turn, then all the last; the readings share one array
	type choice struct{ i, j int } // token i reads as alternative j, the others as 0; i<0: all last
	var chBuf [maxReadings]choice
	chs := append(chBuf[:0], choice{len(alts), 0})
	for i, a := range alts {
		for j := 1; j < len(a) && len(chs) < maxReadings-1; j++ {
			chs = append(chs, choice{i, j})
		}
	}
	chs = append(chs, choice{-1, 0})
	pickOf := func(c choice, k int) int {
		switch {
		case c.i < 0:
			return len(alts[k]) - 1
		case c.i == k:
			return c.j
		}
		return 0
	}
	total := 0
	for _, c := range chs {
		for k, a := range alts {
			total += len(a[pickOf(c, k)])
		}
	}
	buf := make([]ctoken, 0, total)
	out := make([][]ctoken, 0, len(chs))
	for _, c := range chs {
		st := len(buf)
		for k, a := range alts {
			buf = append(buf, a[pickOf(c, k)]...)
		}
		out = append(out, buf[st:len(buf):len(buf)])
	}
	// readings that describe alike are one reading
	uniqOut := out[:0]
	for _, r := range out {
		dup := false
		for _, u := range uniqOut {
			if sameDescription(u, r) {
				dup = true
				break
			}
		}
		if !dup {
			uniqOut = append(uniqOut, r)
		}
	}
	return uniqOut
}

// sameDescription says whether describe(a) == describe(b), without building them.
func sameDescription(a, b []ctoken) bool {
	la, lb := len(a)-1, len(b)-1 // the spaces
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
	return describe(a) == describe(b) // tokens with spaces in them could still agree
}

// hanSplitGiven returns the characters of the given name of a Han reading.
func hanSplitGiven(t Token) []rune {
	rs := []rune(t.Text)
	for _, c := range hanCompoundSurnames {
		if strings.HasPrefix(t.Text, c) {
			return rs[2:]
		}
	}
	return rs[1:]
}
