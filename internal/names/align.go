package names

import "strings"

// tokenSim scores two prepared tokens in [0,1]: the phonemic similarity, or the similarity of
// the stems under patronymic and -ov suffixes (slightly discounted), consonants only when
// either side is written in an abjad, and partial credit for initials and short forms
// (J. for Jean, Ben for Benjamin).
func tokenSim(a, b *ctoken) float32 {
	if len(a.cjk) > 0 && len(b.cjk) > 0 {
		// two spellings in characters: one different character is a different name
		// (高市 and 高石 read the same in pinyin)
		return similarity(a.cjk, b.cjk)
	}
	if a.abjad || b.abjad {
		s := similarity(a.cons, b.cons)
		if len(a.cons) == 0 || len(b.cons) == 0 {
			s = similarity(a.r, b.r)
		}
		return s
	}
	s := similarity(a.r, b.r)
	if s == 1 {
		return 1
	}
	if len(a.stem) > 0 || len(b.stem) > 0 {
		as, bs := a.r, b.r
		if len(a.stem) > 0 {
			as = a.stem
		}
		if len(b.stem) > 0 {
			bs = b.stem
		}
		if t := 0.95 * similarity(as, bs); t > s {
			s = t
		}
	}
	short, long := a.r, b.r
	if len(short) > len(long) {
		short, long = long, short
	}
	if len(short) == 1 && len(long) > 1 {
		if skeletonClass(short[0]) == skeletonClass(long[0]) && (short[0] == long[0] || skeletonClass(short[0]) != 0) {
			return 0.8
		}
		return 0
	}
	if len(short) >= 3 && len(long) > len(short) && equalRunes(short, long[:len(short)]) && s < 0.75 {
		s = 0.75
	}
	return s
}

const (
	matchFloor     = 0.5  // below this, an aligned pair counts as unmatched
	extraPenalty   = 0.35 // weight of an unmatched token of the longer name
	missingPenalty = 1.0  // weight of an unmatched token of the shorter name
)

const (
	sharpKnee      = 0.9 // token similarity above which differences are spelling
	sharpSlope     = 2.5 // how fast credit falls below the knee
	worstSlack     = 0.5 // a name scores at most its worst aligned token + this
	particleWeight = 0.6
)

// sharpen turns a token similarity into credit: above the knee spelling variation costs
// little; below it two tokens are increasingly likely to be different names (Ortiz and
// Ortega share letters, not a person).
func sharpen(s float32) float32 {
	if s >= sharpKnee {
		return s
	}
	s = sharpKnee - (sharpKnee-s)*sharpSlope
	if s < 0 {
		return 0
	}
	return s
}

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
func align(a, b []ctoken) alignment {
	if len(a) == 0 || len(b) == 0 {
		return alignment{}
	}
	a, b = a[:min(len(a), 12)], b[:min(len(b), 12)]
	var simBuf [64]float32
	sim := simBuf[:0]
	if len(a)*len(b) > len(simBuf) {
		sim = make([]float32, 0, len(a)*len(b))
	}
	for i := range a {
		for j := range b {
			sim = append(sim, tokenSim(&a[i], &b[j]))
		}
	}
	var usedA, usedB uint64
	var num, den float32
	var res alignment
	lastJ := -1
	worst := float32(1)
	for {
		bi, bj, bs := -1, -1, float32(matchFloor)
		for i := range a {
			if usedA&(1<<i) != 0 {
				continue
			}
			for j := range b {
				if usedB&(1<<j) == 0 && sim[i*len(b)+j] >= bs {
					if sim[i*len(b)+j] > bs || bi < 0 {
						bi, bj, bs = i, j, sim[i*len(b)+j]
					}
				}
			}
		}
		if bi < 0 {
			break
		}
		usedA |= 1 << bi
		usedB |= 1 << bj
		w := a[bi].weight + b[bj].weight
		sh := sharpen(bs)
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
		case ta.exp && tb.exp && ta.role == RolePatronymic && bs < 0.9:
			res.patConflict = true
		}
		if bj < lastJ {
			res.swapped = true
		}
		lastJ = bj
	}
	var wa, wb float32
	patA, patB := false, false
	for i := range a {
		if usedA&(1<<i) == 0 {
			wa += a[i].weight
			res.unmatched++
			patA = patA || a[i].exp && a[i].role == RolePatronymic
		}
	}
	for j := range b {
		if usedB&(1<<j) == 0 {
			wb += b[j].weight
			res.unmatched++
			patB = patB || b[j].exp && b[j].role == RolePatronymic
		}
	}
	if patA && patB {
		res.patConflict = true // both name a father, and the fathers differ
	}
	short, long := wa, wb
	if totalWeight(a) > totalWeight(b) {
		short, long = wb, wa
	}
	den += 2*missingPenalty*short + extraPenalty*long
	if den > 0 {
		res.score = num / den
	}
	if res.score > worst+worstSlack {
		res.score = worst + worstSlack // one clearly different name is not outvoted
	}
	if res.patConflict {
		res.score *= 0.8
	}
	if res.roleConflict {
		res.score *= 0.6
	}
	if res.swapped && len(a) == 2 && len(b) == 2 {
		res.score -= 0.02
	}
	if j := joinedSim(a, b); j > res.score {
		res = alignment{score: j, pairs: 1, joined: true}
	}
	return res
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
	var b strings.Builder
	for i := range ts {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(ts[i].p)
	}
	return b.String()
}

func joinCJK(ts []ctoken) []rune {
	var out []rune
	for i := range ts {
		out = append(out, ts[i].cjk...)
	}
	return out
}
