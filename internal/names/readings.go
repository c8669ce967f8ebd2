package names

import "strings"

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
	eq     int // equivalence group of a given name (equivalents.go), 0 for none
}

const maxReadings = 8

func newCtoken(p, stem, role string, abjad bool) ctoken {
	c := ctoken{p: p, r: []rune(p), role: role, abjad: abjad, eq: equivalentIndex()[foldKey(p)]}
	if stem != "" {
		c.stem = []rune(stem)
	}
	// an abjad writes consonants only: compare consonants (the confusable costs absorb
	// Arabic script's lack of p, v, g: ICU writes ب ف ق for them)
	for _, r := range c.r {
		if !isVowel(r) && r != 'y' && r != 'w' && r != 'h' {
			c.cons = append(c.cons, r)
		}
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
		if t.Script == "Hang" || t.Script == "Hani" {
			c.cjk = []rune(t.Text)
		}
		alts = append(alts, []ctoken{c})
	}
	if t.Pinyin != "" && t.Script == "Hani" {
		c := newCtoken(readPinyin(t.Pinyin), "", t.Role, false)
		c.cjk = []rune(t.Text)
		alts = append(alts, []ctoken{c})
	}
	return alts
}

// buildReadings lists whole-name readings: all tokens in their first reading, then each
// token's other readings one at a time, then all tokens in their last reading (so that a
// name written wholly in characters is also read wholly as printed pinyin).
func buildReadings(toks []Token) [][]ctoken {
	var alts [][][]ctoken
	for _, t := range toks {
		if a := tokenAlternatives(t); a != nil {
			alts = append(alts, a)
		}
	}
	if len(alts) == 0 {
		return nil
	}
	pick := func(choice func(i int) int) []ctoken {
		var r []ctoken
		for i, a := range alts {
			r = append(r, a[choice(i)]...)
		}
		return r
	}
	out := [][]ctoken{pick(func(int) int { return 0 })}
	multi := false
	for i, a := range alts {
		for j := 1; j < len(a) && len(out) < maxReadings-1; j++ {
			multi = true
			out = append(out, pick(func(k int) int {
				if k == i {
					return j
				}
				return 0
			}))
		}
	}
	if multi {
		out = append(out, pick(func(k int) int { return len(alts[k]) - 1 }))
	}
	seen := map[string]bool{}
	uniqOut := out[:0]
	for _, r := range out {
		if k := describe(r); !seen[k] {
			seen[k] = true
			uniqOut = append(uniqOut, r)
		}
	}
	return uniqOut
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
