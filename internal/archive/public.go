package archive

import (
	"context"
	"errors"
	"sort"
	"strings"

	"github.com/tizim/tizim/internal/access"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
)

// The public side. Nothing here takes an Actor: it serves anyone, and so returns only what
// package access projects.

// PublicFilter selects published persons.
type PublicFilter struct {
	Query, Status, Ethnicity, Prefecture string
	Limit                                int
}

// PublicPerson returns the public view of the person with that public code.
func (a *Archive) PublicPerson(ctx context.Context, code string) (*access.PublicPerson, error) {
	var out *access.PublicPerson
	err := a.st.Read(ctx, func(tx *store.Tx) error {
		raw, err := tx.PublishedRaw(ctx, code)
		if err != nil {
			return err
		}
		pps, err := a.projectRaw(ctx, tx, []store.RawRecord{raw}, true)
		out = pps[raw.ID]
		return err
	})
	if err == nil && out == nil {
		err = model.ErrNotFound
	}
	return out, err
}

// PublicPeople lists published persons matching f (their summary projection: the same
// fields a pseudonymous entry has, plus names for public entries).
func (a *Archive) PublicPeople(ctx context.Context, f PublicFilter) ([]*access.PublicPerson, error) {
	var out []*access.PublicPerson
	err := a.st.Read(ctx, func(tx *store.Tx) error {
		// A name query searches public entries only: matching it against the withheld names
		// of pseudonymous entries would confirm that a given name is in the register.
		pubs := access.Published
		if strings.TrimSpace(f.Query) != "" {
			pubs = []model.Publication{model.Public}
		}
		ids, err := tx.PublishedIDs(ctx, store.PersonFilter{Publications: pubs, Query: f.Query,
			Status: f.Status, Ethnicity: f.Ethnicity, Prefecture: f.Prefecture, Limit: f.Limit})
		if err != nil {
			return err
		}
		out, err = a.projectMany(ctx, tx, ids, false)
		return err
	})
	return out, err
}

// project builds a person's public view (nil when the person is not published); with full,
// it gathers the related records a public entry may show (timeline, sources, testimonies,
// relatives).
func (a *Archive) project(ctx context.Context, tx *store.Tx, id model.ID, full bool) (*access.PublicPerson, error) {
	pps, err := a.projectMany(ctx, tx, []model.ID{id}, full)
	if err != nil || len(pps) == 0 {
		return nil, err
	}
	return pps[0], nil
}

// projectMany builds the public views of the published persons among ids, in their order,
// leaving out the others. The views returned may be shared with other requests: callers
// must not modify them.
func (a *Archive) projectMany(ctx context.Context, tx *store.Tx, ids []model.ID, full bool) ([]*access.PublicPerson, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	done, err := a.projectByID(ctx, tx, ids, full)
	if err != nil {
		return nil, err
	}
	out := make([]*access.PublicPerson, 0, len(ids))
	for _, id := range ids {
		if pp := done[id]; pp != nil {
			out = append(out, pp)
		}
	}
	return out, nil
}

// projectByID is projectMany keyed by id, for callers that keep other data per person
// (search hits with their scores).
func (a *Archive) projectByID(ctx context.Context, tx *store.Tx, ids []model.ID, full bool) (map[model.ID]*access.PublicPerson, error) {
	raws, err := tx.RawRecords(ctx, ids)
	if err != nil {
		return nil, err
	}
	return a.projectRaw(ctx, tx, raws, full)
}

