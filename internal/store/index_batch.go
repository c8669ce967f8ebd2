package store

import (
	"context"
	"strings"

	"github.com/tizim/tizim/internal/model"
)

type placeCacheKey struct{}

// WithPlaceCache returns a context under which batch writes remember the prefecture and
// county codes of hometowns across transactions: a long import names the same thousand
// townships again and again. Use it only for work that does not edit places itself.
func WithPlaceCache(ctx context.Context) context.Context {
	return context.WithValue(ctx, placeCacheKey{}, map[model.ID][2]string{})
}

func placeCache(ctx context.Context) map[model.ID][2]string {
	if m, ok := ctx.Value(placeCacheKey{}).(map[model.ID][2]string); ok {
		return m
	}
	return map[model.ID][2]string{}
}

// indexBatch writes the derived rows of newly inserted records in bulk: the same links,
// persons rows and blind terms index writes for one record. Place codes are looked up once
// per distinct hometown.
func (t *Tx) indexBatch(ctx context.Context, es []encoded) error {
	links := newInserter(t, "links", "src, dst, rel", 3).onConflict("on conflict do nothing")
	persons := newInserter(t, "persons", "id, name, name_fold, status, ethnicity, gender, birth_year, detained_year, prefecture, county, facility, evidence_level, publication, public_code", 14)
	terms := newInserter(t, "blind_terms", "term, id", 2).onConflict("on conflict do nothing")
	codes := placeCache(ctx)
	for _, e := range es {
		id := e.rec.Head().ID
		for _, l := range linksOf(e.rec) {
			if err := links.add(ctx, id[:], l.dst[:], l.rel); err != nil {
				return err
			}
		}
		p, ok := e.rec.(*model.Person)
		if !ok {
			continue
		}
		pc, ok := codes[p.Hometown]
		if !ok {
			pref, county, err := t.placeCodes(ctx, p.Hometown)
			if err != nil {
				return err
			}
			pc = [2]string{pref, county}
			codes[p.Hometown] = pc
		}
		var code, fac any
		if p.PublicCode != "" {
			code = p.PublicCode
		}
		if !p.Facility.IsZero() {
			fac = p.Facility[:]
		}
		name := p.PrimaryName()
		if err := persons.add(ctx, id[:], name, strings.ToLower(name), string(p.Status), string(p.Ethnicity), string(p.Gender),
			p.Birth.Year(), p.DetainedOn.Year(), pc[0], pc[1], fac, p.EvidenceLevel, string(p.Publication), code); err != nil {
			return err
		}
		for _, d := range p.Secret.IDDocs {
			if err := terms.add(ctx, t.s.keys.BlindTerm("id", NormaliseIDNumber(d.Number)), id[:]); err != nil {
				return err
			}
		}
	}
	for _, in := range []*inserter{links, persons, terms} {
		if err := in.flush(ctx); err != nil {
			return err
		}
	}
	return nil
}
