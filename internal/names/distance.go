package names

// editDistance is a weighted Damerau–Levenshtein distance over phonemes: substitutions cost
// what the confusable table says (k/q 0.2, r/l 0.35, vowels 0.1–0.5), vowels and glides are
// cheap to insert or drop, an adjacent swap costs 0.6. Short inputs use stack buffers, so
// scoring one pair does not allocate.
func editDistance(a, b []rune) float32 {
	return editDistanceLimit(a, b, 1e9)
}

// editDistanceLimit stops as soon as every cell of a row exceeds limit and then returns a
// value above it: scoring only needs to know that two words are too far apart.
//
// It is the hottest loop of a search (ADR 0202): the cell to the left, the diagonal and the
// previous phoneme of b travel in registers rather than being reloaded from the rows, the
// substitution row of a's phoneme is fetched once per row, and the rows are fixed arrays
// whose bounds the compiler proves from the length check, so the loop carries no bounds
// checks. Every cell is the same float32 expression, minimum and comparison as in the plain
// row-by-row form, in the same order, so the result is bit-for-bit that of the plain form
// (distance_test.go checks it against a copy of it), early exits included.
func editDistanceLimit(a, b []rune, limit float32) float32 {
	n, m := len(a), len(b)
	if n == 0 || m == 0 || n > 32 || m > 32 {
		return editDistanceSlow(a, b)
	}
	// phoneme indices once per call, then table loads only
	var bi [32]uint8
	var bIndel [32]float32
	for j, r := range b {
		bi[j] = uint8(phonemeIndex(r))
		bIndel[j] = costs.indel[bi[j]]
	}
	var rows [3][33]float32
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 1; j <= m; j++ {
		prev[j] = prev[j-1] + bIndel[j-1]
	}
	xp := rune(0) // a[i-2], read only when i > 1
	for i := 1; i <= n; i++ {
		x := a[i-1]
		xi := uint8(phonemeIndex(x))
		da := costs.indel[xi]
		sub := &costs.edit[xi]
		left := prev[0] + da
		cur[0] = left
		rowMin := left
		diag := prev[0]
		yp := rune(0) // b[j-2], read only when j > 1
		for j0, y := range b {
			j := j0 + 1
			yi := bi[j0]
			up := prev[j]
			// the old three-way switch (equal runes 0, two inventory phonemes the matrix,
			// else 1) as one load and one select: for different runes costs.edit holds
			// exactly what the switch chose, 1 when either is outside the inventory
			sc := sub[yi&63]
			if x == y {
				sc = 0
			}
			// no NaN and no negative zero here: min is the comparisons' result
			best := min(diag+sc, up+da, left+bIndel[j0])
			if x == yp && xp == y && x != y && i > 1 && j > 1 {
				if d := prev2[j-2] + 0.6; d < best {
					best = d
				}
			}
			cur[j] = best
			rowMin = min(rowMin, best)
			left, diag, yp = best, up, y
		}
		if rowMin > limit {
			return rowMin
		}
		prev2, prev, cur = prev, cur, prev2
		xp = x
	}
	return prev[m]
}

// editDistanceSlow is the same distance for empty or very long inputs.
func editDistanceSlow(a, b []rune) float32 {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		var d float32
		for _, r := range a {
			d += indelCost(r)
		}
		for _, r := range b {
			d += indelCost(r)
		}
		return d
	}
	rows := make([]float32, 3*(m+1))
	prev2, prev, cur := rows[:m+1], rows[m+1:2*(m+1)], rows[2*(m+1):]
	for j := 1; j <= m; j++ {
		prev[j] = prev[j-1] + indelCost(b[j-1])
	}
	for i := 1; i <= n; i++ {
		da := indelCost(a[i-1])
		cur[0] = prev[0] + da
		for j := 1; j <= m; j++ {
			best := prev[j-1] + subCost(a[i-1], b[j-1])
			if d := prev[j] + da; d < best {
				best = d
			}
			if d := cur[j-1] + indelCost(b[j-1]); d < best {
				best = d
			}
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] && a[i-1] != b[j-1] {
				if d := prev2[j-2] + 0.6; d < best {
					best = d
				}
			}
			cur[j] = best
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[m]
}

// similarityAtLeast is similarity, or 0 when it would be below floor.
func similarityAtLeast(a, b []rune, floor float32) float32 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if equalRunes(a, b) {
		return 1
	}
	l := float32(max(len(a), len(b)))
	d := editDistanceLimit(a, b, (1-floor)*l)
	if s := 1 - d/l; s >= floor {
		return s
	}
	return 0
}

// similarity maps the distance of two phonemic tokens into [0,1] relative to their length.
func similarity(a, b []rune) float32 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if equalRunes(a, b) {
		return 1
	}
	l := len(a)
	if len(b) > l {
		l = len(b)
	}
	s := 1 - editDistance(a, b)/float32(l)
	if s < 0 {
		return 0
	}
	return s
}

func equalRunes(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