// projectRaw projects stored persons (other kinds are skipped), by id. It reads their places
// and facilities from the reference cache and reuses a cached projection whenever every
// input it was computed from is unchanged (ADR 0301):
//   - without full (list rows): the person's JSON and the reference generation;
//   - with full (the person page): also, for a public entry, the JSON of its linked events,
//     sources, testimonies and relations and the persons table rows of the people they name,
//     read undecoded in two queries.
//
// Only on a miss is anything decoded and given to access.ProjectPerson, which decides every
// field.
func (a *Archive) projectRaw(ctx context.Context, tx *store.Tx, raws []store.RawRecord, full bool) (map[model.ID]*access.PublicPerson, error) {
	refs, err := a.refs(ctx, tx)
	if err != nil {
		return nil, err
	}
	done := make(map[model.ID]*access.PublicPerson, len(raws))
	type miss struct {
		raw    store.RawRecord
		person *model.Person
		page   *pageInputs // full, public entries only
	}
	var misses []miss
	var need []model.ID
	for _, raw := range raws {
		if raw.Kind != model.KindPerson {
			continue
		}
		var page *pageInputs
		if !full {
			if pp, ok := refs.summary(raw.ID, raw.Data); ok {
				done[raw.ID] = pp
				continue
			}
		} else {
			c, ok := refs.page(raw.ID, raw.Data)
			if ok && (c.pp == nil || c.pp.Level != model.Public) {
				done[raw.ID] = c.pp // not a public entry: nothing linked is shown
				continue
			}
			if ok {
				var err error
				if page, err = readPage(ctx, tx, raw); err != nil {
					return nil, err
				}
				if page.hash == c.inputs {
					done[raw.ID] = c.pp
					continue
				}
			}
		}
		rec, err := tx.Decode(raw)
		if err != nil {
			return nil, err
		}
		p := rec.(*model.Person)
		misses = append(misses, miss{raw: raw, person: p, page: page})
		need = append(need, p.Hometown, p.Facility)
	}
	if err := refs.load(ctx, tx, need); err != nil {
		return nil, err
	}
	names := &refNamer{ctx: ctx, tx: tx, cache: refs}
	for _, m := range misses {
		p := m.person
		r := access.Related{PlaceName: names.name, FacilityName: names.facility, Persons: map[model.ID]*model.Person{}}
		var inputs uint64
		if full && p.Publication == model.Public {
			if m.page == nil {
				var err error
				if m.page, err = readPage(ctx, tx, m.raw); err != nil {
					return nil, err
				}
			}
			if err := m.page.related(ctx, tx, &r); err != nil {
				return nil, err
			}
			r.Persons[p.ID] = p // a relation or testimony may name the person themselves
			inputs = m.page.hash
			var ev []model.ID
			for _, e := range r.Events {
				ev = append(ev, e.Place, e.Facility)
			}
			if err := refs.load(ctx, tx, ev); err != nil {
				return nil, err
			}
		}
		pp := access.ProjectPerson(p, r)
		if names.err != nil {
			return nil, names.err
		}
		if full {
			refs.putPage(p.ID, m.raw.Data, inputs, pp)
		} else {
			refs.putSummary(p.ID, m.raw.Data, pp)
		}
		done[p.ID] = pp
	}
	return done, nil
}

// The kinds of record linked to a person that a public page may show.
var (
	pageRels  = []string{"about", "event", "relation"}
	pageKinds = []model.Kind{model.KindEvent, model.KindSource, model.KindTestimony, model.KindRelation}
)

// pageInputs are the stored inputs of a public entry's page besides the person itself: the
// stamps of its linked records (read without their JSON, which is read only when the page is
// built) and the persons table rows of the people they name, with a hash of all of them and
// of the person's JSON.
type pageInputs struct {
	linked []store.Stamp
	briefs map[model.ID]store.PersonBrief
	hash   uint64
}

func readPage(ctx context.Context, tx *store.Tx, person store.RawRecord) (*pageInputs, error) {
	linked, err := tx.LinkedStamps(ctx, person.ID, pageRels, pageKinds)
	if err != nil {
		return nil, err
	}
	briefs, err := tx.RelatedBriefs(ctx, person.ID)
	if err != nil {
		return nil, err
	}
	in := &pageInputs{linked: linked, briefs: briefs}
	in.hash = pageHash(person, linked, briefs)
	return in, nil
}

// related reads and decodes the linked records into r. Relatives and testifiers are given from the
// persons table (primary name, level, public code): all the projection needs of them, and it
// checks their level itself.
func (in *pageInputs) related(ctx context.Context, tx *store.Tx, r *access.Related) error {
	ids := make([]model.ID, len(in.linked))
	for i, s := range in.linked {
		ids[i] = s.ID
	}
	recs, err := tx.GetMany(ctx, ids, false)
	if err != nil {
		return err
	}
	for _, id := range ids {
		switch x := recs[id].(type) {
		case *model.Event:
			r.Events = append(r.Events, x)
		case *model.Source:
			r.Sources = append(r.Sources, x)
		case *model.Testimony:
			r.Testimonies = append(r.Testimonies, x)
		case *model.Relation:
			r.Relations = append(r.Relations, x)
		}
	}
	for pid, b := range in.briefs {
		r.Persons[pid] = &model.Person{Meta: model.Meta{ID: pid}, Names: []model.NameForm{{Text: b.Name, Kind: "primary"}},
			Publication: b.Publication, PublicCode: b.PublicCode}
	}
	sort.SliceStable(r.Events, func(i, j int) bool { return r.Events[i].Date.Compare(r.Events[j].Date) < 0 })
	return nil
}

