package names

import (
	"encoding/binary"
	"math"
	"slices"
)

// dedupeTokens interns the prepared tokens of a Deduper's records: a name's readings are
// kept as token numbers instead of copies of the tokens (a record of several scripts has
// eight to sixteen readings of the same few words), and a token similarity computed once
// is remembered by the pair of numbers (params.memo). Two tokens get the same number only
// when every field the comparison reads is equal, so results do not change.
type dedupeTokens struct {
	list  []ctoken // list[id-1]
	index map[string]uint32
	key   []byte
	buf   []uint32
}

// compact returns p's distinct readings as token numbers — for each, its length, then its
// tokens — and drops them from p. A reading equal to an earlier one of the same record is
// left out: it scores exactly as the earlier one, which the comparison tries first, so the
// best alignment is the same.
func (t *dedupeTokens) compact(p *Prepared) []uint32 {
	if t.index == nil {
		t.index = map[string]uint32{}
	}
	out := t.buf[:0]
	for _, rd := range p.readings {
		start := len(out)
		out = append(out, uint32(len(rd)))
		for i := range rd {
			out = append(out, t.intern(&rd[i]))
		}
		if readingSeen(out[:start], out[start:]) {
			out = out[:start]
		}
	}
	t.buf = out
	p.readings = nil
	return slices.Clone(out)
}

// readingSeen: r (its length, then its tokens) is one of the readings of list.
func readingSeen(list, r []uint32) bool {
	for i := 0; i < len(list); i += 1 + int(list[i]) {
		if slices.Equal(list[i:i+1+int(list[i])], r) {
			return true
		}
	}
	return false
}

func (t *dedupeTokens) intern(c *ctoken) uint32 {
	k := t.key[:0]
	for _, s := range []string{c.p, c.role} {
		k = binary.AppendUvarint(k, uint64(len(s)))
		k = append(k, s...)
	}
	for _, rs := range [][]rune{c.r, c.stem, c.cons, c.cjk} {
		k = binary.AppendUvarint(k, uint64(len(rs)))
		for _, r := range rs {
			k = binary.AppendUvarint(k, uint64(r))
		}
	}
	var flags byte
	if c.exp {
		flags |= 1
	}
	if c.abjad {
		flags |= 2
	}
	k = append(k, flags)
	k = binary.LittleEndian.AppendUint32(k, math.Float32bits(c.weight))
	k = binary.AppendVarint(k, int64(c.eq))
	t.key = k
	if id, ok := t.index[string(k)]; ok {
		return id
	}
	tok := *c
	tok.id = uint32(len(t.list) + 1)
	t.list = append(t.list, tok)
	t.index[string(k)] = tok.id
	return tok.id
}

// simMemo remembers token similarities for one Deduper worker, at two levels. Within the
// pair of records being compared, tokens are numbered 1–63 in the first record and 65–127
// in the second (ctoken.id), so a pair of numbers names a pair of tokens in either
// orientation; a new pair starts a new generation instead of clearing. Across pairs, a
// direct-mapped cache keyed by the interned token numbers (dedupeTokens) keeps what
// earlier pairs computed: names repeat their words, so the same pairs of words recur.
type simMemo struct {
	gen    uint32
	stamp  [128 * 128]uint32
	val    [128 * 128][2]float32
	global []simEntry
	// the interned numbers of the tokens of the two records (expanded.ids)
	first, second []uint32
}

type simEntry struct {
	key         uint64 // 1 + interned numbers; 0 for an empty slot
	raw, credit float32
}

const simCacheSize = 1 << 20 // entries per worker (16 MiB)

func (m *simMemo) interned(id uint32) uint32 {
	if id > 64 {
		return m.second[id-65]
	}
	return m.first[id-1]
}

