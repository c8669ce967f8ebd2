package search

import (
	"container/heap"
	"hash/maphash"
	"math"
	"slices"
	"sort"
	"sync"
	"unicode/utf8"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
)

// index is the name index held in memory (ADR 0501), shared by Live and Memory. Every
// person has a slot; postings are slot numbers in ascending order, one compact array per
// key, with a parallel array of the forms that carry the key. The phonemic words of all
// persons form a dictionary with a deletion neighbourhood (each word and the word less one
// letter), so that a query word finds the stored words one or two edits away in a few map
// lookups. A person written again gets a new slot and its old one is marked dead;
// compact drops dead slots when they are a quarter of all.
//
// Candidates for a query are all persons holding one of its keys or a word near one of its
// words, each scored by the keys it shares, weighted by their rarity: every candidate is
// counted, none cut off by a cap, and only the best few go on to the name engine.
type index struct {
	mu sync.RWMutex

	ids    []model.ID
	slot   map[model.ID]int32
	public []uint64 // bit set by slot
	dead   []uint64 // bit set by slot
	year   []uint16 // birth year, 0 when unknown
	gender []byte   // 'm', 'f' or 0
	nDead  int

	lists    []plist
	byKey    map[uint64]int32 // key hash → lists index
	words    []string         // the dictionary: every phonemic word seen
	wordKey  []uint64         // its key hash (store.NameKeyHash of "p:"+word)
	wordByID map[string]int32
	near     map[uint64][]int32 // hash of a word or the word less one letter → words
	grams    map[uint64][]int32 // pair of letters (with ^ and $ at the ends) → words holding it
	seed     maphash.Seed

	scratch    sync.Pool
	gramCounts sync.Pool // *gramCount

	// nearMemo remembers nearWords of recent query words, each with the size of the
	// dictionary it was computed for: words are only ever added to the dictionary, and
	// what a word reaches changes only when they are.
	nearMu   sync.Mutex
	nearMemo map[string]nearEntry
}

type nearEntry struct {
	words int
	ms    []wordMatch
}

// nearMemoMax bounds nearMemo; past it, it starts again.
const nearMemoMax = 1 << 16

// plist is one key's postings: slots ascending, and the forms carrying the key (bit 15
// stands for the sixteenth form and all after it).
type plist struct {
	docs  []int32
	forms []uint16
}

func newIndex() *index {
	return &index{slot: map[model.ID]int32{}, byKey: map[uint64]int32{}, wordByID: map[string]int32{},
		near: map[uint64][]int32{}, grams: map[uint64][]int32{}, seed: maphash.MakeSeed()}
}

// entry is one person's keys as decoded from the store, ready to apply. An entry marked
// gone only takes the person out of the index (Live's public index, when a person is no
// longer public).
type entry struct {
	id     model.ID
	seq    int64 // the name_docs row's seq (Live)
	gone   bool
	public bool
	year   int
	gender string
	words  []wordKey
	hashes []hashKey
}

type wordKey struct {
	word  string
	forms int64
}

type hashKey struct {
	key   uint64
	forms int64
}

// entryOf decodes a person's stored keys.
func entryOf(id model.ID, public bool, year int, gender string, keys []byte) entry {
	e := entry{id: id, public: public, year: year, gender: gender}
	store.DecodeKeys(keys, func(w []byte, forms int64) {
		e.words = append(e.words, wordKey{string(w), forms})
	}, func(k, forms int64) {
		e.hashes = append(e.hashes, hashKey{uint64(k), forms})
	})
	return e
}

// entryOfSet is entryOf for keys computed in memory.
func entryOfSet(id model.ID, public bool, year int, gender string, ks store.NameKeySet) entry {
	e := entry{id: id, public: public, year: year, gender: gender}
	for w, f := range ks.Words {
		e.words = append(e.words, wordKey{w, f})
	}
	for k, f := range ks.Hashes {
		e.hashes = append(e.hashes, hashKey{uint64(k), f})
	}
	return e
}

func formBits(f int64) uint16 {
	b := uint16(f & 0x7fff)
	if f>>15 != 0 {
		b |= 0x8000
	}
	return b
}

