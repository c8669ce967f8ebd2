package store

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/pipe"
)

type placeCacheKey struct{}

// placeCodeCache is the prefecture and county codes of hometowns, kept across the
// transactions of one import; pipelined batches use it from two goroutines at once.
type placeCodeCache struct {
	mu sync.Mutex
	m  map[model.ID][2]string
}

// WithPlaceCache returns a context under which batch writes remember the prefecture and
// county codes of hometowns across transactions: a long import names the same thousand
// townships again and again. Use it only for work that does not edit places itself.
func WithPlaceCache(ctx context.Context) context.Context {
	return context.WithValue(ctx, placeCacheKey{}, &placeCodeCache{m: map[model.ID][2]string{}})
}

// placeCodesOf returns the context's cache of place codes, or an empty one for this batch
// alone.
func placeCodesOf(ctx context.Context) *placeCodeCache {
	if c, ok := ctx.Value(placeCacheKey{}).(*placeCodeCache); ok {
		return c
	}
	return &placeCodeCache{m: map[model.ID][2]string{}}
}

// batchPlaceCodes returns the place codes of the hometowns of a batch's persons: from the
// context's cache, and those it does not hold from the database, in one query per level of
// the place hierarchy (placeCodesMany) rather than one a hometown.
func (t *Tx) batchPlaceCodes(ctx context.Context, es []encoded) (map[model.ID][2]string, error) {
	c := placeCodesOf(ctx)
	out := map[model.ID][2]string{}
	var todo []model.ID
	c.mu.Lock()
	for _, e := range es {
		p, ok := e.rec.(*model.Person)
		if !ok {
			continue
		}
		if _, done := out[p.Hometown]; done {
			continue
		}
		pc, ok := c.m[p.Hometown]
		out[p.Hometown] = pc
		if !ok {
			todo = append(todo, p.Hometown)
		}
	}
	c.mu.Unlock()
	if len(todo) == 0 {
		return out, nil
	}
	found, err := t.placeCodesMany(ctx, todo)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for id, pc := range found {
		out[id] = pc
		c.m[id] = pc
	}
	return out, nil
}

