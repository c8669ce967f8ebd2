package archive

import (
	"context"
	"fmt"
	"iter"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
)

// PersonSummary is a row of the team's list of persons.
type PersonSummary struct {
	ID          model.ID
	ExternalID  string
	Name        string
	Status      model.Status
	Ethnicity   model.Ethnicity
	BirthYear   int
	Publication model.Publication
	PublicCode  string
	Synthetic   bool
}

// TeamFilter selects persons for the team's list.
type TeamFilter struct {
	Query, Status, Publication string
	After                      model.ID
	Limit                      int
}

// People lists persons for a team member who may read the archive.
func (a *Archive) People(ctx context.Context, who Actor, f TeamFilter) ([]PersonSummary, error) {
	if err := who.need(OpRead); err != nil {
		return nil, err
	}
	var out []PersonSummary
	err := a.st.Read(ctx, func(tx *store.Tx) error {
		pf := store.PersonFilter{Query: f.Query, Status: f.Status, After: f.After, Limit: f.Limit}
		if f.Publication != "" {
			pf.Publications = []model.Publication{model.Publication(f.Publication)}
		}
		ids, err := tx.PersonIDs(ctx, pf)
		if err != nil {
			return err
		}
		recs, err := tx.GetMany(ctx, ids, false)
		if err != nil {
			return err
		}
		for _, id := range ids {
			p, ok := recs[id].(*model.Person)
			if !ok {
				continue // deleted since the list was read
			}
			out = append(out, PersonSummary{ID: p.ID, ExternalID: p.ExternalID, Name: p.PrimaryName(), Status: p.Status,
				Ethnicity: p.Ethnicity, BirthYear: p.Birth.Year(), Publication: p.Publication, PublicCode: p.PublicCode, Synthetic: p.Synthetic})
		}
		return nil
	})
	return out, err
}

// PersonView is everything about one person that the actor's role may see.
type PersonView struct {
	Person       *model.Person
	Confidential bool // Person.Secret was loaded (and the read audited)
	Relations    []*model.Relation
	Relatives    map[model.ID]*model.Person
	Events       []*model.Event
	Testimonies  []*model.Testimony
	Sources      []*model.Source
	Consents     []*model.Consent
	Actions      []*model.Action
	Places       map[model.ID]string // names of the places and facilities referred to
	History      []store.Version
}

// Person returns the full view of one person.
func (a *Archive) Person(ctx context.Context, who Actor, id model.ID) (*PersonView, error) {
	rec, err := a.Get(ctx, who, id) // checks OpRead, audits a confidential read
	if err != nil {
		return nil, err
	}
	p, ok := rec.(*model.Person)
	if !ok {
		return nil, fmt.Errorf("%s is a %s: %w", id, rec.Kind(), model.ErrNotFound)
	}
	v := &PersonView{Person: p, Confidential: who.Role.Can(OpReadConfidential), Relatives: map[model.ID]*model.Person{}, Places: map[model.ID]string{}}
	err = a.st.Read(ctx, func(tx *store.Tx) error {
		refs, err := a.refs(ctx, tx)
		if err != nil {
			return err
		}
		names := &refNamer{ctx: ctx, tx: tx, cache: refs}
		rels := []string{"event", "about", "relation", "consent"}
		links, err := tx.LinksTo(ctx, id, rels...)
		if err != nil {
			return err
		}
		var all []model.ID
		for _, rel := range rels {
			all = append(all, links[rel]...)
		}
		recs, err := tx.GetMany(ctx, all, false)
		if err != nil {
			return err
		}
		var others, refIDs []model.ID
		for _, rel := range rels {
			for _, lid := range links[rel] {
				switch x := recs[lid].(type) {
				case *model.Event:
					v.Events = append(v.Events, x)
					refIDs = append(refIDs, x.Place, x.Facility)
				case *model.Testimony:
					v.Testimonies = append(v.Testimonies, x)
				case *model.Source:
					v.Sources = append(v.Sources, x)
				case *model.Action:
					v.Actions = append(v.Actions, x)
				case *model.Consent:
					v.Consents = append(v.Consents, x)
				case *model.Relation:
					v.Relations = append(v.Relations, x)
					for _, o := range []model.ID{x.From, x.To} {
						if o != id {
							others = append(others, o)
						}
					}
				}
			}
		}
		relatives, err := tx.GetMany(ctx, others, false)
		if err != nil {
			return err
		}
		for o, rp := range relatives {
			if pp, ok := rp.(*model.Person); ok {
				v.Relatives[o] = pp
			}
		}
		if err := refs.load(ctx, tx, append(refIDs, p.Hometown, p.Facility)); err != nil {
			return err
		}
		for _, e := range v.Events {
			if !e.Place.IsZero() {
				v.Places[e.Place] = names.name(e.Place, "")
			}
			if !e.Facility.IsZero() {
				v.Places[e.Facility] = names.facility(e.Facility)
			}
		}
		if !p.Hometown.IsZero() {
			v.Places[p.Hometown] = names.name(p.Hometown, "")
		}
		if !p.Facility.IsZero() {
			v.Places[p.Facility] = names.facility(p.Facility)
		}
		v.History, err = tx.History(ctx, id, false)
		if err != nil {
			return err
		}
		return names.err
	})
	return v, err
}

// Load writes many records through the same rules as Put, in transactions of batch
// records: used by init (reference data), the demo and synthetic archives. Consent records
// go through RecordConsent's rules, so publication levels are derived as always.
func (a *Archive) Load(ctx context.Context, who Actor, recs iter.Seq2[model.Record, error], batch int, progress func(n int)) (int, error) {
	if err := who.need(OpWrite); err != nil {
		return 0, err
	}
	if batch <= 0 {
		batch = 500
	}
	n := 0
	var buf []model.Record
	flush := func() error {
		if len(buf) == 0 {
			return nil
		}
		err := a.st.Write(ctx, func(tx *store.Tx) error {
			for _, r := range buf {
				if c, ok := r.(*model.Consent); ok {
					if err := a.consentTx(ctx, tx, who, c); err != nil {
						return err
					}
					continue
				}
				if err := a.put(ctx, tx, who, r, "load"); err != nil {
					return fmt.Errorf("%s %s: %w", r.Kind(), r.Head().ExternalID, err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		n += len(buf)
		buf = buf[:0]
		if progress != nil {
			progress(n)
		}
		return nil
	}
	for r, err := range recs {
		if err != nil {
			return n, err
		}
		buf = append(buf, r)
		if len(buf) >= batch {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	return n, flush()
}