// apply adds entries; a person already indexed moves to a new slot.
func (x *index) apply(es []entry) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, e := range es {
		if old, ok := x.slot[e.id]; ok {
			setBit(&x.dead, old)
			x.nDead++
			if e.gone {
				delete(x.slot, e.id)
			}
		}
		if e.gone {
			continue
		}
		s := int32(len(x.ids))
		x.ids = append(x.ids, e.id)
		x.slot[e.id] = s
		if e.public {
			setBit(&x.public, s)
		}
		y := e.year
		if y < 0 || y > math.MaxUint16 {
			y = 0
		}
		x.year = append(x.year, uint16(y))
		var g byte
		if e.gender == "m" || e.gender == "f" {
			g = e.gender[0]
		}
		x.gender = append(x.gender, g)
		for _, w := range e.words {
			x.post(x.wordKeyOf(w.word), s, w.forms)
		}
		for _, h := range e.hashes {
			x.post(h.key, s, h.forms)
		}
	}
	if x.nDead > 1000 && x.nDead*4 > len(x.ids) {
		x.compact()
	}
}

func (x *index) post(key uint64, s int32, forms int64) {
	li, ok := x.byKey[key]
	if !ok {
		li = int32(len(x.lists))
		x.lists = append(x.lists, plist{})
		x.byKey[key] = li
	}
	l := &x.lists[li]
	l.docs = append(l.docs, s)
	l.forms = append(l.forms, formBits(forms))
}

// wordKeyOf returns a word's key hash, adding the word to the dictionary when new.
func (x *index) wordKeyOf(w string) uint64 {
	if i, ok := x.wordByID[w]; ok {
		return x.wordKey[i]
	}
	i := int32(len(x.words))
	k := uint64(store.NameKeyHash(store.WordKeyPrefix + w))
	x.words = append(x.words, w)
	x.wordKey = append(x.wordKey, k)
	x.wordByID[w] = i
	rs := []rune(w)
	x.addNear(w, i)
	if len(rs) >= minFuzzy {
		seen := map[string]bool{}
		for _, d := range deletions(rs) {
			if !seen[d] {
				seen[d] = true
				x.addNear(d, i)
			}
		}
	}
	for _, g := range bigrams(rs) {
		x.grams[g] = append(x.grams[g], i)
	}
	return k
}

// bigrams returns the distinct pairs of neighbouring letters of a word, with ^ before its
// first letter and $ after its last.
func bigrams(rs []rune) []uint64 {
	out := make([]uint64, 0, len(rs)+1)
	prev := '^'
	for _, r := range append(rs, '$') {
		g := uint64(prev)<<32 | uint64(r)
		if !slices.Contains(out, g) {
			out = append(out, g)
		}
		prev = r
	}
	return out
}

func (x *index) addNear(s string, i int32) {
	h := maphash.String(x.seed, s)
	x.near[h] = append(x.near[h], i)
}

// compact renumbers the slots without the dead ones; postings stay in ascending order.
func (x *index) compact() {
	remap := make([]int32, len(x.ids))
	var ids []model.ID
	var pub []uint64
	var year []uint16
	var gender []byte
	for s := range x.ids {
		if bit(x.dead, int32(s)) {
			remap[s] = -1
			continue
		}
		n := int32(len(ids))
		remap[s] = n
		ids = append(ids, x.ids[s])
		if bit(x.public, int32(s)) {
			setBit(&pub, n)
		}
		year = append(year, x.year[s])
		gender = append(gender, x.gender[s])
		x.slot[x.ids[s]] = n
	}
	for li := range x.lists {
		l := &x.lists[li]
		j := 0
		for i, d := range l.docs {
			if r := remap[d]; r >= 0 {
				l.docs[j], l.forms[j] = r, l.forms[i]
				j++
			}
		}
		l.docs, l.forms = l.docs[:j:j], l.forms[:j:j]
	}
	x.ids, x.public, x.year, x.gender, x.dead, x.nDead = ids, pub, year, gender, nil, 0
}

func setBit(b *[]uint64, i int32) {
	for int(i>>6) >= len(*b) {
		*b = append(*b, 0)
	}
	(*b)[i>>6] |= 1 << (i & 63)
}

