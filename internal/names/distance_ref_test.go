package names

import (
	"math/rand/v2"
	"testing"
)

// editDistanceLimitRef is editDistanceLimit as it was before its inner loop was tightened,
// kept to check the faster one against.
func editDistanceLimitRef(a, b []rune, limit float32) float32 {
	n, m := len(a), len(b)
	if n == 0 || m == 0 || n > 32 || m > 32 {
		return editDistanceSlow(a, b)
	}
	var ai, bi [32]uint8
	var bIndel [32]float32
	for i, r := range a {
		ai[i] = uint8(phonemeIndex(r))
	}
	for j, r := range b {
		bi[j] = uint8(phonemeIndex(r))
		bIndel[j] = costs.indel[bi[j]]
	}
	var buf [3 * 33]float32
	prev2, prev, cur := buf[:m+1], buf[m+1:2*(m+1)], buf[2*(m+1):3*(m+1)]
	for j := 1; j <= m; j++ {
		prev[j] = prev[j-1] + bIndel[j-1]
	}
	for i := 1; i <= n; i++ {
		x, xi := a[i-1], ai[i-1]
		da := costs.indel[xi]
		cur[0] = prev[0] + da
		rowMin := cur[0]
		for j := 1; j <= m; j++ {
			var sc float32
			switch y := b[j-1]; {
			case x == y:
			case xi != 0 && bi[j-1] != 0:
				sc = costs.sub[xi][bi[j-1]]
			default:
				sc = 1
			}
			best := prev[j-1] + sc
			if d := prev[j] + da; d < best {
				best = d
			}
			if d := cur[j-1] + bIndel[j-1]; d < best {
				best = d
			}
			if i > 1 && j > 1 && x == b[j-2] && a[i-2] == b[j-1] && x != b[j-1] {
				if d := prev2[j-2] + 0.6; d < best {
					best = d
				}
			}
			cur[j] = best
			if best < rowMin {
				rowMin = best
			}
		}
		if rowMin > limit {
			return rowMin
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[m]
}

// TestEditDistanceMatchesReference compares the edit distance with the reference on random
// phoneme strings (swaps, runes outside the inventory, every limit) bit for bit.
func TestEditDistanceMatchesReference(t *testing.T) {
	letters := []rune(phonemeVowels + phonemeConsonants + "'ж字")
	rng := rand.New(rand.NewPCG(3, 4))
	word := func() []rune {
		w := make([]rune, rng.IntN(12))
		for i := range w {
			w[i] = letters[rng.IntN(len(letters))]
		}
		return w
	}
	for i := 0; i < 300000; i++ {
		a, b := word(), word()
		if rng.IntN(4) == 0 && len(a) > 2 {
			b = append([]rune(nil), a...)
			k := rng.IntN(len(b) - 1)
			b[k], b[k+1] = b[k+1], b[k]
		}
		limit := float32(rng.IntN(12)) * 0.5
		if rng.IntN(3) == 0 {
			limit = 1e9
		}
		if got, want := editDistanceLimit(a, b, limit), editDistanceLimitRef(a, b, limit); got != want {
			t.Fatalf("%q %q limit %v: got %v, want %v", string(a), string(b), limit, got, want)
		}
	}
}