func (m *simMemo) tokenSim(a, b *ctoken, p *params) (raw, credit float32) {
	k := a.id<<7 | b.id
	if m.stamp[k] == m.gen {
		v := m.val[k]
		return v[0], v[1]
	}
	if m.global == nil {
		m.global = make([]simEntry, simCacheSize)
	}
	key := 1 + (uint64(m.interned(a.id))<<32 | uint64(m.interned(b.id)))
	e := &m.global[(key*0x9E3779B97F4A7C15)>>(64-20)]
	if e.key == key {
		raw, credit = e.raw, e.credit
	} else {
		raw, credit = tokenSim(a, b, p)
		*e = simEntry{key, raw, credit}
	}
	m.stamp[k], m.val[k] = m.gen, [2]float32{raw, credit}
	return raw, credit
}

// expanded is a record's features with its readings rebuilt from token numbers, in buffers
// reused from one record to the next.
type expanded struct {
	p     Prepared
	toks  []ctoken
	reads [][]ctoken
	ids   []uint32 // the record's distinct token numbers (dedupeTokens), in order of first use
	base  uint32   // its tokens' ids are base+1…
}

// record returns record i of d with its readings, valid until the next call. Each token's
// id is base + its place among the record's distinct tokens (1–63; 0 beyond, which
// simMemo does not remember).
func (e *expanded) record(d *Deduper, i int, base uint32) *Prepared {
	e.toks, e.reads, e.ids, e.base = e.toks[:0], e.reads[:0], e.ids[:0], base
	rd := d.reads[i]
	for k := 0; k < len(rd); k += 1 + int(rd[k]) {
		for _, id := range rd[k+1 : k+1+int(rd[k])] {
			tok := d.tokens.list[id-1]
			tok.id = 0
			n := indexOf32(e.ids, id)
			if n < 0 {
				n = len(e.ids)
				e.ids = append(e.ids, id)
			}
			if n < 63 {
				tok.id = base + uint32(n) + 1
			}
			e.toks = append(e.toks, tok)
		}
	}
	at := 0
	for k := 0; k < len(rd); k += 1 + int(rd[k]) {
		n := int(rd[k])
		e.reads = append(e.reads, e.toks[at:at+n:at+n])
		at += n
	}
	e.p = *d.recs[i]
	e.p.readings = e.reads
	return &e.p
}

// score is scorePrepared(a, b) of two expanded records.
func score(a, b *expanded, prm *params) float64 {
	if prm.memo.gen++; prm.memo.gen == 0 { // wrapped: no stamp may match a new generation
		prm.memo.stamp = [128 * 128]uint32{}
		prm.memo.gen = 1
	}
	if a.base == 0 {
		prm.memo.first, prm.memo.second = a.ids, b.ids
	} else {
		prm.memo.first, prm.memo.second = b.ids, a.ids
	}
	return comparePrepared(&a.p, &b.p, prm, false).Score
}

func indexOf32(s []uint32, v uint32) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

type expander struct{ a, b expanded }

func newExpander(*Deduper) *expander { return &expander{} }

// prepared returns record i of d with its readings, in memory of its own.
func (d *Deduper) prepared(i int) *Prepared {
	var e expanded
	return e.record(d, i, 0)
}

// CappedCandidates is how many candidate pairs MaxCandidates left out in Run.
func (d *Deduper) CappedCandidates() int {
	n := 0
	for _, c := range d.capped {
		n += c
	}
	return n
}

// Links calls fn, after Run, with every link that joined two clusters (a spanning forest of
// the clusters: each pair scored at or above the threshold on its own), strongest first;
// a < b in input order.
func (d *Deduper) Links(fn func(a, b int, score float64)) {
	for _, e := range d.links {
		fn(int(e.a), int(e.b), float64(e.score))
	}
}

// Explain compares records a and b of d with reasons, as ComparePrepared. After Run it
// only reads, so it may be called from several goroutines.
func (d *Deduper) Explain(a, b int) Match {
	return ComparePrepared(d.prepared(a), d.prepared(b))
}

// BulkCheckCandidates is the MaxCandidates of the archive's duplicate check of a first
// bulk load (ADR 0105); the quality tests run the Kazakh variant set at it.
const BulkCheckCandidates = 2
