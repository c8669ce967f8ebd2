package archive

import (
	"bytes"
	"context"
	"slices"
	"sort"
	"strconv"

	"github.com/tizim/tizim/internal/access"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/search"
	"github.com/tizim/tizim/internal/store"
)

// The public search. It reads only the name index's public postings and returns only
// access projections. Rules (ADR 0500):
//   - a name query matches public entries only: matching the withheld names of a
//     pseudonymous entry would confirm that a name is in the register;
//   - numbers in a query are never looked up (the blind index is for the team);
//   - filters on what only public entries show (county, facility, birth year) select among
//     public entries only, or they would reveal it of pseudonymous ones;
//   - facet counts come from published entries only, cells under access.MinCell suppressed.

// PublicHit is a published person found by a public search.
type PublicHit struct {
	Person  *access.PublicPerson `json:"person"`
	Score   float64              `json:"score,omitempty"`
	Reasons []string             `json:"reasons,omitempty"`
}

// PublicResult is a public search's answer.
type PublicResult struct {
	Hits       []PublicHit             `json:"hits"`
	Facets     map[string][]FacetCount `json:"facets"`
	Suppressed map[string]int          `json:"suppressed"` // per facet, persons left out of small cells
	MinCell    int                     `json:"min_cell"`
}

// PublicSearch searches the published register.
func (a *Archive) PublicSearch(ctx context.Context, req SearchRequest) (*PublicResult, error) {
	limit := clampLimit(req.Limit)
	gz := search.Places()
	q := search.Parse(req.Query, gz.IsPlace)
	res := &PublicResult{Hits: []PublicHit{}, MinCell: access.MinCell}
	err := a.st.Read(ctx, func(tx *store.Tx) error {
		var counts map[string]map[string]int
		if q.Name == "" && len(q.Numbers) > 0 {
			// Only a number: never looked up here, and not a list of everyone either.
			counts = countDocs(nil)
		} else if q.Name != "" {
			stamps, err := a.nameIndex.SyncStamped(ctx, tx)
			if err != nil {
				return err
			}
			hits, err := search.Rank(ctx, a.nameIndex.Source(tx), q, search.Options{PublicOnly: true, Limit: limit, Places: gz.Resolve(q.Places)})
			if err != nil {
				return err
			}
			kept := hits[:0]
			for _, h := range hits {
				if h.Doc.Publication != model.Public || h.Score < minScore || !facetsMatch(req.Facets, h.Doc) {
					continue
				}
				kept = append(kept, h)
			}
			pps, err := a.projectHits(ctx, tx, stamps.Refs, kept)
			if err != nil {
				return err
			}
			var docs []store.NameDoc
			for _, h := range kept {
				pp := pps[h.Doc.ID]
				if pp == nil || pp.Level != model.Public {
					continue
				}
				if req.WithFacets {
					docs = append(docs, h.Doc)
				}
				res.Hits = append(res.Hits, PublicHit{Person: pp, Score: h.Score, Reasons: h.Reasons})
			}
			if req.WithFacets {
				counts = countDocs(docs)
			}
		} else {
			f := publicFilter(req.Facets, q)
			list, err := tx.ListNameDocs(ctx, f, model.ID{}, limit)
			if err != nil {
				return err
			}
			var ids []model.ID
			for _, d := range list {
				if q.BirthYear == 0 || d.BirthYear == q.BirthYear {
					ids = append(ids, d.ID)
				}
			}
			pps, err := a.projectByID(ctx, tx, ids, false)
			if err != nil {
				return err
			}
			for _, id := range ids {
				if pp := pps[id]; pp != nil {
					res.Hits = append(res.Hits, PublicHit{Person: pp})
				}
			}
			if req.WithFacets {
				if counts, err = publicCounts(ctx, tx, f); err != nil {
					return err
				}
			}
		}
		if !req.WithFacets {
			return nil
		}
		res.Suppressed = map[string]int{}
		for col, m := range counts {
			counts[col], res.Suppressed[col] = access.Suppress(m)
		}
		var err error
		res.Facets, err = labelFacets(ctx, tx, counts)
		return err
	})
	return res, err
}

