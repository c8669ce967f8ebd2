package archive

import (
	"context"
	"slices"

	"github.com/tizim/tizim/internal/access"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
)

// consentCap is the most public level a merge of these persons may reach (ADR 0410): the
// least public of the levels their own consent records give each of them. A person with no
// consent record imposes no cap — nobody has asked them yet, which is not a refusal — but
// a withdrawal, an internal-only or a pseudonymous consent on either record is a decision
// by or for that person, and a merge must never override it.
func consentCap(ctx context.Context, tx *store.Tx, ids ...model.ID) (model.Publication, error) {
	limit := model.Public
	for _, id := range ids {
		cs, err := consentsOf(ctx, tx, id)
		if err != nil {
			return "", err
		}
		if len(cs) == 0 {
			continue
		}
		if l := access.Level(id, cs); l.Rank() < limit.Rank() {
			limit = l
		}
	}
	return limit, nil
}

// consentsOf loads the consent records whose subject is id.
func consentsOf(ctx context.Context, tx *store.Tx, id model.ID) ([]*model.Consent, error) {
	ids, err := tx.Linked(ctx, id, "consent")
	if err != nil {
		return nil, err
	}
	var out []*model.Consent
	for _, cid := range ids {
		rec, err := tx.Get(ctx, cid, false)
		if err != nil {
			return nil, err
		}
		if c, ok := rec.(*model.Consent); ok && c.Subject == id {
			out = append(out, c)
		}
	}
	return out, nil
}

// mergedPublication sets the kept person's level once the other's consents point at it:
// access.Level over the union, as for any consent change, but never above limit.
func mergedPublication(ctx context.Context, tx *store.Tx, kp *model.Person, limit model.Publication) error {
	cs, err := consentsOf(ctx, tx, kp.ID)
	if err != nil {
		return err
	}
	level := access.Level(kp.ID, cs)
	if limit.Rank() < level.Rank() {
		level = limit
	}
	kp.Publication = level
	if level != model.Internal && kp.PublicCode == "" {
		kp.PublicCode = model.NewPublicCode()
	}
	return nil
}

// repoint makes rec point at to wherever it pointed at from, dropping the duplicate a list
// would then hold (an event about both records is about one person). It reports whether
// rec changed.
func repoint(rec model.Record, from, to model.ID) bool {
	changed := false
	one := func(p *model.ID) {
		if *p == from {
			*p, changed = to, true
		}
	}
	many := func(ids []model.ID) []model.ID {
		if !slices.Contains(ids, from) {
			return ids
		}
		changed = true
		out := make([]model.ID, 0, len(ids))
		for _, id := range ids {
			if id == from {
				id = to
			}
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
		return out
	}
	switch r := rec.(type) {
	case *model.Relation:
		one(&r.From)
		one(&r.To)
	case *model.Testimony:
		r.About = many(r.About)
		one(&r.Testifier)
	case *model.Event:
		r.Persons = many(r.Persons)
	case *model.Consent:
		one(&r.Subject)
		one(&r.GivenBy)
	case *model.Evidence:
		r.About = many(r.About)
	case *model.Source:
		r.About = many(r.About)
	case *model.Action:
		r.About = many(r.About)
	}
	return changed
}

// combine gives the kept person every name form and every value of the other that it
// lacks. Where both have a value the kept one's stays; the other's is not lost, since the
// other record is kept as it was.
func combine(k, o *model.Person) {
	for _, n := range o.Names {
		if !slices.Contains(k.Names, n) {
			k.Names = append(k.Names, n)
		}
	}
	fill(&k.Gender, o.Gender)
	fill(&k.Ethnicity, o.Ethnicity)
	fill(&k.Occupation, o.Occupation)
	fill(&k.Religion, o.Religion)
	fill(&k.Summary, o.Summary)
	fill(&k.Hometown, o.Hometown)
	fill(&k.Facility, o.Facility)
	for _, d := range []struct{ k, o *model.Date }{{&k.Birth, &o.Birth}, {&k.DetainedOn, &o.DetainedOn}, {&k.LastContact, &o.LastContact}} {
		if d.k.IsZero() {
			*d.k = *d.o
		}
	}
	if k.Status == "" || k.Status == model.StatusUnknown {
		k.Status, k.StatusReason = o.Status, o.StatusReason
	}
	k.Citizenship = union(k.Citizenship, o.Citizenship)
	k.EvidenceItems = union(k.EvidenceItems, o.EvidenceItems)
	k.EvidenceLevel = max(k.EvidenceLevel, o.EvidenceLevel)
	ks, os := &k.Secret, &o.Secret
	ks.IDDocs = union(ks.IDDocs, os.IDDocs)
	ks.Contacts = union(ks.Contacts, os.Contacts)
	fill(&ks.Address, os.Address)
	if os.Notes != "" && os.Notes != ks.Notes {
		if ks.Notes != "" {
			ks.Notes += "\n\n"
		}
		ks.Notes += os.Notes
	}
}

func fill[T comparable](dst *T, v T) {
	var zero T
	if *dst == zero {
		*dst = v
	}
}

func union[T comparable](a, b []T) []T {
	for _, x := range b {
		if !slices.Contains(a, x) {
			a = append(a, x)
		}
	}
	return a
}
