package store

import (
	"context"
	"errors"
	"strings"

	"github.com/tizim/tizim/internal/model"
)

// index keeps the derived tables in step with a record, in the same transaction: the links
// graph, the persons query table and blind-index terms of confidential identifiers.
func (t *Tx) index(ctx context.Context, rec model.Record) error {
	id := rec.Head().ID
	if _, err := t.exec(ctx, `delete from links where src = $1`, id[:]); err != nil {
		return err
	}
	for _, l := range linksOf(rec) {
		if _, err := t.exec(ctx, `insert into links (src, dst, rel) values ($1, $2, $3) on conflict do nothing`, id[:], l.dst[:], l.rel); err != nil {
			return err
		}
	}
	if p, ok := rec.(*model.Person); ok {
		if err := t.indexPerson(ctx, p); err != nil {
			return err
		}
	}
	return t.indexSearch(ctx, rec)
}

// link is one row of the links table from a record.
type link struct {
	rel string
	dst model.ID
}

// linksOf lists who or what a record points at, the same for Put and PutBatch.
func linksOf(rec model.Record) []link {
	var out []link
	add := func(rel string, dsts ...model.ID) {
		for _, d := range dsts {
			if !d.IsZero() {
				out = append(out, link{rel, d})
			}
		}
	}
	switch r := rec.(type) {
	// A person's hometown and facility are columns of its persons row (ADR 0423).
	case *model.Relation:
		add("relation", r.From, r.To)
	case *model.Testimony:
		add("about", r.About...)
		add("testifier", r.Testifier)
	case *model.Event:
		add("event", r.Persons...)
		add("facility", r.Facility)
	case *model.Consent:
		add("consent", r.Subject)
		add("consent_by", r.GivenBy)
	case *model.Evidence:
		add("about", r.About...)
		add("original", r.Original)
	case *model.Source:
		add("about", r.About...)
	case *model.Action:
		add("about", r.About...)
	case *model.Place:
		add("parent", r.Parent)
	case *model.Facility:
		add("place", r.Place)
	}
	return out
}

func (t *Tx) indexPerson(ctx context.Context, p *model.Person) error {
	pref, county, err := t.placeCodes(ctx, p.Hometown)
	if err != nil {
		return err
	}
	code, fac, home := personRefs(p)
	_, err = t.exec(ctx, `insert into persons (id, name, name_fold, status, ethnicity, gender, birth_year, detained_year, prefecture, county, facility, evidence_level, publication, public_code, hometown)
		values ($1, $2, $14, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $15)
		on conflict (id) do update set name = excluded.name, name_fold = excluded.name_fold, status = excluded.status, ethnicity = excluded.ethnicity,
		gender = excluded.gender, birth_year = excluded.birth_year, detained_year = excluded.detained_year,
		prefecture = excluded.prefecture, county = excluded.county, facility = excluded.facility,
		evidence_level = excluded.evidence_level, publication = excluded.publication, public_code = excluded.public_code, hometown = excluded.hometown`,
		p.ID[:], p.PrimaryName(), string(p.Status), string(p.Ethnicity), string(p.Gender), p.Birth.Year(), p.DetainedOn.Year(),
		pref, county, fac, p.EvidenceLevel, string(p.Publication), code, strings.ToLower(p.PrimaryName()), home)
	if err != nil {
		return err
	}
	if _, err := t.exec(ctx, `delete from blind_terms where id = $1`, p.ID[:]); err != nil {
		return err
	}
	for _, d := range p.Secret.IDDocs {
		term := t.s.keys.BlindTerm("id", NormaliseIDNumber(d.Number))
		if _, err := t.exec(ctx, `insert into blind_terms (term, id) values ($1, $2) on conflict do nothing`, term, p.ID[:]); err != nil {
			return err
		}
	}
	return nil
}

// NormaliseIDNumber reduces an identity number to its letters and digits, upper-cased,
// so that "6501 0219 8001 0112 3x" and "65010219800101123X" index alike.
func NormaliseIDNumber(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if (r >= '0' && r <= '9') || (r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// personRefs returns the nullable columns of a person's persons row: its public code, its
// facility and its hometown (NULL when it has none).
func personRefs(p *model.Person) (code, facility, hometown any) {
	if p.PublicCode != "" {
		code = p.PublicCode
	}
	if !p.Facility.IsZero() {
		facility = p.Facility[:]
	}
	if !p.Hometown.IsZero() {
		hometown = p.Hometown[:]
	}
	return code, facility, hometown
}

// placeCodes walks up from a place to the first one with an NBS code and returns the
// prefecture (4 digits) and county (6 digits) parts.
func (t *Tx) placeCodes(ctx context.Context, id model.ID) (pref, county string, err error) {
	for range 5 {
		if id.IsZero() {
			return "", "", nil
		}
		rec, err := t.Get(ctx, id, false)
		if errors.Is(err, model.ErrNotFound) {
			return "", "", nil
		}
		if err != nil {
			return "", "", err
		}
		pl, ok := rec.(*model.Place)
		if !ok {
			return "", "", nil
		}
		if len(pl.Code) >= 4 {
			pref = pl.Code[:4]
			if len(pl.Code) >= 6 {
				county = pl.Code[:6]
			}
			return pref, county, nil
		}
		id = pl.Parent
	}
	return "", "", nil
}

// placeCodesMany is placeCodes for many places at once: the walk up the hierarchy goes a
// level at a time for all of them, one query (GetMany) per level instead of one a place.
func (t *Tx) placeCodesMany(ctx context.Context, ids []model.ID) (map[model.ID][2]string, error) {
	out := make(map[model.ID][2]string, len(ids))
	cur := map[model.ID]model.ID{} // each place asked about → the place reached on its walk up
	for _, id := range ids {
		out[id] = [2]string{}
		if !id.IsZero() {
			cur[id] = id
		}
	}
	for range 5 {
		if len(cur) == 0 {
			break
		}
		seen := map[model.ID]bool{}
		var at []model.ID
		for _, id := range cur {
			if !seen[id] {
				seen[id] = true
				at = append(at, id)
			}
		}
		recs, err := t.GetMany(ctx, at, false)
		if err != nil {
			return nil, err
		}
		for start, id := range cur {
			pl, ok := recs[id].(*model.Place)
			switch {
			case !ok: // not found, or not a place
				delete(cur, start)
			case len(pl.Code) >= 4:
				pc := [2]string{pl.Code[:4], ""}
				if len(pl.Code) >= 6 {
					pc[1] = pl.Code[:6]
				}
				out[start] = pc
				delete(cur, start)
			case pl.Parent.IsZero():
				delete(cur, start)
			default:
				cur[start] = pl.Parent
			}
		}
	}
	return out, nil
}

// FindByIDNumber returns the persons holding an identity document with that number,
// through the blind index: the number itself is never stored in the clear.
func (t *Tx) FindByIDNumber(ctx context.Context, number string) ([]model.ID, error) {
	rows, err := t.query(ctx, `select id from blind_terms where term = $1`, t.s.keys.BlindTerm("id", NormaliseIDNumber(number)))
	return collectIDs(rows, err)
}