// placeNamer names places and facilities within one request, without the reference cache
// (refNamer): for callers that hold no Archive.
type placeNamer struct {
	ctx   context.Context
	tx    *store.Tx
	cache map[model.ID]model.Record
	err   error
}

func (n *placeNamer) get(id model.ID) model.Record {
	if n.cache == nil {
		n.cache = map[model.ID]model.Record{}
	}
	if r, ok := n.cache[id]; ok {
		return r
	}
	r, err := n.tx.Get(n.ctx, id, false)
	if err != nil && !errors.Is(err, model.ErrNotFound) && n.err == nil {
		n.err = err
	}
	n.cache[id] = r
	return r
}

// name returns the English (else first) name of the place, or of its ancestor at level.
func (n *placeNamer) name(id model.ID, level string) string { return placeName(n.get, id, level) }

// placeName is the English (else first) name of the place id, or of its ancestor at level
// (any level when ""), with records looked up by get.
func placeName(get func(model.ID) model.Record, id model.ID, level string) string {
	for range 6 {
		pl, ok := get(id).(*model.Place)
		if !ok {
			return ""
		}
		if level == "" || pl.Level == level {
			return placeLabel(pl)
		}
		id = pl.Parent
		if id.IsZero() {
			return ""
		}
	}
	return ""
}

func (n *placeNamer) facility(id model.ID) string { return facilityName(n.get, id) }

// facilityName is the English (else first) name of the facility id.
func facilityName(get func(model.ID) model.Record, id model.ID) string {
	if f, ok := get(id).(*model.Facility); ok && len(f.Names) > 0 {
		for _, nm := range f.Names {
			if nm.Lang == "en" {
				return nm.Text
			}
		}
		return f.Names[0].Text
	}
	return ""
}

// placeLabel gives "pinyin (汉字)" or the first name.
func placeLabel(p *model.Place) string {
	zh, lat := p.Name("zh"), ""
	for _, nm := range p.Names {
		if nm.Lang == "en" || nm.Lang == "zh-Latn-pinyin" {
			lat = nm.Text
			break
		}
	}
	switch {
	case lat != "" && zh != "" && lat != zh:
		return lat + " (" + zh + ")"
	case lat != "":
		return lat
	case zh != "":
		return zh
	}
	return p.Name("")
}

// Stats are the public statistics: counts of published persons by one attribute each,
// with cells smaller than access.MinCell suppressed.
type Stats struct {
	Total      int            `json:"total"`
	ByStatus   map[string]int `json:"by_status"`
	ByEthnic   map[string]int `json:"by_ethnicity"`
	ByPref     map[string]int `json:"by_prefecture"`
	ByYear     map[string]int `json:"by_detention_year"`
	Suppressed map[string]int `json:"suppressed"` // per table, persons left out of small cells
	MinCell    int            `json:"min_cell"`
}

