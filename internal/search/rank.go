package search

import (
	"context"
	"encoding/binary"
	"hash/maphash"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/names"
	"github.com/tizim/tizim/internal/store"
)

// Source is where candidates come from: the archive's Live index, or a Memory index.
// Candidates are proposed from memory; documents are what NameDocs returns, read afresh.
type Source interface {
	candidates(ctx context.Context, q queryKeys, f filter, n int) ([]Candidate, error)
	NameDocs(ctx context.Context, ids []model.ID) ([]store.NameDoc, error)
}

// Options tune a search.
type Options struct {
	PublicOnly bool        // persons whose publication is public, and nothing else
	Limit      int         // hits returned (default 10)
	Candidates int         // candidates scored with the name engine (default DefaultCandidates)
	Places     []PlaceCode // the query's places, resolved by the caller
}

// publicDocSource is a Source that keeps public persons' documents in memory (Live), with
// their name forms packed: a public search ranks from them, and the caller reads what it
// shows from the database.
type publicDocSource interface {
	publicDocs(ids []model.ID) (docs []store.NameDoc, seqs map[model.ID]int64, forms [][]names.PackedForm)
}

var _ publicDocSource = liveSource{}

// PlaceCode is a place named in a query: a prefecture (4 digits) or county (6 digits) code.
type PlaceCode struct {
	Word, Code string
}

// Hit is one ranked person.
type Hit struct {
	Doc store.NameDoc
	// Seq is the seq of the name_docs row Doc was read with, when the source knows it (a
	// public search on Live): a later write of the person gives it a new one.
	Seq       int64
	Score     float64  // 0..1
	NameScore float64  // the names alone
	Reasons   []string // most important first
}

// DefaultCandidates is how many of the index's candidates the name engine scores.
const DefaultCandidates = 32

// Rank finds the persons whose names best match q.Name, best first: the index scores every
// person sharing a key (or a word near one) with the query, and the name engine compares
// the best o.Candidates of them with the query.
func Rank(ctx context.Context, src Source, q Query, o Options) ([]Hit, error) {
	if o.Limit <= 0 {
		o.Limit = 10
	}
	if o.Candidates <= 0 {
		o.Candidates = DefaultCandidates
	}
	if strings.TrimSpace(q.Name) == "" {
		return nil, nil
	}
	f := filter{publicOnly: o.PublicOnly, year: q.BirthYear}
	if q.Gender == "m" || q.Gender == "f" {
		f.gender = q.Gender[0]
	}
	cands, err := src.candidates(ctx, keysOfQuery(q.Name), f, max(o.Candidates, o.Limit))
	if err != nil {
		return nil, err
	}
	ids := make([]model.ID, len(cands))
	forms := make(map[model.ID]int64, len(cands))
	for i, c := range cands {
		ids[i] = c.ID
		forms[c.ID] = c.Forms
	}
	var docs []store.NameDoc
	var seqs map[model.ID]int64
	var packed [][]names.PackedForm
	if ps, ok := src.(publicDocSource); ok && o.PublicOnly {
		docs, seqs, packed = ps.publicDocs(ids)
	} else if docs, err = src.NameDocs(ctx, ids); err != nil {
		return nil, err
	}
	if o.PublicOnly {
		// The documents are read afresh: a posting may be older than a withdrawn consent.
		kept := 0
		for i, d := range docs {
			if d.Publication == model.Public {
				docs[kept] = d
				if packed != nil {
					packed[kept] = packed[i]
				}
				kept++
			}
		}
		docs = docs[:kept]
		if packed != nil {
			packed = packed[:kept]
		}
	}
	rs := score(q, o, docs, forms, packed)
	if len(q.Literals) > 0 {
		rs = slices.DeleteFunc(rs, func(r ranked) bool { return !holdsLiterals(docs[r.doc].Forms, q.Literals) })
	}
	sort.Slice(rs, func(i, j int) bool {
		if rs[i].Score != rs[j].Score {
			return rs[i].Score > rs[j].Score
		}
		return string(docs[rs[i].doc].ID[:]) < string(docs[rs[j].doc].ID[:])
	})
	hits := make([]Hit, min(len(rs), o.Limit))
	for i := range hits {
		r := rs[i]
		d := &docs[r.doc]
		hits[i] = Hit{Doc: *d, Seq: seqs[d.ID], Score: r.Score, NameScore: r.NameScore, Reasons: r.Reasons}
	}
	return hits, nil
}

// ranked is a candidate scored: docs[doc] with its hit's scores and reasons (a Hit is made
// only for the best, its document being a large copy).
type ranked struct {
	doc              int
	Score, NameScore float64
	Reasons          []string
}