func bit(b []uint64, i int32) bool {
	return int(i>>6) < len(b) && b[i>>6]&(1<<(i&63)) != 0
}

// Fuzzy matching of words: words of at least minFuzzy letters match stored words one edit
// away (a letter dropped, added, changed, or two swapped), and words of at least minFuzzy2
// letters two edits away when one of them drops or adds a letter. A query word of at least
// minFuzzy2 letters that no one in the archive has is misspelt or spelt in an unusual way,
// and it also matches every stored word two edits away of any kind (two letters changed,
// two added, a change and a swap…): a word too far for the deletion neighbourhood is
// found through the pairs of letters it shares with the query word (two edits leave all
// but at most six of them).
var (
	minFuzzy  = 4
	minFuzzy2 = 5
)

// maxFuzzy is the longest word matched a typo away: the probes grow with the square of a
// word's length and each is hashed whole, so a public query of one word of a thousand
// letters held the index for five seconds. No name's word is near this long; a longer one
// is looked up as written (and cut into stored words, splitWord).
const maxFuzzy = 40

// deletions returns the word less each one of its letters.
func deletions(rs []rune) []string {
	out := make([]string, 0, len(rs))
	buf := make([]rune, 0, len(rs))
	for i := range rs {
		buf = append(append(buf[:0], rs[:i]...), rs[i+1:]...)
		out = append(out, string(buf))
	}
	return out
}

// nearWords returns the dictionary words within reach of w, with their similarity
// (1 for w itself), best first. Call with x.mu held. The slice is shared: read only.
func (x *index) nearWords(w string) []wordMatch {
	x.nearMu.Lock()
	e, ok := x.nearMemo[w]
	x.nearMu.Unlock()
	if ok && e.words == len(x.words) {
		return e.ms
	}
	ms := x.nearWordsUncached(w)
	x.nearMu.Lock()
	if x.nearMemo == nil || len(x.nearMemo) >= nearMemoMax {
		x.nearMemo = map[string]nearEntry{}
	}
	x.nearMemo[w] = nearEntry{len(x.words), slices.Clip(ms)}
	x.nearMu.Unlock()
	return ms
}

func (x *index) nearWordsUncached(w string) []wordMatch {
	rs := []rune(w)
	var out []wordMatch
	if i, ok := x.wordByID[w]; ok {
		out = append(out, wordMatch{i, 1})
	}
	if len(rs) < minFuzzy-1 || len(rs) > maxFuzzy {
		return out
	}
	// w itself finds the stored words one letter longer (w is one of their deletions)
	probes := []string{w}
	if len(rs) >= minFuzzy {
		probes = append(deletions(rs), w)
	}
	if len(rs) >= minFuzzy2 {
		for _, d := range probes[:len(rs)] {
			probes = append(probes, deletions([]rune(d))...)
		}
	}
	seen := map[int32]bool{}
	if len(out) > 0 {
		seen[out[0].word] = true
	}
	maxD := 1
	if len(rs) >= minFuzzy2 {
		maxD = 2
	}
	var rbuf [32]rune
	for _, p := range probes {
		for _, i := range x.near[maphash.String(x.seed, p)] {
			if seen[i] {
				continue
			}
			seen[i] = true
			cand := appendRunes(rbuf[:0], x.words[i])
			d := editDistance(rs, cand, maxD)
			if d > maxD {
				continue
			}
			out = append(out, wordMatch{i, 1 - float64(d)/float64(max(len(rs), len(cand)))})
		}
	}
	if len(out) == 0 || out[0].sim < 1 {
		out = x.farWords(rs, seen, out)
	}
	// best first: a person holding several near words counts the best one
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].sim > out[j-1].sim; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// farWords adds to out the stored words two edits from a word that is not stored (found
// through shared pairs of letters, checked by edit distance), except those in seen. The
// pairs are counted in a dense array (a map of counts was most of a misspelt query's cost
// in the candidate stage), and words are taken in the order they were first met, so that
// words of equal similarity always come in the same order.
func (x *index) farWords(rs []rune, seen map[int32]bool, out []wordMatch) []wordMatch {
	if len(rs) < minFuzzy2 {
		return out
	}
	gs := bigrams(rs)
	need := max(2, len(gs)-6)
	gc, _ := x.gramCounts.Get().(*gramCount)
	if gc == nil {
		gc = &gramCount{}
	}
	defer x.gramCounts.Put(gc)
	if len(gc.n) < len(x.words) {
		gc.n = make([]uint16, len(x.words)+len(x.words)/4)
	}
	met := gc.met[:0]
	for _, g := range gs {
		for _, i := range x.grams[g] {
			if gc.n[i] == 0 {
				met = append(met, i)
			}
			gc.n[i]++
		}
	}
	var rbuf [32]rune
	for _, i := range met {
		c := int(gc.n[i])
		gc.n[i] = 0
		if c < need || seen[i] {
			continue
		}
		cand := appendRunes(rbuf[:0], x.words[i])
		if d := editDistance(rs, cand, 2); d <= 2 {
			seen[i] = true
			out = append(out, wordMatch{i, 1 - float64(d)/float64(max(len(rs), len(cand)))})
		}
	}
	gc.met = met
	return out
}

