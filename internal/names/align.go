package names

// alignment is the result of aligning two readings.
type alignment struct {
	score        float32
	pairs        int
	unmatched    int
	swapped      bool
	patConflict  bool
	roleConflict bool
	joined       bool
}

// align aligns two token lists order-insensitively: greedy on the similarity matrix, which
// is optimal enough for names of up to six tokens, then weighs matched and unmatched tokens.
func align(a, b []ctoken, p *params) alignment {
	if len(a) == 0 || len(b) == 0 {
		return alignment{}
	}
	a, b = a[:min(len(a), 12)], b[:min(len(b), 12)]
	if readingLess(b, a) {
		a, b = b, a // one orientation for every pair: the score is symmetric by construction
	}
	var simBuf, rawBuf [64]float32
	sim, raw := simBuf[:0], rawBuf[:0]
	if len(a)*len(b) > len(simBuf) {
		sim, raw = make([]float32, 0, len(a)*len(b)), make([]float32, 0, len(a)*len(b))
	}
	// identical tokens first (the common case in dedupe): the edit distance is computed
	// only for the words left over once they are paired
	const unknown = -2
	exact := 0
	for i := range a {
		for j := range b {
			if identical(&a[i], &b[j]) {
				sim, raw = append(sim, 1), append(raw, 1)
				exact++
			} else {
				sim, raw = append(sim, unknown), append(raw, unknown)
			}
		}
	}
	filled := exact == 0
	if filled {
		fillSims(a, b, sim, raw, 0, 0, p)
	}
	var usedA, usedB uint64
	var num, den float32
	var res alignment
	lastJ := -1
	worst := float32(1)
	for {
		bi, bj, bs := -1, -1, float32(-1)
		for i := range a {
			if usedA&(1<<i) != 0 {
				continue
			}
			for j := range b {
				k := i*len(b) + j
				if usedB&(1<<j) == 0 && raw[k] >= p.matchFloor && sim[k] > bs {
					bi, bj, bs = i, j, sim[k]
				}
			}
		}
		if (bi < 0 || bs < 1) && !filled {
			fillSims(a, b, sim, raw, usedA, usedB, p)
			filled = true
			continue
		}
		if bi < 0 {
			break
		}
		usedA |= 1 << bi
		usedB |= 1 << bj
		w := a[bi].weight + b[bj].weight
		sh := bs
		num += sh * w
		den += w
		res.pairs++
		if w > 2*particleWeight && sh < worst {
			worst = sh
		}
		ta, tb := &a[bi], &b[bj]
		switch {
		case ta.exp && tb.exp && ta.role != tb.role:
			res.roleConflict = true // X bin Y against Y bin X
		case ta.exp && tb.exp && ta.role == RolePatronymic && raw[bi*len(b)+bj] < 0.7:
			res.patConflict = true
		}
		if bj < lastJ {
			res.swapped = true
		}
		lastJ = bj
	}
	var wa, wb float32
	patA, patB := false, false
	subA, subB := false, false // a word without counterpart that is not a patronymic or particle
	for i := range a {
		if usedA&(1<<i) == 0 {
			res.unmatched++
			if a[i].exp && a[i].role == RolePatronymic {
				patA = true
				wa += a[i].weight * p.patronymicDrop // a form without the father's name
				continue
			}
			wa += a[i].weight
			subA = subA || a[i].role != RoleParticle
		}
	}
	for j := range b {
		if usedB&(1<<j) == 0 {
			res.unmatched++
			if b[j].exp && b[j].role == RolePatronymic {
				patB = true
				wb += b[j].weight * p.patronymicDrop
				continue
			}
			wb += b[j].weight
			subB = subB || b[j].role != RoleParticle
		}
	}
	if patA && patB {
		res.patConflict = true // both name a father, and the fathers differ
	}
	if subA && subB {
		worst = min(worst, p.substitutionCap-p.worstSlack) // Mir against Wali: a different person
	}
	short, long := wa, wb
	if totalWeight(a) > totalWeight(b) {
		short, long = wb, wa
	}
	den += 2*p.missingPenalty*short + p.extraPenalty*long
	if den > 0 {
		res.score = num / den
	}
	if res.score > worst+p.worstSlack {
		res.score = worst + p.worstSlack // one clearly different name is not outvoted
	}
	if res.patConflict {
		res.score *= 0.8
	}
	if singleWord(a) != singleWord(b) && res.score > p.singleWordCap {
		res.score = p.singleWordCap // one name word against a full name is weak evidence
	}
	if res.roleConflict {
		res.score *= 0.6
	}
	if res.swapped && len(a) == 2 && len(b) == 2 {
		res.score -= p.swapPenalty
	}
	if j := joinedSim(a, b); j > res.score {
		res = alignment{score: j, pairs: 1, joined: true}
	}
	return res
}