// PublicStats counts published persons only: internal records are never counted. The
// counts read every published person, so they are kept until the persons table or the
// reference names change (store.PersonsGeneration, RefGeneration): a request costs a
// counter read, and a new consent, withdrawal, edit, merge or delete shows on the next one.
// At most one count runs at a time per store and reference generation: requests that come
// while one runs wait for it and share its figures when it is at least as new as what they
// read, else the next count (during an import the generation moves every batch, and each
// request counting for itself would multiply a count of seconds by the requests waiting).
// The result is shared: callers must not modify it.
func (a *Archive) PublicStats(ctx context.Context) (*Stats, error) {
	for {
		var (
			refs *refCache
			gen  int64
			s    *Stats
		)
		err := a.st.Read(ctx, func(tx *store.Tx) error {
			var err error
			if refs, err = a.refs(ctx, tx); err != nil {
				return err
			}
			if gen, err = tx.PersonsGeneration(ctx); err != nil {
				return err
			}
			refs.mu.Lock()
			if refs.stats != nil && refs.statsGen >= gen {
				s = refs.stats
			}
			refs.mu.Unlock()
			return nil
		})
		if s != nil || err != nil {
			return s, err
		}
		refs.mu.Lock()
		f := refs.statsRun
		if f == nil {
			f = &statsFlight{gen: gen, done: make(chan struct{})}
			refs.statsRun = f
			refs.mu.Unlock()
			return a.leadCount(ctx, refs, f)
		}
		refs.mu.Unlock()
		select {
		case <-f.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if f.err == nil && f.gen >= gen {
			return f.s, nil
		}
	}
}

// leadCount makes the count f stands for and hands it to those waiting, even when the count
// panics (net/http survives a handler's panic; the next requests must not wait forever).
func (a *Archive) leadCount(ctx context.Context, refs *refCache, f *statsFlight) (*Stats, error) {
	f.err = errors.New("the count of the statistics stopped")
	defer func() {
		refs.mu.Lock()
		refs.statsRun = nil
		refs.mu.Unlock()
		close(f.done)
	}()
	f.s, f.err = a.countStats(ctx)
	return f.s, f.err
}

// statsCountHook, when set (by tests), runs at the start of every count of the statistics.
var statsCountHook func()

// statsFlight is a count of the public statistics under way: it reflects at least persons
// generation gen; done is closed when s or err is set.
type statsFlight struct {
	gen  int64
	done chan struct{}
	s    *Stats
	err  error
}

// countStats counts the public statistics in a transaction of its own and keeps them in the
// reference cache of that transaction when they are newer than those kept there.
func (a *Archive) countStats(ctx context.Context) (*Stats, error) {
	if statsCountHook != nil {
		statsCountHook()
	}
	var s *Stats
	err := a.st.Read(ctx, func(tx *store.Tx) error {
		refs, err := a.refs(ctx, tx)
		if err != nil {
			return err
		}
		gen, err := tx.PersonsGeneration(ctx)
		if err != nil {
			return err
		}
		if s, err = a.countPublished(ctx, tx, refs); err != nil {
			return err
		}
		refs.mu.Lock()
		if refs.stats == nil || gen > refs.statsGen {
			refs.stats, refs.statsGen = s, gen
		}
		refs.mu.Unlock()
		return nil
	})
	return s, err
}

// countPublished computes the public statistics in tx.
func (a *Archive) countPublished(ctx context.Context, tx *store.Tx, refs *refCache) (*Stats, error) {
	s := &Stats{Suppressed: map[string]int{}, MinCell: access.MinCell}
	for _, t := range []struct {
		col string
		dst *map[string]int
	}{{"status", &s.ByStatus}, {"ethnicity", &s.ByEthnic}, {"prefecture", &s.ByPref}, {"detained_year", &s.ByYear}} {
		counts, err := tx.PersonCounts(ctx, t.col, access.Published)
		if err != nil {
			return nil, err
		}
		if t.col == "status" {
			for _, n := range counts {
				s.Total += n
			}
		}
		delete(counts, "")
		delete(counts, "0")
		*t.dst, s.Suppressed[t.col] = access.Suppress(counts)
	}
	named := map[string]int{}
	for code, n := range s.ByPref {
		label := code
		id, err := refs.resolve(ctx, tx, "nbs:"+code)
		if err != nil {
			return nil, err
		}
		if r, _ := refs.get(id); r != nil {
			if pl, ok := r.(*model.Place); ok {
				label = placeLabel(pl)
			}
		}
		named[label] += n
	}
	s.ByPref = named
	if s.Total < access.MinCell {
		s.Total = 0
	}
	return s, nil
}

// prefectureLabel names a prefecture by its NBS code, as loaded from the reference data.
func prefectureLabel(ctx context.Context, tx *store.Tx, code string) string {
	id, err := tx.Resolve(ctx, "nbs:"+code)
	if err != nil {
		return code
	}
	if rec, err := tx.Get(ctx, id, false); err == nil {
		if pl, ok := rec.(*model.Place); ok {
			return placeLabel(pl)
		}
	}
	return code
}
