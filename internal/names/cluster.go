package names

import (
	"cmp"
	"hash/maphash"
	"runtime"
	"slices"
	"sort"
	"sync"

	"github.com/tizim/tizim/internal/pipe"
)

// Deduper clusters many records: Add each record (it keeps only the prepared features and
// blocking keys, not the input), then Run, then read each record's cluster. Pairs are
// compared only inside blocks; a block larger than BlockCap is split by birth year and, if
// still too large, skipped and counted in Stats (ADR 0103).
type Deduper struct {
	Threshold float64
	BlockCap  int
	// MaxCandidates, when above 0, compares each record with at most this many earlier
	// records: those sharing the rarest blocks with it (ADR 0105). 0 compares every
	// candidate.
	MaxCandidates int
	recs          []*Prepared // features without readings: those are in reads
	reads         [][]uint32  // each record's distinct readings as token numbers (dedupeTokens.compact)
	tokens        dedupeTokens
	postings      map[uint64][]int32
	seed          maphash.Seed
	pending       []Record // records waiting to be prepared, in input order
	places        map[string]placeInfo
	parent        []int32 // union-find
	linkTo        []int32 // the record each record was linked through (-1 for none)
	linkScore     []float32
	links         []edge  // the edges that joined two clusters, strongest first
	capped        [64]int // candidates left out by MaxCandidates, per worker
	Stats         DedupeStats
}

// DedupeStats reports what blocking did, so its effect on recall can be measured.
type DedupeStats struct {
	Records, Blocks, Compared, Linked, Refused int
	CappedBlocks, CappedRecords                int
	LargestBlock                               int
}

// NewDeduper returns a Deduper with the given threshold (DefaultThreshold when 0).
func NewDeduper(threshold float64) *Deduper {
	if threshold <= 0 {
		threshold = DefaultThreshold
	}
	return &Deduper{Threshold: threshold, BlockCap: 100, postings: map[uint64][]int32{},
		seed: maphash.MakeSeed(), places: map[string]placeInfo{}}
}

const prepareBatch = 4096

// Add files a record for clustering and returns its index. Records are prepared in batches
// on all cores; only their compact features and keys are kept.
func (d *Deduper) Add(r Record) int {
	d.pending = append(d.pending, r)
	if len(d.pending) == prepareBatch {
		d.flush()
	}
	return len(d.recs) + len(d.pending) - 1
}

// flush prepares the pending records in parallel. Home places repeat, so each distinct one
// is resolved once, before the parallel part reads the cache.
func (d *Deduper) flush() {
	for _, r := range d.pending {
		if _, ok := d.places[r.Place]; !ok && r.Place != "" {
			d.places[r.Place] = resolvePlace(r.Place)
		}
	}
	lookup := func(s string) placeInfo { return d.places[s] }
	prepared := make([]*Prepared, len(d.pending))
	pipe.Each(len(d.pending), func(i int) { prepared[i] = prepare(d.pending[i], lookup) })
	for _, p := range prepared {
		i := int32(len(d.recs))
		for _, k := range blockKeys(p, d.seed) {
			d.postings[k] = append(d.postings[k], i)
		}
		d.reads = append(d.reads, d.tokens.compact(p))
		d.recs = append(d.recs, p)
	}
	d.pending = d.pending[:0]
}

type edge struct {
	a, b  int32
	score float32
}

