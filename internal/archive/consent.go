package archive

import (
	"bytes"
	"context"
	"fmt"
	"slices"

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
	return a.consentsTx(ctx, tx, who, []*model.Consent{c})
}

// consentsTx saves consents in one transaction with exactly the effect of saving them one
// after the other through RecordConsent (the consent phase of an import gives it thousands
// at once, ADR 0412): each subject and giver must exist; each consent is saved and audited;
// after each, its subject's level is worked out from all its consents as they stand at that
// point (access.Level) and, when it changes, the subject gets a public code if it has none,
// a new version and a "publication" audit entry. The reads are one query per kind of row for
// the whole batch, and the subjects whose level changed are written together
// (store.UpdateBatch); a subject whose level changes twice in one batch gets its first
// change saved on its own, so its history has every version RecordConsent would have left.
func (a *Archive) consentsTx(ctx context.Context, tx *store.Tx, who Actor, cs []*model.Consent) error {
	if len(cs) == 0 {
		return nil
	}
	var subjIDs, giverIDs []model.ID
	seenS, seenG := map[model.ID]bool{}, map[model.ID]bool{}
	for _, c := range cs {
		if !seenS[c.Subject] {
			seenS[c.Subject] = true
			subjIDs = append(subjIDs, c.Subject)
		}
		if !seenG[c.GivenBy] {
			seenG[c.GivenBy] = true
			giverIDs = append(giverIDs, c.GivenBy)
		}
	}
	subjects, err := tx.GetMany(ctx, subjIDs, true)
	if err != nil {
		return err
	}
	givers, err := tx.Exist(ctx, giverIDs)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if err := checkConsent(c, subjects[c.Subject], givers[c.GivenBy]); err != nil {
			if len(cs) > 1 {
				err = fmt.Errorf("consent %s: %w", c.ID, err)
			}
			return err
		}
	}
	// The consents each subject has before this batch, as republish would read them.
	linked, err := tx.LinkedMany(ctx, subjIDs, "consent")
	if err != nil {
		return err
	}
	var storedIDs []model.ID
	for _, s := range subjIDs {
		storedIDs = append(storedIDs, linked[s]...)
	}
	stored, err := tx.GetMany(ctx, storedIDs, false)
	if err != nil {
		return err
	}
	of := make(map[model.ID]map[model.ID]*model.Consent, len(subjIDs)) // subject → its consents by id
	where := map[model.ID]model.ID{}                                   // consent → the subject whose list has it
	for _, s := range subjIDs {
		of[s] = map[model.ID]*model.Consent{}
		for _, cid := range linked[s] {
			rec, ok := stored[cid]
			if !ok {
				return fmt.Errorf("consent %s: %w", cid, model.ErrNotFound)
			}
			if c, ok := rec.(*model.Consent); ok {
				of[s][cid], where[cid] = c, s
			}
		}
	}
	recs := make([]model.Record, len(cs))
	for i, c := range cs {
		recs[i] = c
	}
	// Saved in the order given, each stamped after the one before (store.PutBatch), as one by one.
	if err := tx.PutBatch(ctx, recs, who.Name, ""); err != nil {
		return err
	}
	entries := make([]store.AuditRecord, 0, 2*len(cs))
	pending := map[model.ID]string{} // subjects changed in this batch and not yet saved → reason
	var order []model.ID
	for _, c := range cs {
		if s, ok := where[c.ID]; ok {
			delete(of[s], c.ID) // a changed consent replaces its stored version, wherever it was
		}
		of[c.Subject][c.ID], where[c.ID] = c, c.Subject
		entries = append(entries, store.AuditRecord{Actor: who.Name, Action: "consent", Kind: string(c.SubjectKind),
			Record: c.Subject.String(), Detail: fmt.Sprintf("consent %s level %s withdrawn %t", c.ID, c.Level, !c.Active())})
		subj := subjects[c.Subject]
		level := access.Level(c.Subject, consentList(of[c.Subject]))
		if cur, err := publicationOf(subj); err != nil {
			return err
		} else if cur == level {
			continue
		}
		if reason, ok := pending[c.Subject]; ok {
			if err := tx.Put(ctx, subj, who.Name, reason); err != nil {
				return err
			}
		} else {
			order = append(order, c.Subject)
		}
		from, _, err := setLevel(subj, level)
		if err != nil {
			return err
		}
		pending[c.Subject] = publicationReason(from, level)
		entries = append(entries, store.AuditRecord{Actor: who.Name, Action: "publication", Kind: string(subj.Kind()),
			Record: c.Subject.String(), Detail: fmt.Sprintf("%s → %s", from, level)})
	}
	ups := make([]store.Update, len(order))
	for i, s := range order {
		ups[i] = store.Update{Rec: subjects[s], Reason: pending[s]}
	}
	if err := tx.UpdateBatch(ctx, ups, who.Name); err != nil {
		return err
	}
	return tx.AuditBatch(ctx, entries)
}

// checkConsent checks that a consent's subject (of the kind it names) and giver exist.
func checkConsent(c *model.Consent, subj model.Record, giverExists bool) error {
	if subj == nil {
		return fmt.Errorf("consent subject: record %s: %w", c.Subject, model.ErrNotFound)
	}
	if subj.Kind() != c.SubjectKind {
		return fmt.Errorf("consent names a %s but its subject is a %s", c.SubjectKind, subj.Kind())
	}
	if !giverExists {
		return fmt.Errorf("consent given by: record %s: %w", c.GivenBy, model.ErrNotFound)
	}
	return nil
}

// consentList is a subject's consents in id order, the order republish reads them in.
func consentList(m map[model.ID]*model.Consent) []*model.Consent {
	out := make([]*model.Consent, 0, len(m))
	for _, c := range m {
		out = append(out, c)
	}
	slices.SortFunc(out, func(x, y *model.Consent) int { return bytes.Compare(x.ID[:], y.ID[:]) })
	return out
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
	from, changed, err := setLevel(subj, level)
	if err != nil || !changed {
		return err
	}
	if err := tx.Put(ctx, subj, who.Name, publicationReason(from, level)); err != nil {
		return err
	}
	return tx.Audit(ctx, who.Name, "publication", string(subj.Kind()), id.String(), fmt.Sprintf("%s → %s", from, level))
}

// publicationOf returns the level of a record that can have consent.
func publicationOf(subj model.Record) (model.Publication, error) {
	switch s := subj.(type) {
	case *model.Person:
		return s.Publication, nil
	case *model.Testimony:
		return s.Publication, nil
	}
	return "", fmt.Errorf("a %s cannot have consent", subj.Kind())
}

// setLevel gives subj the level its consents call for (RecordConsent's rule, shared by every
// path that publishes): a subject published for the first time gets a random public code,
// which it keeps. It reports the level before and whether it changed.
func setLevel(subj model.Record, level model.Publication) (from model.Publication, changed bool, err error) {
	var pub *model.Publication
	var code *string
	switch s := subj.(type) {
	case *model.Person:
		pub, code = &s.Publication, &s.PublicCode
	case *model.Testimony:
		pub, code = &s.Publication, &s.PublicCode
	default:
		return "", false, fmt.Errorf("a %s cannot have consent", subj.Kind())
	}
	from = *pub
	if from == level {
		return from, false, nil
	}
	*pub = level
	if level != model.Internal && *code == "" {
		*code = model.NewPublicCode()
	}
	return from, true, nil
}

func publicationReason(from, to model.Publication) string {
	return fmt.Sprintf("publication %s → %s from consent", from, to)
}
