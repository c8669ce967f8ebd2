package names

import (
	"math"
	"math/rand/v2"
	"syscall"
	"testing"
)

// editDistanceLimitRef is editDistanceLimit as it was before ADR 0202: the plain row-by-row
// form, kept as the reference the tuned loop must reproduce bit for bit.
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

// distanceAlphabet is every phoneme of the inventory (what Latin, Cyrillic, Arabic-script,
// Uyghur and pinyin spellings are reduced to), plus runes outside it: Han and Hangul
// characters (CJK tokens are compared as characters), Arabic letters and a digit.
var distanceAlphabet = []rune(phonemeVowels + phonemeConsonants + "高市石金李伊力한국ءبسش7")

func randomPhonemes(r *rand.Rand, n int, alphabet []rune) []rune {
	w := make([]rune, n)
	for i := range w {
		w[i] = alphabet[r.IntN(len(alphabet))]
	}
	return w
}

// mutate spells w with a few edits, swaps included, so that many pairs are close and the
// transposition and early-exit branches are exercised, not only far-apart pairs.
func mutate(r *rand.Rand, w []rune, alphabet []rune) []rune {
	v := append([]rune(nil), w...)
	for k := r.IntN(4); k > 0; k-- {
		switch i := r.IntN(len(v) + 1); r.IntN(4) {
		case 0:
			if len(v) > 1 && i+1 < len(v) {
				v[i], v[i+1] = v[i+1], v[i]
			}
		case 1:
			if i < len(v) {
				v[i] = alphabet[r.IntN(len(alphabet))]
			}
		case 2:
			if i < len(v) && len(v) > 1 {
				v = append(v[:i], v[i+1:]...)
			}
		default:
			v = append(v[:i], append([]rune{alphabet[r.IntN(len(alphabet))]}, v[i:]...)...)
		}
	}
	return v
}

// TestEditDistanceLimitMatchesReference: for random phoneme strings and limits the tuned
// editDistanceLimit returns exactly the reference's float32 (so in particular the same value
// whenever the reference is within the limit, and a value above the limit whenever the
// reference is), and similarityAtLeast built on it the same similarity.
func TestEditDistanceLimitMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(202, 8))
	small := []rune("aeiknrsşyw") // few letters: repeats, swaps and equal runes are common
	iters := 400000
	if testing.Short() {
		iters = 40000
	}
	for it := 0; it < iters; it++ {
		alphabet := distanceAlphabet
		if it%3 == 0 {
			alphabet = small
		}
		a := randomPhonemes(r, 1+r.IntN(14), alphabet)
		if it%50 == 0 {
			a = randomPhonemes(r, r.IntN(36), alphabet) // empty and over 32 too
		}
		b := mutate(r, a, alphabet)
		if it%4 == 0 {
			b = randomPhonemes(r, 1+r.IntN(14), alphabet)
		}
		var limit float32
		switch it % 5 {
		case 0:
			limit = 1e9
		case 1:
			limit = float32(r.IntN(40)) * 0.05
		case 2:
			limit = r.Float32() * 4
		default:
			limit = (1 - float32(0.5)*0.9) * float32(max(len(a), len(b)))
		}
		got, want := editDistanceLimit(a, b, limit), editDistanceLimitRef(a, b, limit)
		if math.Float32bits(got) != math.Float32bits(want) {
			t.Fatalf("editDistanceLimit(%q, %q, %v) = %v, reference %v", string(a), string(b), limit, got, want)
		}
		if want <= limit && got != want || want > limit && got <= limit {
			t.Fatalf("editDistanceLimit(%q, %q, %v) = %v on the wrong side of the limit (reference %v)", string(a), string(b), limit, got, want)
		}
		for _, floor := range []float32{0.45, 0.5 * 0.9, 0.7} {
			if s, ref := similarityAtLeast(a, b, floor), similarityAtLeastRef(a, b, floor); math.Float32bits(s) != math.Float32bits(ref) {
				t.Fatalf("similarityAtLeast(%q, %q, %v) = %v, reference %v", string(a), string(b), floor, s, ref)
			}
		}
	}
}

func similarityAtLeastRef(a, b []rune, floor float32) float32 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if equalRunes(a, b) {
		return 1
	}
	l := float32(max(len(a), len(b)))
	d := editDistanceLimitRef(a, b, (1-floor)*l)
	if s := 1 - d/l; s >= floor {
		return s
	}
	return 0
}

// distanceBenchPairs are the phoneme tokens of benchPairs' readings, every token of the
// first name against every token of the second, as align compares them.
func distanceBenchPairs() [][2][]rune {
	var out [][2][]rune
	for _, p := range benchPairs {
		x, y := Prepare(Record{Name: p[0]}), Prepare(Record{Name: p[1]})
		for _, rx := range x.readings {
			for _, ry := range y.readings {
				for _, a := range rx {
					for _, b := range ry {
						out = append(out, [2][]rune{a.r, b.r})
					}
				}
			}
		}
	}
	return out
}

// BenchmarkEditDistanceLimit compares the tuned loop with the reference on the same token
// pairs and limits as similarityAtLeast gives them, in one process so that both see the
// same machine load.
func BenchmarkEditDistanceLimit(b *testing.B) {
	pairs := distanceBenchPairs()
	for _, f := range []struct {
		name string
		fn   func(a, b []rune, limit float32) float32
	}{{"tuned", editDistanceLimit}, {"reference", editDistanceLimitRef}} {
		b.Run(f.name, func(b *testing.B) {
			var sink float32
			cpu := processCPU()
			for i := 0; b.Loop(); i++ {
				p := pairs[i%len(pairs)]
				sink += f.fn(p[0], p[1], (1-float32(0.5)*0.9)*float32(max(len(p[0]), len(p[1]))))
			}
			b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
			_ = sink
		})
	}
}

// processCPU is the user and system CPU time of the process in nanoseconds: on a machine
// shared with other work it moves much less than the wall clock ns/op.
func processCPU() int64 {
	var u syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &u) != nil {
		return 0
	}
	return u.Utime.Nano() + u.Stime.Nano()
}