// indexBatch writes the derived rows of newly inserted records in bulk: the same links,
// persons rows and blind terms index writes for one record. Place codes are looked up once
// per distinct hometown.
func (t *Tx) indexBatch(ctx context.Context, es []encoded) error {
	links := newInserter(t, "links", "src, dst, rel", 3).onConflict("on conflict do nothing")
	persons := newInserter(t, "persons", "id, name, name_fold, status, ethnicity, gender, birth_year, detained_year, prefecture, county, facility, evidence_level, publication, public_code, hometown", 15)
	terms := newInserter(t, "blind_terms", "term, id", 2).onConflict("on conflict do nothing")
	codes, err := t.batchPlaceCodes(ctx, es)
	if err != nil {
		return err
	}
	var blind [][2]string
	for _, e := range es {
		id := e.rec.Head().ID
		kept := t.kept[id] // UpdateBatch: links and blind terms unchanged, still stored
		for _, l := range linksOf(e.rec) {
			if kept {
				break
			}
			if err := links.add(ctx, id[:], l.dst[:], l.rel); err != nil {
				return err
			}
		}
		p, ok := e.rec.(*model.Person)
		if !ok {
			continue
		}
		pc := codes[p.Hometown]
		code, fac, home := personRefs(p)
		name := p.PrimaryName()
		if err := persons.add(ctx, id[:], name, strings.ToLower(name), string(p.Status), string(p.Ethnicity), string(p.Gender),
			p.Birth.Year(), p.DetainedOn.Year(), pc[0], pc[1], fac, p.EvidenceLevel, string(p.Publication), code, home); err != nil {
			return err
		}
		for _, d := range p.Secret.IDDocs {
			if kept {
				break
			}
			blind = append(blind, [2]string{t.s.keys.BlindTerm("id", NormaliseIDNumber(d.Number)), string(id[:])})
		}
	}
	// The blind terms go in in term order: a term is a keyed hash, so in record order each
	// landed at a random place of the index.
	slices.SortFunc(blind, func(a, b [2]string) int {
		if c := strings.Compare(a[0], b[0]); c != 0 {
			return c
		}
		return strings.Compare(a[1], b[1])
	})
	for _, b := range blind {
		if err := terms.add(ctx, b[0], []byte(b[1])); err != nil {
			return err
		}
	}
	for _, in := range []*inserter{links, persons, terms} {
		if err := in.flush(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Prepared is the part of writing a batch that depends only on the records themselves —
// their search rows: the name engine's keys of every name form (the costliest step of an
// import), phone blind terms and full text. Import pipelines compute it on spare cores
// while the previous batch is being written, so the writer's transaction only writes
// (ADR 0412). The rows are exactly those the write path would compute itself.
type Prepared struct {
	search map[model.Record]*searchRows
}

// Prepare computes the search rows of recs on the store's spare cores (SpareCores). The
// records must not change their names, contacts or free text between Prepare and the write;
// a record the write path does not find in p is analysed there as before.
func (s *Store) Prepare(recs []model.Record) *Prepared {
	rows := make([]searchRows, len(recs))
	s.spare.Each(len(recs), func(i int) { rows[i] = s.searchRowsOf(recs[i]) })
	p := &Prepared{search: make(map[model.Record]*searchRows, len(recs))}
	for i, r := range recs {
		p.search[r] = &rows[i]
	}
	return p
}

func (p *Prepared) rowsOf(rec model.Record) (searchRows, bool) {
	if p == nil {
		return searchRows{}, false
	}
	r, ok := p.search[rec]
	if !ok {
		return searchRows{}, false
	}
	return *r, true
}

// PutPrepared is PutBatch with the search rows computed beforehand by Prepare (nil: none).
func (t *Tx) PutPrepared(ctx context.Context, recs []model.Record, p *Prepared, actor, reason string) error {
	t.prep = p
	defer func() { t.prep = nil }()
	return t.PutBatch(ctx, recs, actor, reason)
}

// indexSearchBatch writes the search rows of newly inserted records in bulk (the PutBatch
// path). The name engine runs on all cores.
func (t *Tx) indexSearchBatch(ctx context.Context, es []encoded) error {
	rows := make([]searchRows, len(es))
	var todo []int
	for i, e := range es {
		if r, ok := t.prep.rowsOf(e.rec); ok {
			rows[i] = r
		} else {
			todo = append(todo, i)
		}
	}
	pipe.Each(len(todo), func(j int) { rows[todo[j]] = t.s.searchRowsOf(es[todo[j]].rec) })
	terms := newInserter(t, "blind_terms", "term, id", 2).onConflict("on conflict do nothing")
	pg := t.s.d.name() == "postgres"
	var texts, fts *inserter
	var next int64
	if pg {
		texts = newInserter(t, "text_docs", "id, kind, body", 3)
	} else {
		texts, fts = newInserter(t, "text_docs", "n, id, kind", 3), newInserter(t, "text_fts", "rowid, body", 2)
		// One writer at a time on SQLite: numbering from the largest is safe in this transaction.
		if err := t.queryRow(ctx, `select coalesce(max(n), 0) from text_docs`).Scan(&next); err != nil {
			return err
		}
	}
	var persons []int // the batch's persons, by index in es
	for i, e := range es {
		id, r := e.rec.Head().ID, rows[i]
		if _, ok := e.rec.(*model.Person); ok {
			persons = append(persons, i)
			for _, term := range r.phones {
				if t.kept[id] {
					break
				}
				if err := terms.add(ctx, term, id[:]); err != nil {
					return err
				}
			}
		}
		if r.body == "" || t.kept[id] {
			continue
		}
		var err error
		if pg {
			err = texts.add(ctx, id[:], string(e.rec.Kind()), r.body)
		} else {
			next++
			if err = texts.add(ctx, next, id[:], string(e.rec.Kind())); err == nil {
				err = fts.add(ctx, next, r.body)
			}
		}
		if err != nil {
			return err
		}
	}
	for _, in := range []*inserter{terms, texts, fts} {
		if in == nil {
			continue
		}
		if err := in.flush(ctx); err != nil {
			return err
		}
	}
	if len(persons) == 0 {
		return nil
	}
	// The name index rows take their sequence numbers from the counter, whose row stays
	// locked to the end of the transaction: in a transaction in turn they wait for it.
	return t.whenTurn(ctx, func(ctx context.Context) error {
		n := int64(len(persons))
		last, err := t.nextCount(ctx, "name_docs", n)
		if err != nil {
			return err
		}
		seq := last - n // the numbers seq+1 … last are this batch's
		docs := newInserter(t, "name_docs", "id, forms, level, keys, seq", 5)
		for _, i := range persons {
			id, r, p := es[i].rec.Head().ID, rows[i], es[i].rec.(*model.Person)
			seq++
			if err := docs.add(ctx, id[:], r.forms, LevelOf(p.Publication), r.keys, seq); err != nil {
				return err
			}
		}
		return docs.flush(ctx)
	})
}