// singleWord: the name has one word that is not a particle.
func singleWord(ts []ctoken) bool {
	n := 0
	for i := range ts {
		if ts[i].role != RoleParticle {
			n++
		}
	}
	return n == 1
}

// identical: the same phonemes, where tokenSim would say 1 without an edit distance.
func identical(a, b *ctoken) bool {
	if a.abjad || b.abjad || len(a.cjk) > 0 || len(b.cjk) > 0 {
		return false
	}
	return equalRunes(a.r, b.r)
}

// fillSims computes the similarities still unknown between unused tokens.
func fillSims(a, b []ctoken, sim, raw []float32, usedA, usedB uint64, p *params) {
	for i := range a {
		if usedA&(1<<i) != 0 {
			continue
		}
		for j := range b {
			if k := i*len(b) + j; usedB&(1<<j) == 0 && raw[k] < -1 {
				raw[k], sim[k] = p.tokenSim(&a[i], &b[j])
			}
		}
	}
}

// readingLess orders readings by token count, then by spelling.
func readingLess(a, b []ctoken) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	for i := range a {
		if a[i].p != b[i].p {
			return a[i].p < b[i].p
		}
	}
	return false
}

func totalWeight(ts []ctoken) float32 {
	var w float32
	for i := range ts {
		w += ts[i].weight
	}
	return w
}

// joinedSim compares the names written as one word each, for AlisherUsmanov and Xi Jin
// Ping; it only counts when the word boundaries differ.
func joinedSim(a, b []ctoken) float32 {
	if len(a) == len(b) {
		return 0
	}
	// a missing space leaves the letters: only names of about the same length qualify
	if d := runeCount(a) - runeCount(b); d > 2 || d < -2 {
		return 0
	}
	if len(a[0].cjk) > 0 && len(b[0].cjk) > 0 {
		return similarity(joinCJK(a), joinCJK(b)) * 0.97
	}
	ja, jb := joinRunes(a), joinRunes(b)
	if len(ja) > 32 || len(jb) > 32 {
		return 0
	}
	return similarity(ja, jb) * 0.97
}

func joinRunes(ts []ctoken) []rune {
	var n int
	for i := range ts {
		if ts[i].role != RoleParticle {
			n += len(ts[i].r)
		}
	}
	out := make([]rune, 0, n)
	for i := range ts {
		if ts[i].role != RoleParticle {
			out = append(out, ts[i].r...)
		}
	}
	return out
}

// describe writes the phonemic tokens of a reading for reasons.
func describe(ts []ctoken) string {
	return string(appendDescription(nil, ts))
}

// appendDescription appends describe(ts) to dst.
func appendDescription(dst []byte, ts []ctoken) []byte {
	for i := range ts {
		if i > 0 {
			dst = append(dst, ' ')
		}
		dst = append(dst, ts[i].p...)
	}
	return dst
}

func joinCJK(ts []ctoken) []rune {
	var out []rune
	for i := range ts {
		out = append(out, ts[i].cjk...)
	}
	return out
}

func runeCount(ts []ctoken) int {
	n := 0
	for i := range ts {
		if ts[i].role != RoleParticle {
			n += len(ts[i].r)
		}
	}
	return n
}
