package names

import (
	"hash/maphash"
	"runtime"
	"sort"
	"sync"
)

// Deduper clusters many records: Add each record (it keeps only the prepared features and
// blocking keys, not the input), then Run, then read each record's cluster. Pairs are
// compared only inside blocks; a block larger than BlockCap is split by birth year and, if
// still too large, skipped and counted in Stats (ADR 0103).
type Deduper struct {
	Threshold float64
	BlockCap  int
	recs      []*Prepared
	postings  map[uint64][]int32
	seed      maphash.Seed
	parent    []int32 // union-find
	linkTo    []int32 // the record each record was linked through (-1 for none)
	linkScore []float32
	Stats     DedupeStats
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
	return &Deduper{Threshold: threshold, BlockCap: 200, postings: map[uint64][]int32{}, seed: maphash.MakeSeed()}
}

// Add prepares a record and files it under its blocking keys; it returns the record's index.
func (d *Deduper) Add(r Record) int {
	p := Prepare(r)
	i := int32(len(d.recs))
	d.recs = append(d.recs, p)
	for _, k := range blockKeys(p, d.seed) {
		d.postings[k] = append(d.postings[k], i)
	}
	return int(i)
}

// blockKeys: for each reading, order-insensitive pairs of the skeleton prefixes and of the
// skeleton suffixes of its three heaviest tokens (a typo near one end of a word leaves the
// other end's key intact), or the token's skeleton for one-word names.
func blockKeys(p *Prepared, seed maphash.Seed) []uint64 {
	var keys []uint64
	var h maphash.Hash
	h.SetSeed(seed)
	add := func(kind byte, a, b string) {
		h.Reset()
		h.WriteByte(kind)
		if b < a {
			a, b = b, a
		}
		h.WriteString(a)
		h.WriteByte('|')
		h.WriteString(b)
		k := h.Sum64()
		for _, o := range keys {
			if o == k {
				return
			}
		}
		keys = append(keys, k)
	}
	for _, r := range p.readings {
		var sk []string
		for _, t := range r {
			if t.role == RoleParticle {
				continue
			}
			if s := Skeleton(t.p); s != "" {
				sk = append(sk, s)
			}
		}
		if len(sk) > 3 {
			sort.SliceStable(sk, func(i, j int) bool { return len(sk[i]) > len(sk[j]) })
			sk = sk[:3]
		}
		if len(sk) == 1 {
			add('1', sk[0], "")
		}
		for i := 0; i < len(sk); i++ {
			for j := i + 1; j < len(sk); j++ {
				add('p', prefix(sk[i], 2), prefix(sk[j], 2))
				add('s', suffix(sk[i], 2), suffix(sk[j], 2))
			}
		}
	}
	return keys
}

type edge struct {
	a, b  int32
	score float32
}

// Run compares the pairs inside every block on all cores and links them into clusters,
// strongest links first, never joining two clusters that hold a cannot-link pair's evidence
// (different identity numbers, birth years ten or more apart, different genders).
func (d *Deduper) Run() {
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
	workers := runtime.GOMAXPROCS(0)
	edgesCh := make(chan []edge, workers)
	var wg sync.WaitGroup
	var compared [64]int
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			var out []edge
			for bi := w; bi < len(blocks); bi += workers {
				b := blocks[bi]
				for x := 0; x < len(b); x++ {
					for y := x + 1; y < len(b); y++ {
						compared[w%64]++
						m := ComparePrepared(d.recs[b[x]], d.recs[b[y]])
						if m.Score >= d.Threshold {
							out = append(out, edge{b[x], b[y], float32(m.Score)})
						}
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
	d.link(edges)
}
