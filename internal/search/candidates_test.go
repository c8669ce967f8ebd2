package search

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/tizim/tizim/internal/model"
)

// The cut must give the very candidates of scoring every holder of every key: the same
// persons, in the same order, with the same scores and forms. Random archives with crowds
// of namesakes (many ties), near words, dead slots, non-public persons, and random queries
// with qualifiers and misspelt words.
func TestCutGivesTheCandidatesOfScoringEveryone(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 2026))
	letters := []rune("abdegiklmnorstuyz")
	word := func(n int) string {
		rs := make([]rune, n)
		for i := range rs {
			rs[i] = letters[rng.IntN(len(letters))]
		}
		return string(rs)
	}
	typo := func(w string) string {
		rs := []rune(w)
		i := rng.IntN(len(rs))
		switch rng.IntN(3) {
		case 0:
			rs[i] = letters[rng.IntN(len(letters))]
		case 1:
			rs = append(rs[:i], rs[i+1:]...)
		default:
			rs = append(rs[:i], append([]rune{letters[rng.IntN(len(letters))]}, rs[i:]...)...)
		}
		return string(rs)
	}
	checked, cut := 0, 0
	// small archives: let keys of a few dozen postings only add to the candidates
	defer func(m, r int) { intersectMin, intersectRatio = m, r }(intersectMin, intersectRatio)
	intersectMin, intersectRatio = 16, 2
	for round := range 12 {
		// a vocabulary with families of near words, drawn with skewed frequencies
		var vocab []string
		for range 40 + rng.IntN(80) {
			w := word(4 + rng.IntN(5))
			vocab = append(vocab, w)
			for range rng.IntN(4) {
				vocab = append(vocab, typo(w))
			}
		}
		draw := func() string { // Zipf-like: early words are common
			return vocab[min(len(vocab)-1, int(float64(len(vocab))*rng.Float64()*rng.Float64()*rng.Float64()))]
		}
		hash := func() uint64 { return uint64(1 + int(30*rng.Float64()*rng.Float64())) }
		x := newIndex()
		persons := 500 + rng.IntN(4000)
		var es []entry
		for p := range persons {
			id := model2ID(round, p%(persons-rng.IntN(persons/4+1))) // some persons written again
			e := entry{id: id, public: rng.IntN(4) > 0, year: 1950 + rng.IntN(50), gender: []string{"", "m", "f"}[rng.IntN(3)]}
			if rng.IntN(10) == 0 {
				e.year = 0
			}
			// a person's keys are distinct (store.NameKeySet), each with the forms carrying it
			ws, hs := map[string]int64{}, map[uint64]int64{}
			for range 1 + rng.IntN(3) {
				ws[draw()] |= int64(1 + rng.IntN(7))
			}
			for range rng.IntN(4) {
				hs[hash()] |= int64(1 + rng.IntN(7))
			}
			for w, f := range ws {
				e.words = append(e.words, wordKey{w, f})
			}
			for h, f := range hs {
				e.hashes = append(e.hashes, hashKey{h, f})
			}
			if rng.IntN(50) == 0 {
				e.gone = true
			}
			es = append(es, e)
		}
		x.apply(es)
		for range 150 {
			var q queryKeys
			for range 1 + rng.IntN(3) {
				w := draw()
				if rng.IntN(4) == 0 {
					w = typo(w)
				}
				q.words = append(q.words, w)
			}
			for range rng.IntN(3) {
				q.skels = append(q.skels, hash())
			}
			for range rng.IntN(2) {
				q.pairs = append(q.pairs, hash())
			}
			f := filter{publicOnly: rng.IntN(2) == 0}
			if rng.IntN(3) == 0 {
				f.year = 1950 + rng.IntN(50)
			}
			if rng.IntN(3) == 0 {
				f.gender = "mf"[rng.IntN(2)]
			}
			n := 1 + rng.IntN(40)
			var stopped bool
			traceCut = func() { stopped = true }
			got := x.candidates(q, f, n)
			traceCut = nil
			noCut = true
			want := x.candidates(q, f, n)
			noCut = false
			checked++
			if stopped {
				cut++
			}
			if len(got) != len(want) {
				t.Fatalf("round %d, %+v %+v n=%d: %d candidates with the cut, %d without", round, q, f, n, len(got), len(want))
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("round %d, %+v %+v n=%d: candidate %d is %+v with the cut, %+v without", round, q, f, n, i, got[i], want[i])
				}
			}
		}
	}
	// the test means something only if the cut did stop walking often
	if cut < checked/10 {
		t.Fatalf("the cut stopped early in %d of %d searches only", cut, checked)
	}
	t.Logf("%d searches, the walk stopped early in %d", checked, cut)
}

func model2ID(round, p int) (id model.ID) {
	copy(id[:], fmt.Sprintf("r%03dp%011d", round, p))
	return id
}

// Persons a walk has not reached yet who would tie the n-th best score still enter the best
// n when their slots come first (as when scoring everyone): a key may only add to the
// candidates when the keys left cannot even tie.
func TestCutKeepsTiesOfPersonsNotReached(t *testing.T) {
	defer func(m, r int) { intersectMin, intersectRatio = m, r }(intersectMin, intersectRatio)
	intersectMin, intersectRatio = 1, 0
	x := newIndex()
	var es []entry
	for i := range 20 { // slots 0–9 hold key 2, slots 10–19 key 1: equal weights
		es = append(es, slotEntry(i, nil, uint64(2-i/10)))
	}
	x.apply(es)
	got := x.candidates(queryKeys{skels: []uint64{1, 2}}, filter{}, 5)
	for i, c := range got {
		if c.ID != es[i].id {
			t.Fatalf("candidate %d is %s, want %s (slot %d)", i, c.ID, es[i].id, i)
		}
	}
}

// The accumulators' 16-bit stamps run out every 65,535 query keys; then every slot is
// cleared and they start again. Queries asked just before and after must find what they
// find on fresh scratch memory (without the clear, slots stamped before would count as
// reached by the query after).
func TestScratchStampsStartAgain(t *testing.T) {
	x := newIndex()
	var es []entry
	for i := range 300 {
		es = append(es, slotEntry(i, nil, uint64(1+i%7), uint64(10+i%13)))
	}
	x.apply(es)
	queries := []queryKeys{{skels: []uint64{1, 10}}, {skels: []uint64{3, 4, 5}}, {skels: []uint64{2, 11, 12, 13}}, {skels: []uint64{6}}}
	want := make([][]Candidate, len(queries))
	for i, q := range queries {
		want[i] = x.candidates(q, filter{}, 20)
	}
	wrapped := 0
	sc := &scratch{}
	for round := range 200 {
		before := math.MaxUint16 - uint16(1+round%5)
		sc.epoch = before
		for i, q := range queries {
			if got := x.candidatesWith(sc, q, filter{}, 20); !slices.Equal(got, want[i]) {
				t.Fatalf("round %d, query %d near the end of the stamps: %v, want %v", round, i, got, want[i])
			}
		}
		if sc.epoch < before {
			wrapped++
		}
	}
	if wrapped == 0 {
		t.Fatal("the stamps never started again: the test proves nothing")
	}
}