// Run compares the pairs inside every block on all cores and links them into clusters,
// strongest links first, never joining two clusters that hold a cannot-link pair's evidence
// (different identity numbers, birth years ten or more apart, different genders).
func (d *Deduper) Run() {
	d.flush()
	n := len(d.recs)
	d.Stats.Records = n
	blocks := make([][]int32, 0, len(d.postings))
	for _, b := range d.postings {
		if len(b) < 2 {
			continue
		}
		if len(b) > d.BlockCap {
			blocks = append(blocks, d.splitByYear(b)...)
			continue
		}
		blocks = append(blocks, b)
	}
	d.postings = nil
	d.Stats.Blocks = len(blocks)
	// each record's blocks, as offsets into one array (CSR), so that a worker can walk a
	// record's candidates once and compare each pair once however many keys it shares
	off := make([]int32, n+1)
	for _, b := range blocks {
		for _, i := range b {
			off[i+1]++
		}
	}
	for i := 0; i < n; i++ {
		off[i+1] += off[i]
	}
	member := make([]int32, off[n])
	fill := append([]int32(nil), off[:n]...)
	for bi, b := range blocks {
		for _, i := range b {
			member[fill[i]] = int32(bi)
			fill[i]++
		}
	}
	fill = nil
	infos := make([]clusterInfo, n)
	for i, p := range d.recs {
		infos[i] = infoOf(p)
	}
	workers := runtime.GOMAXPROCS(0)
	edgesCh := make(chan []edge, workers)
	var wg sync.WaitGroup
	var compared [64]int
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			var out []edge
			ex := newExpander(d)
			prm := defaultParams
			prm.memo = new(simMemo)
			stamp := make([]int32, n)  // stamp[j] == i+1: j already counted for record i
			shared := make([]uint8, n) // how many blocks j shares with record i
			var rarity []float32       // with MaxCandidates: the sum of 1/size of those blocks
			if d.MaxCandidates > 0 {
				rarity = make([]float32, n)
			}
			var cand []int32
			for i := w; i < n; i += workers {
				ex.a.record(d, i, 0)
				cand = cand[:0]
				keys := off[i+1] - off[i]
				for _, bi := range member[off[i]:off[i+1]] {
					for _, j := range blocks[bi] {
						if int(j) >= i {
							break // blocks list records in input order: only earlier ones
						}
						if stamp[j] != int32(i+1) {
							stamp[j] = int32(i + 1)
							shared[j] = 0
							cand = append(cand, j)
							if rarity != nil {
								rarity[j] = 0
							}
						}
						if shared[j] < 255 {
							shared[j]++
						}
						if rarity != nil {
							rarity[j] += 1 / float32(len(blocks[bi]))
						}
					}
				}
				// a pair sharing one key of many is a chance collision of skeletons; the
				// same person's records share several (prefix, suffix, word+year keys)
				need := uint8(1)
				if keys >= 4 {
					need = 2
				}
				kept := cand[:0]
				for _, j := range cand {
					if shared[j] >= need && !quickReject(&infos[j], &infos[i], d.Threshold) {
						kept = append(kept, j)
					}
				}
				if d.MaxCandidates > 0 && len(kept) > d.MaxCandidates {
					slices.SortFunc(kept, func(x, y int32) int {
						if rarity[x] != rarity[y] {
							return cmp.Compare(rarity[y], rarity[x])
						}
						return cmp.Compare(y, x) // then the nearest in input order
					})
					d.capped[w%64] += len(kept) - d.MaxCandidates
					kept = kept[:d.MaxCandidates]
				}
				for _, j := range kept {
					ex.b.record(d, int(j), 64)
					compared[w%64]++
					if s := score(&ex.b, &ex.a, &prm); s >= d.Threshold {
						out = append(out, edge{j, int32(i), float32(s)})
					}
				}
			}
			edgesCh <- out
		}(w)
	}
	go func() { wg.Wait(); close(edgesCh) }()
	var edges []edge
	for e := range edgesCh {
		edges = append(edges, e...)
	}
	for _, c := range compared {
		d.Stats.Compared += c
	}
	sort.Slice(edges, func(i, j int) bool {
		if edges[i].score != edges[j].score {
			return edges[i].score > edges[j].score
		}
		if edges[i].a != edges[j].a {
			return edges[i].a < edges[j].a
		}
		return edges[i].b < edges[j].b
	})
	d.link(edges, infos)
	for i := range d.parent {
		d.parent[i] = d.find(int32(i)) // flat: Result only reads, so callers may use it concurrently
	}
}