// gramCount is farWords' working memory: a count per dictionary word (all zero between
// calls) and the words counted.
type gramCount struct {
	n   []uint16
	met []int32
}

type wordMatch struct {
	word int32
	sim  float64
}

// editDistance is the optimal string alignment distance (insertions, deletions,
// substitutions, swaps of neighbours), or more than limit when it is more.
func editDistance(a, b []rune, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	// three rows; on the stack for words of up to 31 letters
	var buf [3 * 32]int
	var prev2, prev, cur []int
	if len(b) < 32 {
		prev2, prev, cur = buf[0:len(b)+1], buf[32:32+len(b)+1], buf[64:64+len(b)+1]
	} else {
		prev2, prev, cur = make([]int, len(b)+1), make([]int, len(b)+1), make([]int, len(b)+1)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			low = min(low, v)
		}
		if low > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// appendRunes is append(buf, []rune(s)...) without the conversion's allocation.
func appendRunes(buf []rune, s string) []rune {
	for _, r := range s {
		buf = append(buf, r)
	}
	return buf
}

// Weights of the key kinds (names.Keys): a phonemic word says more than its consonant
// skeleton; a pair of skeleton prefixes says that two words go together.
var (
	wordWeight = 3.0
	skelWeight = 1.0
	pairWeight = 1.0
)

// queryKeys is a query's keys, apart.
type queryKeys struct {
	words []string
	skels []uint64
	pairs []uint64
}

func keysOfQuery(name string) queryKeys {
	var q queryKeys
	for _, k := range store.FormKeys(name) {
		switch {
		case len(k) > 2 && k[:2] == store.WordKeyPrefix:
			q.words = append(q.words, k[2:])
		case len(k) > 2 && k[:2] == "n:":
			q.pairs = append(q.pairs, uint64(store.NameKeyHash(k)))
		default:
			q.skels = append(q.skels, uint64(store.NameKeyHash(k)))
		}
	}
	return q
}

// Candidate is a person proposed by the index, with its first-stage score and the forms
// that share a key with the query.
type Candidate struct {
	ID    model.ID
	Score float64
	Forms int64
}

// filter says which slots a search may return.
type filter struct {
	publicOnly bool
	year       int
	gender     byte
}

// scratch is one search's working memory, reused across searches: per slot, the stamp of
// the last query key that reached it, its score so far and the forms that matched, side by
// side so that a posting costs one cache line.
type scratch struct {
	acc     []acc
	touched []int32
	epoch   uint16 // the current query key's stamp
	first   uint16 // the current query's first stamp
}

// acc is eight bytes: the walk over postings waits on these cache lines, so the smaller the
// array the fewer it misses (12 bytes with a 32-bit stamp cost 4 % more CPU a search).
type acc struct {
	score float32
	stamp uint16
	forms uint16
}

// unit is one query key with what it reaches: a word with its near words (a person counts
// the best of them), a consonant skeleton or a pair of words.
type unit struct {
	lists []credit
	df    int     // postings of all its lists
	max   float32 // the most it gives one person (its best list's weight)
}

type credit struct {
	l *plist
	w float32
}

// A key whose postings outnumber the candidates found so far by more than intersectRatio,
// and are more than intersectMin, only adds to those candidates — walking a hundred
// thousand postings is most of a search's time — but only when that cannot change the
// best n: a person not yet reached can gain at most the weights of the keys still to
// come, and when they add up to less than the n-th best score so far, no such person can
// enter (the MaxScore bound of Turtle and Flood). Before that bound, two common words
// (Kurban, Kamil) were cut off behind one rare skeleton they did not share, though
// together they outweighed it.
var (
	intersectRatio = 8
	intersectMin   = 4096
	intersectPool  = 0 // candidates found before any key may only add to them (beyond n)
	// noCut walks every list (for tests: the cut must give the same candidates)
	noCut = false
	// traceCut, when set, is called each time a key only adds to the candidates (tests)
	traceCut func()
)

// cutSlack covers float rounding in the bound: a person's score is a float32 sum, which may
// come out a few ulps above the same weights summed in float64.
const cutSlack = 1 + 1e-5

// candidates scores every person holding one of q's keys (a word near one of its words)
// and returns the best n, best first.
func (x *index) candidates(q queryKeys, f filter, n int) []Candidate {
	sc, _ := x.scratch.Get().(*scratch)
	if sc == nil {
		sc = &scratch{}
	}
	defer x.scratch.Put(sc)
	return x.candidatesWith(sc, q, f, n)
}

// candidatesWith is candidates with sc as its working memory.
func (x *index) candidatesWith(sc *scratch, q queryKeys, f filter, n int) []Candidate {
	x.mu.RLock()
	defer x.mu.RUnlock()
	total := len(x.ids)
	if total == 0 {
		return nil
	}
	if len(sc.acc) < total {
		sc.acc = make([]acc, total+total/8)
		sc.epoch = 0
	}
	sc.touched = sc.touched[:0]
	live := float64(total - x.nDead)
	idf := func(df int) float64 { return math.Log(1 + live/float64(df)) }
	var units []unit
	list := func(k uint64) *plist {
		if li, ok := x.byKey[k]; ok && len(x.lists[li].docs) > 0 {
			return &x.lists[li]
		}
		return nil
	}
	q = x.withSplits(q)
	for _, w := range q.words {
		// A query word is as rare as the word it is (or, misspelt, the nearest stored word):
		// a near word that happens to be rarer must not outweigh the word itself.
		var u unit
		wIDF := -1.0
		for _, m := range x.nearWords(w) { // best first
			l := list(x.wordKey[m.word])
			if l == nil {
				continue
			}
			if wIDF < 0 {
				wIDF = idf(len(l.docs))
			}
			w := float32(wordWeight * m.sim * wIDF)
			u.lists = append(u.lists, credit{l, w})
			u.df += len(l.docs)
			u.max = max(u.max, w)
		}
		units = append(units, u)
	}
	for _, k := range q.skels {
		if l := list(k); l != nil {
			w := float32(skelWeight * idf(len(l.docs)))
			units = append(units, unit{[]credit{{l, w}}, len(l.docs), w})
		}
	}
	for _, k := range q.pairs {
		if l := list(k); l != nil {
			w := float32(pairWeight * idf(len(l.docs)))
			units = append(units, unit{[]credit{{l, w}}, len(l.docs), w})
		}
	}
	// heaviest first (then rarest): the n-th best score rises fastest, so the bound lets
	// the lighter, longer lists only add to the candidates sooner
	sort.SliceStable(units, func(i, j int) bool {
		if units[i].max != units[j].max {
			return units[i].max > units[j].max
		}
		return units[i].df < units[j].df
	})
	units = units[:min(len(units), maxUnits)]
	// rest[i]: the most a person can gain from units i and after
	rest := make([]float64, len(units)+1)
	for i := len(units) - 1; i >= 0; i-- {
		rest[i] = rest[i+1] + float64(units[i].max)
	}
	sc.begin(len(units))
	sorted := false
	for i, u := range units {
		if len(u.lists) == 0 {
			continue
		}
		sc.next()
		if !noCut && len(sc.touched) >= max(n, intersectPool) && u.df > intersectMin && u.df > intersectRatio*len(sc.touched) &&
			rest[i]*x.maxBoost(f)*cutSlack < x.nthBest(sc, f, n) {
			if !sorted {
				slices.Sort(sc.touched)
				sorted = true
			}
			if traceCut != nil {
				traceCut()
			}
			for _, c := range u.lists {
				sc.intersect(c)
			}
			continue
		}
		for _, c := range u.lists {
			sc.add(c)
		}
		sorted = false
	}
	h := &candHeap{}
	for _, d := range sc.touched {
		if !x.eligible(d, f) {
			continue
		}
		s := float64(sc.acc[d].score) * x.boost(d, f)
		if h.Len() < n {
			heap.Push(h, scored{d, s})
		} else if r := (*h)[0]; s > r.score || s == r.score && d < r.slot {
			// ties go to the earlier slot, whatever order the persons were reached in
			(*h)[0] = scored{d, s}
			heap.Fix(h, 0)
		}
	}
	out := make([]Candidate, h.Len())
	for i := len(out) - 1; i >= 0; i-- {
		c := heap.Pop(h).(scored)
		forms := int64(sc.acc[c.slot].forms & 0x7fff)
		if sc.acc[c.slot].forms&0x8000 != 0 {
			forms |= -1 << 15 // the sixteenth form and all after it
		}
		out[i] = Candidate{ID: x.ids[c.slot], Score: c.score, Forms: forms}
	}
	return out
}

// withSplits is q with, for each of its words that splitWord cuts, the two words and the
// keys of the two as one name (the pair says they go together), appended to copies: the
// caller's arrays stay as they are. A query's readings may cut into the same words: a key
// counts once. Call with x.mu held.
func (x *index) withSplits(q queryKeys) queryKeys {
	for _, w := range q.words {
		if a, b := x.splitWord(w); a != "" {
			k := keysOfQuery(a + " " + b)
			q.words = appendNew(q.words[:len(q.words):len(q.words)], append([]string{a, b}, k.words...)...)
			q.skels = appendNew(q.skels[:len(q.skels):len(q.skels)], k.skels...)
			q.pairs = appendNew(q.pairs[:len(q.pairs):len(q.pairs)], k.pairs...)
		}
	}
	return q
}

// appendNew appends to s the elements of add it does not hold yet.
func appendNew[T comparable](s []T, add ...T) []T {
	for _, v := range add {
		if !slices.Contains(s, v) {
			s = append(s, v)
		}
	}
	return s
}

// minSplitPart is the shortest word splitWord cuts off.
const minSplitPart = 3

// splitWord returns two stored words a and b that w is written together, when w
// is not a stored word itself: a name in Chinese characters is often written without the
// middle dot between given name and surname (吐尔逊阿不都外力 for 吐尔逊·阿不都外力), or a
// romanised one as one word, and then no key of the query is a key of the person, though
// the name engine sees that they agree. Of the cuts whose halves are both stored words, the
// most even one; "" when there is no such cut. Call with x.mu held.
func (x *index) splitWord(w string) (a, b string) {
	if _, ok := x.wordByID[w]; ok {
		return "", ""
	}
	// cuts at rune boundaries, counted in letters; the halves are slices of w (no copies:
	// every query word not in the dictionary comes here)
	n := utf8.RuneCountInString(w)
	best, bestAt, i := 0, 0, 0
	for at := range w {
		if i >= minSplitPart && i <= n-minSplitPart && min(i, n-i) > min(best, n-best) {
			if _, ok := x.wordByID[w[:at]]; ok {
				if _, ok := x.wordByID[w[at:]]; ok {
					best, bestAt = i, at
				}
			}
		}
		i++
	}
	if best == 0 {
		return "", ""
	}
	return w[:bestAt], w[bestAt:]
}

// eligible reports whether slot d may be returned under f.
func (x *index) eligible(d int32, f filter) bool {
	return !bit(x.dead, d) && (!f.publicOnly || bit(x.public, d))
}

// boost is what the qualifiers a query states do to slot d's score: a birth year or gender
// that differs lowers the candidate, one that agrees raises it (the name engine weighs
// them again).
func (x *index) boost(d int32, f filter) float64 {
	b := 1.0
	if f.year != 0 && x.year[d] != 0 {
		if diff := f.year - int(x.year[d]); diff == 0 {
			b *= 1.15
		} else if diff > 2 || diff < -2 {
			b *= 0.85
		}
	}
	if f.gender != 0 && x.gender[d] != 0 && f.gender != x.gender[d] {
		b *= 0.9
	}
	return b
}

// maxBoost is the most boost can give under f.
func (x *index) maxBoost(f filter) float64 {
	if f.year != 0 {
		return 1.15
	}
	return 1
}

// nthBest is the n-th best score of the eligible persons reached so far (0 when fewer):
// scores only grow, so the final n-th best is at least this.
func (x *index) nthBest(sc *scratch, f filter, n int) float64 {
	h := make(minHeap, 0, n)
	for _, d := range sc.touched {
		if !x.eligible(d, f) {
			continue
		}
		s := float64(sc.acc[d].score) * x.boost(d, f)
		if len(h) < n {
			h = append(h, s)
			if len(h) == n {
				heap.Init(&h)
			}
		} else if s > h[0] {
			h[0] = s
			heap.Fix(&h, 0)
		}
	}
	if len(h) < n {
		return 0
	}
	return h[0]
}

type minHeap []float64

func (h minHeap) Len() int           { return len(h) }
func (h minHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h minHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *minHeap) Push(v any)        { *h = append(*h, v.(float64)) }
func (h *minHeap) Pop() any {
	old := *h
	v := old[len(old)-1]
	*h = old[:len(old)-1]
	return v
}

// The scratch arrays are reused across queries: a stamp at or above first belongs to the
// current query, and each query key has its own epoch from there.
// begin starts a query of keys keys (at most maxUnits): when the stamps left would not do,
// every slot is cleared and they start again.
func (sc *scratch) begin(keys int) {
	if int(sc.epoch)+keys >= math.MaxUint16 {
		clear(sc.acc)
		sc.epoch = 0
	}
	sc.first = sc.epoch + 1
}

// maxUnits bounds a query's keys (each takes a stamp): a query of thousands of words keeps
// its heaviest keys.
const maxUnits = 1 << 14

func (sc *scratch) next() { sc.epoch++ }

// add credits every person of a list not yet credited for the current query key.
func (sc *scratch) add(c credit) {
	for i, d := range c.l.docs {
		a := &sc.acc[d]
		if a.stamp == sc.epoch {
			a.forms |= c.l.forms[i]
			continue
		}
		if a.stamp < sc.first {
			// the first key of this query to reach d
			*a = acc{}
			sc.touched = append(sc.touched, d)
		}
		a.stamp = sc.epoch
		a.score += c.w
		a.forms |= c.l.forms[i]
	}
}

// intersect credits only the persons already reached (sc.touched, in slot order) that the
// list holds, searching the list by galloping: it may be many times longer.
func (sc *scratch) intersect(c credit) {
	docs := c.l.docs
	j := 0
	for _, d := range sc.touched {
		if j >= len(docs) {
			return
		}
		if docs[j] < d {
			// gallop to a bound, then search within it
			step := 1
			for j+step < len(docs) && docs[j+step] < d {
				j += step
				step *= 2
			}
			hi := min(j+step, len(docs)-1)
			j += sort.Search(hi-j+1, func(k int) bool { return docs[j+k] >= d })
			if j >= len(docs) {
				return
			}
		}
		if docs[j] != d {
			continue
		}
		a := &sc.acc[d]
		if a.stamp != sc.epoch {
			a.stamp = sc.epoch
			a.score += c.w
		}
		a.forms |= c.l.forms[j]
	}
}

type scored struct {
	slot  int32
	score float64
}

// candHeap is a min-heap by score (ties: the later slot first out, so earlier slots stay).
type candHeap []scored

func (h candHeap) Len() int { return len(h) }
func (h candHeap) Less(i, j int) bool {
	if h[i].score != h[j].score {
		return h[i].score < h[j].score
	}
	return h[i].slot > h[j].slot
}
func (h candHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *candHeap) Push(v any)   { *h = append(*h, v.(scored)) }
func (h *candHeap) Pop() any {
	old := *h
	v := old[len(old)-1]
	*h = old[:len(old)-1]
	return v
}

// len is the number of persons indexed (live slots).
func (x *index) len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.ids) - x.nDead
}