// score compares every candidate with the query on all cores. Only the forms that share a
// key with the query are read by the name engine: analysing a form is the costly part, and
// is done once for recent candidates (prepared) or, when packed holds the documents' forms
// analysed (packed[i] are docs[i]'s), not at all. Namesakes whose compared forms, birth
// year and gender are the same are compared once.
func score(q Query, o Options, docs []store.NameDoc, forms map[model.ID]int64, packed [][]names.PackedForm) []ranked {
	qp := names.Prepare(names.Record{Name: q.Name, BirthYear: q.BirthYear, Gender: q.Gender})
	var recs []names.Record // the compared records, when forms are analysed here
	if packed == nil {
		recs = make([]names.Record, len(docs))
	}
	keys := make([]uint64, len(docs))
	first := make(map[uint64]int, len(docs)) // content → the first candidate with it
	var todo []int
	var pf []names.PackedForm
	for i, d := range docs {
		if packed != nil {
			pf = pick(packed[i], forms[d.ID], pf[:0])
			keys[i] = packedKey(pf, d.BirthYear, d.Gender)
		} else {
			recs[i] = compared(d, forms[d.ID])
			keys[i] = prepared.key(recs[i])
		}
		if _, ok := first[keys[i]]; !ok {
			first[keys[i]] = i
			todo = append(todo, i)
		}
	}
	ms := make([]names.Match, len(docs))
	workers := min(runtime.GOMAXPROCS(0), max(1, len(todo)/8))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := memos.Get().(*names.Memo)
			defer memos.Put(m)
			u := unpackers.Get().(*names.Unpacker)
			defer unpackers.Put(u)
			var pf []names.PackedForm
			for j := w; j < len(todo); j += workers {
				i := todo[j]
				var p *names.Prepared
				if packed != nil {
					pf = pick(packed[i], forms[docs[i].ID], pf[:0])
					p = u.Prepare(pf, docs[i].BirthYear, docs[i].Gender)
				} else {
					p = prepared.getKeyed(keys[i], recs[i])
				}
				ms[i] = names.ComparePreparedMemo(qp, p, m)
			}
		}()
	}
	wg.Wait()
	out := make([]ranked, len(docs))
	for i := range docs {
		out[i] = adjust(q, o, &docs[i], ms[first[keys[i]]])
		out[i].doc = i
	}
	return out
}

// memos are the name engine's word memos, one per comparing goroutine: the candidates of a
// query, and of the next queries, share most of their words.
var memos = sync.Pool{New: func() any { return names.NewMemo() }}

// unpackers make the candidates' Prepared records from packed forms, one per comparing
// goroutine.
var unpackers = sync.Pool{New: func() any { return new(names.Unpacker) }}

// pick appends to buf the forms that share a key with the query (mask), or all of them
// when none is marked.
func pick[T any](all []T, mask int64, buf []T) []T {
	for i, f := range all {
		if i < 63 && mask&(1<<i) != 0 {
			buf = append(buf, f)
		}
	}
	if len(buf) == 0 {
		buf = append(buf, all...)
	}
	return buf
}

// packedKey identifies what the name engine reads of a candidate with packed forms, as
// prepCache.key does for forms as written: the forms picked (pick), the birth year and the
// gender.
func packedKey(picked []names.PackedForm, year int, gender string) uint64 {
	var h maphash.Hash
	h.SetSeed(prepared.seed)
	var b [4]byte
	put := func(v uint32) {
		binary.LittleEndian.PutUint32(b[:], v)
		h.Write(b[:])
	}
	for _, f := range picked {
		put(uint32(len(f)))
		for _, v := range f {
			put(v)
		}
	}
	put(uint32(len(picked)))
	put(uint32(year))
	h.WriteString(gender)
	return h.Sum64()
}

// compared is what the name engine reads of a candidate: the forms that share a key with
// the query (all when none is marked), the birth year and gender. Only the year: a full
// birth date is never in the name index, so a public hit's reasons cannot reveal one.
func compared(d store.NameDoc, mask int64) names.Record {
	use := pick(d.Forms, mask, nil)
	if len(use) == 0 {
		use = []string{""}
	}
	return names.Record{Name: use[0], Forms: use[1:], BirthYear: d.BirthYear, Gender: d.Gender}
}

// adjust turns the name engine's match into a hit, with the query's place and status.
func adjust(q Query, o Options, d *store.NameDoc, m names.Match) ranked {
	// namesakes share m: appending to its reasons must not write into the shared array
	h := ranked{Score: m.Score, NameScore: m.NameScore, Reasons: slices.Clip(m.Reasons)}
	if len(o.Places) > 0 && d.Prefecture != "" {
		same := ""
		for _, p := range o.Places {
			if p.Code == d.County || p.Code == d.Prefecture || len(p.Code) > 4 && p.Code[:4] == d.Prefecture && d.County == "" {
				same = p.Word
			}
		}
		if same != "" {
			h.Score += 0.03
			h.Reasons = append(h.Reasons, "home place "+same)
		} else {
			h.Score *= 0.85
			h.Reasons = append(h.Reasons, "home place not "+o.Places[0].Word)
		}
	}
	if q.Status != "" {
		if string(q.Status) == d.Status {
			h.Score += 0.02
			h.Reasons = append(h.Reasons, "status "+d.Status)
		} else {
			h.Score *= 0.9
			h.Reasons = append(h.Reasons, "status is not "+string(q.Status))
		}
	}
	h.Score = math.Round(min(1, max(0, h.Score))*10000) / 10000
	return h
}

// holdsLiterals reports whether some form has every literal as one of its words.
func holdsLiterals(forms, lits []string) bool {
	for _, f := range forms {
		words := strings.Fields(strings.ToLower(f))
		all := true
		for _, l := range lits {
			all = all && slices.Contains(words, l)
		}
		if all {
			return true
		}
	}
	return false
}
