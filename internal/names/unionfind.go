package names

import "strconv"

// clusterInfo summarises a cluster for the cannot-link test without visiting its members.
type clusterInfo struct {
	minYear, maxYear int32
	id               string
	gender           byte
	place            int32 // a gazetteer entry of the cluster's home place, -1 when unknown
	placeText        []rune
	father           []rune
}

// link merges clusters along edges in order, refusing merges that would put conflicting
// evidence in one cluster.
func (d *Deduper) link(edges []edge, info []clusterInfo) {
	n := len(d.recs)
	d.parent = make([]int32, n)
	d.linkTo = make([]int32, n)
	d.linkScore = make([]float32, n)
	for i := range d.parent {
		d.parent[i] = int32(i)
		d.linkTo[i] = -1
	}
	for _, e := range edges {
		ra, rb := d.find(e.a), d.find(e.b)
		if ra == rb {
			continue
		}
		ia, ib := info[ra], info[rb]
		if conflict(ia, ib) {
			d.Stats.Refused++
			continue
		}
		// the root is the smaller index, so the cluster id is its first record in input order
		if rb < ra {
			ra, rb = rb, ra
			ia, ib = ib, ia
		}
		d.parent[rb] = ra
		info[ra] = mergeInfo(ia, ib)
		d.Stats.Linked++
		d.links = append(d.links, e)
		// record the link on the later record of the pair, for its output reason
		x, y := e.a, e.b
		if x > y {
			x, y = y, x
		}
		if d.linkTo[y] < 0 {
			d.linkTo[y], d.linkScore[y] = x, e.score
		} else if d.linkTo[x] < 0 && x != d.find(x) {
			d.linkTo[x], d.linkScore[x] = y, e.score
		}
	}
}

// infoOf is the cluster summary of a single record.
func infoOf(p *Prepared) clusterInfo {
	c := clusterInfo{minYear: int32(p.year), maxYear: int32(p.year), id: p.id, gender: p.gender, place: -1,
		placeText: p.placeWord, father: p.father}
	if len(p.place) > 0 {
		c.place = p.place[0]
	}
	return c
}

func conflict(a, b clusterInfo) bool {
	if a.id != "" && b.id != "" {
		return a.id != b.id // the same number outweighs dates and gender
	}
	if a.gender != 0 && b.gender != 0 && a.gender != b.gender {
		return true
	}
	if a.minYear != 0 && b.minYear != 0 {
		lo, hi := min(a.minYear, b.minYear), max(a.maxYear, b.maxYear)
		if hi-lo >= maxClusterYearSpan {
			return true
		}
	}
	switch {
	case a.place >= 0 && b.place >= 0:
		if !samePlace([]int32{a.place}, []int32{b.place}) {
			return true // namesakes from two home places, joined only through records without one
		}
	case len(a.placeText) > 0 && len(b.placeText) > 0 && similarity(a.placeText, b.placeText) < 0.6:
		return true // the same for one-word places the gazetteer does not know (Толы, Текес)
	}
	if len(a.father) > 0 && len(b.father) > 0 && similarity(a.father, b.father) < 0.7 {
		return true // two different fathers' names
	}
	return false
}

// maxClusterYearSpan: a cluster never spans birth years this far apart. Direct links
// between such records are already penalised; the span stops chains through records that
// give no year from joining namesakes.
const maxClusterYearSpan = 3

func mergeInfo(a, b clusterInfo) clusterInfo {
	out := a
	if out.place < 0 {
		out.place = b.place
	}
	if len(out.placeText) == 0 {
		out.placeText = b.placeText
	}
	if len(out.father) == 0 {
		out.father = b.father
	}
	if out.id == "" {
		out.id = b.id
	}
	if out.gender == 0 {
		out.gender = b.gender
	}
	switch {
	case out.minYear == 0:
		out.minYear, out.maxYear = b.minYear, b.maxYear
	case b.minYear != 0:
		out.minYear, out.maxYear = min(a.minYear, b.minYear), max(a.maxYear, b.maxYear)
	}
	return out
}

func (d *Deduper) find(i int32) int32 {
	for d.parent[i] != i {
		d.parent[i] = d.parent[d.parent[i]]
		i = d.parent[i]
	}
	return i
}

// splitByYear cuts an oversized block into one block per birth year (name + birth-year
// combination for very common names). Records without a year go with the records of their
// home place instead (name + place); what is still too large, or has neither, is not compared
// in this block and is counted in Stats.
func (d *Deduper) splitByYear(b []int32) [][]int32 {
	byYear := map[int][]int32{}
	byPlace := map[string][]int32{}
	yearless := map[string]bool{}
	for _, i := range b {
		r := d.recs[i]
		if r.year != 0 {
			byYear[r.year] = append(byYear[r.year], i)
		}
		if k := placeKey(r); k != "" {
			byPlace[k] = append(byPlace[k], i)
			if r.year == 0 {
				yearless[k] = true
			}
		} else if r.year == 0 {
			d.Stats.CappedRecords++
		}
	}
	var out [][]int32
	keep := func(s []int32) {
		if len(s) > d.BlockCap {
			d.Stats.CappedBlocks++
			d.Stats.CappedRecords += len(s)
			return
		}
		if len(s) > 1 {
			out = append(out, s)
		}
	}
	for _, s := range byYear {
		keep(s)
	}
	for k, s := range byPlace {
		if yearless[k] {
			keep(s)
		}
	}
	if len(b) > d.Stats.LargestBlock {
		d.Stats.LargestBlock = len(b)
	}
	return out
}

func placeKey(p *Prepared) string {
	if len(p.place) > 0 {
		return "g" + strconv.Itoa(int(p.place[0]))
	}
	return string(p.placeText)
}

// Result returns record i's cluster (the index of the cluster's first record), the score of
// the link that brought it in (1 for a cluster's first record) and the reasons of that link.
// After Run it only reads, so it may be called from several goroutines.
func (d *Deduper) Result(i int) (cluster int, score float64, reasons []string) {
	c := int(d.parent[i])
	if c == i || d.linkTo[i] < 0 {
		if c == i {
			return c, 1, nil
		}
		return c, 0, []string{"linked through another record of the cluster"}
	}
	m := ComparePrepared(d.prepared(i), d.prepared(int(d.linkTo[i])))
	return c, float64(d.linkScore[i]), m.Reasons
}