// publicFilter turns the request's facets into a filter over published entries, narrowed
// to public ones when it filters on what only they show.
func publicFilter(f store.FacetFilter, q search.Query) store.FacetFilter {
	f.Publications = access.Published
	if q.Status != "" {
		f.Status = string(q.Status)
	}
	if f.County != "" || !f.Facility.IsZero() || q.BirthYear != 0 {
		f.Publications = []model.Publication{model.Public}
	}
	return f
}

// publicCounts counts the published entries matching f by each facet; county and facility
// only over public entries.
func publicCounts(ctx context.Context, tx *store.Tx, f store.FacetFilter) (map[string]map[string]int, error) {
	out := map[string]map[string]int{}
	for _, col := range store.FacetColumns {
		cf := f
		if col == "county" || col == "facility" {
			cf.Publications = []model.Publication{model.Public}
		}
		m, err := tx.FacetCounts(ctx, col, cf)
		if err != nil {
			return nil, err
		}
		out[col] = m
	}
	return out, nil
}

// countDocs counts public hits by each facet.
func countDocs(docs []store.NameDoc) map[string]map[string]int {
	out := map[string]map[string]int{}
	for _, c := range store.FacetColumns {
		out[c] = map[string]int{}
	}
	for _, d := range docs {
		for col, v := range map[string]string{"status": d.Status, "ethnicity": d.Ethnicity, "prefecture": d.Prefecture,
			"county": d.County, "detained_year": strconv.Itoa(d.DetainedYear), "evidence_level": strconv.Itoa(d.EvidenceLevel)} {
			if v != "" && (v != "0" || col == "evidence_level") {
				out[col][v]++
			}
		}
		if !d.Facility.IsZero() {
			out["facility"][d.Facility.String()]++
		}
	}
	return out
}

func sortFacets(fs []FacetCount) {
	sort.Slice(fs, func(i, j int) bool {
		if fs[i].Count != fs[j].Count {
			return fs[i].Count > fs[j].Count
		}
		return fs[i].Value < fs[j].Value
	})
}

// projectHits returns the summary projections of public search hits; gen is the reference
// generation of tx's snapshot. A hit read from the public index carries the seq of the
// person's name_docs row, which every write of the person renews (an edit, a consent given
// or withdrawn, a merge or its undo; a delete takes the person out of the index): a
// projection made from the version of the record with that seq, under the same reference
// generation, is the one access.ProjectPerson would make now, so it is taken from the
// reference cache of that generation without reading the record. The others are read with
// their seq in one query and projected (projectRaw), and kept under the seq read with them.
func (a *Archive) projectHits(ctx context.Context, tx *store.Tx, gen int64, hits []search.Hit) (map[model.ID]*access.PublicPerson, error) {
	refs := a.refsAt(tx, gen)
	out := make(map[model.ID]*access.PublicPerson, len(hits))
	var miss []model.ID
	for _, h := range hits {
		if pp := refs.hit(h.Doc.ID, h.Seq); pp != nil {
			out[h.Doc.ID] = pp
		} else {
			miss = append(miss, h.Doc.ID)
		}
	}
	if len(miss) == 0 {
		return out, nil
	}
	if projectMissHook != nil {
		projectMissHook(len(miss))
	}
	// The hits' projections in one batch of reads, not one round of queries each.
	got, err := a.projectAndKeep(ctx, tx, refs, miss)
	if err != nil {
		return nil, err
	}
	for id, pp := range got {
		out[id] = pp
	}
	return out, nil
}

// projectAndKeep reads persons with the seq of their name_docs rows in one query, projects
// them (projectRaw) and keeps each projection in refs under the seq read with its record;
// it returns the projections by id (persons without a name_docs row are left out).
func (a *Archive) projectAndKeep(ctx context.Context, tx *store.Tx, refs *refCache, ids []model.ID) (map[model.ID]*access.PublicPerson, error) {
	raws, seqs, err := tx.RawPersonsWithSeq(ctx, ids)
	if err != nil {
		return nil, err
	}
	got, err := a.projectRaw(ctx, tx, raws, false)
	if err != nil {
		return nil, err
	}
	for i, raw := range raws {
		if pp := got[raw.ID]; pp != nil {
			refs.keepHit(raw.ID, seqs[i], pp)
		}
	}
	return got, nil
}

