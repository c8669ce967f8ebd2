package archive

import (
	"context"
	"fmt"

	"github.com/tizim/tizim/internal/access"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
)

// RecordConsent saves a consent record (new, changed or withdrawn) and, in the same
// transaction, recomputes the publication level of its subject. A subject published for the
// first time gets a random public code, which it keeps; withdrawing consent makes it
// internal again everywhere at once, since every public output reads the level.
func (a *Archive) RecordConsent(ctx context.Context, who Actor, c *model.Consent) error {
	if err := who.need(OpConsent); err != nil {
		return err
	}
	return a.st.Write(ctx, func(tx *store.Tx) error { return a.consentTx(ctx, tx, who, c) })
}

func (a *Archive) consentTx(ctx context.Context, tx *store.Tx, who Actor, c *model.Consent) error {
	subj, err := tx.Get(ctx, c.Subject, true)
	if err != nil {
		return fmt.Errorf("consent subject: %w", err)
	}
	if subj.Kind() != c.SubjectKind {
		return fmt.Errorf("consent names a %s but its subject is a %s", c.SubjectKind, subj.Kind())
	}
	if _, err := tx.Get(ctx, c.GivenBy, false); err != nil {
		return fmt.Errorf("consent given by: %w", err)
	}
	if err := tx.Put(ctx, c, who.Name, ""); err != nil {
		return err
	}
	if err := tx.Audit(ctx, who.Name, "consent", string(c.SubjectKind), c.Subject.String(),
		fmt.Sprintf("consent %s level %s withdrawn %t", c.ID, c.Level, !c.Active())); err != nil {
		return err
	}
	return a.republish(ctx, tx, who, subj)
}

// republish recomputes subj's level from all its consents and saves it when it changed.
func (a *Archive) republish(ctx context.Context, tx *store.Tx, who Actor, subj model.Record) error {
	id := subj.Head().ID
	ids, err := tx.Linked(ctx, id, "consent")
	if err != nil {
		return err
	}
	recs, err := tx.GetMany(ctx, ids, false)
	if err != nil {
		return err
	}
	var consents []*model.Consent
	for _, cid := range ids {
		rec, ok := recs[cid]
		if !ok {
			return fmt.Errorf("consent %s: %w", cid, model.ErrNotFound)
		}
		if c, ok := rec.(*model.Consent); ok {
			consents = append(consents, c)
		}
	}
	level := access.Level(id, consents)
	var pub *model.Publication
	var code *string
	switch s := subj.(type) {
	case *model.Person:
		pub, code = &s.Publication, &s.PublicCode
	case *model.Testimony:
		pub, code = &s.Publication, &s.PublicCode
	default:
		return fmt.Errorf("a %s cannot have consent", subj.Kind())
	}
	if *pub == level {
		return nil
	}
	from := *pub
	*pub = level
	if level != model.Internal && *code == "" {
		*code = model.NewPublicCode()
	}
	if err := tx.Put(ctx, subj, who.Name, fmt.Sprintf("publication %s → %s from consent", from, level)); err != nil {
		return err
	}
	return tx.Audit(ctx, who.Name, "publication", string(subj.Kind()), id.String(), fmt.Sprintf("%s → %s", from, level))
}
