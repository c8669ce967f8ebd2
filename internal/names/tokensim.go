package names

// tokenSim scores two prepared tokens: raw is the phonemic similarity in [0,1] (or that of
// the stems under patronymic and -ov suffixes, slightly discounted; consonants only when
// either side is written in an abjad; characters when both are Chinese or Korean), credit
// is what the pair contributes to the name score: raw sharpened, or a fixed credit for an
// initial (J. for Jean) or a short form (Ben for Benjamin), which are not spelling errors.
func tokenSim(a, b *ctoken, p *params) (raw, credit float32) {
	if len(a.cjk) > 0 && len(b.cjk) > 0 {
		// two spellings in characters: one different character is a different name
		// (高市 and 高石 read the same in pinyin)
		s := similarity(a.cjk, b.cjk)
		return s, p.sharpen(s)
	}
	if a.abjad && b.abjad {
		// two abjad spellings: the same letters, matres lectionis included
		s := similarity(a.r, b.r)
		return s, p.sharpen(s)
	}
	if a.abjad || b.abjad {
		// consonants carry less than whole words: two short skeletons agree by chance
		s := similarity(a.cons, b.cons) * 0.95
		if len(a.cons) < 2 || len(b.cons) < 2 {
			s = similarity(a.r, b.r)
		}
		return s, p.sharpen(s)
	}
	short, long := a.r, b.r
	if len(short) > len(long) {
		short, long = long, short
	}
	if len(a.stem) == 0 && len(b.stem) == 0 && len(short) > 1 {
		// every unmatched phoneme of the longer word costs at least 0.45: when that alone
		// puts the pair under the floor, skip the edit distance
		if bound := 1 - 0.45*float32(len(long)-len(short))/float32(len(long)); bound < p.matchFloor &&
			!equalRunes(short, long[:len(short)]) {
			return bound, 0
		}
	}
	// below the floor a pair is unmatched whatever its exact similarity, so the edit
	// distance may stop early; initials and prefixes are judged below without it
	s := similarityAtLeast(a.r, b.r, p.matchFloor*0.9)
	if s == 1 {
		return 1, 1
	}
	if s < p.equivalentCredit && a.eq != 0 && a.eq == b.eq {
		return p.equivalentCredit, p.equivalentCredit
	}
	if len(a.stem) > 0 || len(b.stem) > 0 {
		as, bs := a.r, b.r
		if len(a.stem) > 0 {
			as = a.stem
		}
		if len(b.stem) > 0 {
			bs = b.stem
		}
		t := 0.95 * similarityAtLeast(as, bs, p.matchFloor*0.9)
		if russianPatronymicAgainstName(a, b) {
			t *= 0.7 // Volodymyr Oleksandrovych is not Oleksandr
		}
		if t > s {
			s = t
		}
	}
	if len(short) == 1 && len(long) > 1 {
		if short[0] == long[0] || skeletonClass(short[0]) != 0 && skeletonClass(short[0]) == skeletonClass(long[0]) {
			return p.initialCredit, p.initialCredit
		}
		return 0, 0
	}
	c := p.sharpen(s)
	if len(short) >= 3 && len(long) > len(short) && equalRunes(short, long[:len(short)]) && c < p.prefixCredit {
		return max(s, p.matchFloor), p.prefixCredit
	}
	return s, c
}

// russianPatronymicAgainstName: one side is an -ovich patronymic, the other is not a
// patronymic at all. Kazakh fathers' names are written bare, Russian patronymics are not.
func russianPatronymicAgainstName(a, b *ctoken) bool {
	pa := a.role == RolePatronymic && isRussianPatronymic(a.p)
	pb := b.role == RolePatronymic && isRussianPatronymic(b.p)
	return pa != pb && (pa && b.role != RolePatronymic || pb && a.role != RolePatronymic)
}

// params are the scoring knobs (ADR 0102). defaultParams is read-only; the benchmark test
// builds its own copies to search them.
type params struct {
	matchFloor       float32 // below this, an aligned pair counts as unmatched
	extraPenalty     float32 // weight of an unmatched token of the longer name
	missingPenalty   float32 // weight of an unmatched token of the shorter name
	sharpKnee        float32 // token similarity above which differences are spelling
	sharpSlope       float32 // how fast credit falls below the knee
	worstSlack       float32 // a name scores at most its worst aligned token + this
	prefixCredit     float32 // Ben for Benjamin
	initialCredit    float32 // J. for Jean
	swapPenalty      float32 // two-word names in the other order
	singleWordCap    float32 // highest score of a one-word name against a longer one
	patronymicDrop   float32 // weight factor of an unmatched, explicitly marked patronymic
	substitutionCap  float32 // highest score when each name has a word the other lacks
	equivalentCredit float32 // two forms of one given name (Yusuf, Jüsip; Benjamin, Bibi)

	// memo, when not nil, remembers tokenSim of the tokens the Deduper numbered in
	// ctoken.id (dedupe_tokens.go)
	memo *simMemo
	// seen, when not nil, remembers tokenSim of tokens by their ctoken.num (ComparePreparedMemo;
	// only with defaultParams' values)
	seen *Memo
}

// tokenSim is tokenSim(a, b, p), remembered in p.memo for tokens the Deduper numbered, or
// in p.seen by the tokens' numbers.
func (p *params) tokenSim(a, b *ctoken) (raw, credit float32) {
	if p.memo != nil && a.id != 0 && b.id != 0 {
		return p.memo.tokenSim(a, b, p)
	}
	if p.seen != nil && a.num != 0 && b.num != 0 && (len(a.cjk) == 0 || len(b.cjk) == 0) {
		return p.seen.tokenSim(a, b, p)
	}
	return tokenSim(a, b, p)
}

var defaultParams = params{
	matchFloor: 0.5, extraPenalty: 0.2, missingPenalty: 1.0, sharpKnee: 0.85, sharpSlope: 2.5,
	worstSlack: 0.25, prefixCredit: 0.85, initialCredit: 0.8, swapPenalty: 0.02,
	singleWordCap: 0.85, patronymicDrop: 0.5, substitutionCap: 0.75, equivalentCredit: 0.9,
}

const particleWeight = 0.6

// sharpen turns a token similarity into credit: above the knee spelling variation costs
// little; below it two tokens are increasingly likely to be different names (Ortiz and
// Ortega share letters, not a person).
func (p *params) sharpen(s float32) float32 {
	if s >= p.sharpKnee {
		return s
	}
	s = p.sharpKnee - (p.sharpKnee-s)*p.sharpSlope
	if s < 0 {
		return 0
	}
	return s
}