// projectMissHook, when set (by tests), is told how many hits a public search had to read.
var projectMissHook func(n int)

type hitEntry struct {
	seq int64
	pp  *access.PublicPerson
}

// hitCacheMax bounds one generation of kept hits (about half a kilobyte each, 95 MB for the
// 184,404 public persons of the synthetic million; at most two generations): enough for
// every public person of a register of a million, so that once WarmPublicSearch has run, a
// public search reads no record. (Warming also passes every public person through the
// summary cache of the public lists, which starts again every summaryCacheMax entries.)
const hitCacheMax = 1 << 18

// WarmPublicSearch loads the name index and makes the summary projection of every public
// person it holds (up to hitCacheMax), each kept under the seq of its name_docs row as
// projectHits keeps a hit: afterwards a public search projects its hits from memory instead
// of reading and decoding each hit's record, which was a fifth of its cost on a million
// persons. tizim serve runs it in the background at start; searches meanwhile are answered
// as before. The projections are access.ProjectPerson's, made by projectRaw like any other,
// and a later write of a person gives its row a new seq, so what is kept never outlives
// the version it was made from. Loading the index is one read transaction (as the first
// search's load was before); the projections are made in short ones, so they hold no
// snapshot for long. It stops when ctx ends, and returns how many public persons'
// projections it made.
func (a *Archive) WarmPublicSearch(ctx context.Context) (int, error) {
	if err := a.st.Read(ctx, func(tx *store.Tx) error {
		_, err := a.nameIndex.SyncStamped(ctx, tx)
		return err
	}); err != nil {
		return 0, err
	}
	ps := a.nameIndex.PublicPersons()
	// in id order: a chunk's records sit together in the records table
	slices.SortFunc(ps, func(x, y search.PublicPerson) int { return bytes.Compare(x.ID[:], y.ID[:]) })
	ps = ps[:min(len(ps), hitCacheMax)]
	const chunk = 256
	kept := 0
	for len(ps) > 0 {
		part := ps[:min(chunk, len(ps))]
		ps = ps[len(part):]
		err := a.st.Read(ctx, func(tx *store.Tx) error {
			refs, err := a.refs(ctx, tx)
			if err != nil {
				return err
			}
			ids := make([]model.ID, 0, len(part))
			for _, p := range part {
				if refs.hit(p.ID, p.Seq) == nil {
					ids = append(ids, p.ID)
				}
			}
			if len(ids) == 0 {
				return nil
			}
			got, err := a.projectAndKeep(ctx, tx, refs, ids)
			if err != nil {
				return err
			}
			for _, pp := range got {
				if pp.Level == model.Public {
					kept++
				}
			}
			return nil
		})
		if err != nil {
			return kept, err
		}
	}
	return kept, nil
}

// hit returns the kept projection of person id at seq, or nil.
func (c *refCache) hit(id model.ID, seq int64) *access.PublicPerson {
	if seq == 0 {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.hits[id]
	if !ok {
		if e, ok = c.hitsPrev[id]; ok && e.seq == seq {
			c.addHit(id, e)
		}
	}
	if !ok || e.seq != seq {
		return nil
	}
	return e.pp
}

// keepHit keeps the projection of person id made from the version with seq.
func (c *refCache) keepHit(id model.ID, seq int64, pp *access.PublicPerson) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.addHit(id, hitEntry{seq, pp})
}

func (c *refCache) addHit(id model.ID, e hitEntry) {
	if c.hits == nil || len(c.hits) >= hitCacheMax {
		c.hitsPrev, c.hits = c.hits, make(map[model.ID]hitEntry)
	}
	c.hits[id] = e
}
