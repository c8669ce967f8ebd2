package archive

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
)

// Merging two records of one person (ADR 0410). Nothing is destroyed: the kept person
// gains the other's name forms, missing fields and confidential part; every record that
// pointed at the other person is re-pointed at the kept one; the other person stays in the
// archive with its history, marked merged-into, internal and off every list. Each changed
// row is snapshotted first, so UndoMerge can put all of them back exactly.

// mergeLog is what the merges table keeps about one merge (its moved column).
type mergeLog struct {
	Reason string              `json:"reason,omitempty"`
	Kept   store.RowSnapshot   `json:"kept"`
	Merged store.RowSnapshot   `json:"merged"`
	Moved  []store.RowSnapshot `json:"moved"`
	Review store.ReviewState   `json:"review"`
}

// Merge folds person other into person keep and returns the merge's id, which UndoMerge
// takes. Merging hides a record, so it needs the role that may delete (editor, admin).
func (a *Archive) Merge(ctx context.Context, who Actor, keep, other model.ID, reason string) (model.ID, error) {
	if err := who.need(OpDelete); err != nil {
		return model.ID{}, err
	}
	if keep == other {
		return model.ID{}, invalidMerge("a person cannot be merged with themselves")
	}
	mergeID := model.NewID(a.st.Now())
	err := a.st.Write(ctx, func(tx *store.Tx) error {
		kp, op, err := mergeablePair(ctx, tx, keep, other)
		if err != nil {
			return err
		}
		var log mergeLog
		log.Reason = reason
		if log.Kept, err = tx.Snapshot(ctx, keep); err != nil {
			return err
		}
		if log.Merged, err = tx.Snapshot(ctx, other); err != nil {
			return err
		}
		if log.Review, err = tx.ReviewStateOf(ctx, keep, other); err != nil {
			return err
		}
		limit, err := consentCap(ctx, tx, keep, other)
		if err != nil {
			return err
		}
		why := fmt.Sprintf("merge %s: %s merged into %s", mergeID, other, keep)
		if log.Moved, err = repointAll(ctx, tx, who, other, keep, why); err != nil {
			return err
		}
		if err := mergedPublication(ctx, tx, kp, limit); err != nil {
			return err
		}
		combine(kp, op)
		if err := tx.Put(ctx, kp, who.Name, why); err != nil {
			return err
		}
		// The other record keeps its public code (codes are never reused) but is internal:
		// its public URL answers 404 from now on.
		op.Publication = model.Internal
		if err := tx.Put(ctx, op, who.Name, why); err != nil {
			return err
		}
		if err := tx.Unlist(ctx, other); err != nil {
			return err
		}
		log.Kept.After, log.Merged.After = kp.Version, op.Version
		if err := tx.DecideReview(ctx, keep, other, "merged", who.Name); err != nil {
			return err
		}
		moved, err := json.Marshal(log)
		if err != nil {
			return err
		}
		if err := tx.SaveMerge(ctx, store.MergeRecord{ID: mergeID, Kept: keep, Merged: other, KeptVersion: log.Kept.Version, Moved: string(moved)}, who.Name); err != nil {
			return err
		}
		return tx.Audit(ctx, who.Name, "merge", "person", keep.String(),
			fmt.Sprintf("merge %s: %s merged in, %d linked records re-pointed, publication %s; reason: %s", mergeID, other, len(log.Moved), kp.Publication, reason))
	})
	return mergeID, err
}

// invalidMerge is a request that can never succeed as given (a 400, not a conflict).
func invalidMerge(problem string) error {
	return &model.ValidationError{Kind: model.KindPerson, Problems: []string{problem}}
}

// mergeablePair loads both persons with their confidential parts and refuses pairs that
// cannot be merged, with a reason a volunteer can act on.
func mergeablePair(ctx context.Context, tx *store.Tx, keep, other model.ID) (*model.Person, *model.Person, error) {
	var ps [2]*model.Person
	for i, id := range []model.ID{keep, other} {
		rec, err := tx.Get(ctx, id, true)
		if err != nil {
			return nil, nil, err
		}
		p, ok := rec.(*model.Person)
		if !ok {
			return nil, nil, invalidMerge(fmt.Sprintf("%s is a %s, not a person", id, rec.Kind()))
		}
		if into, _, merged, err := tx.MergedInto(ctx, id); err != nil {
			return nil, nil, err
		} else if merged {
			return nil, nil, fmt.Errorf("%s was already merged into %s: %w", id, into, model.ErrConflict)
		}
		ps[i] = p
	}
	rels, err := tx.Linked(ctx, other, "relation")
	if err != nil {
		return nil, nil, err
	}
	for _, rid := range rels {
		rec, err := tx.Get(ctx, rid, false)
		if err != nil {
			return nil, nil, err
		}
		if r, ok := rec.(*model.Relation); ok && (r.From == keep || r.To == keep) {
			return nil, nil, fmt.Errorf("these two are recorded as relatives (%s); two relatives are not one person — remove that relation first if it is wrong: %w",
				r.Type, model.ErrConflict)
		}
	}
	return ps[0], ps[1], nil
}

// repointAll makes every record that points at from point at to, audits each change and
// returns the rows as they were.
func repointAll(ctx context.Context, tx *store.Tx, who Actor, from, to model.ID, why string) ([]store.RowSnapshot, error) {
	ids, err := tx.LinkedFrom(ctx, from)
	if err != nil {
		return nil, err
	}
	var out []store.RowSnapshot
	for _, id := range ids {
		rec, err := tx.Get(ctx, id, true)
		if err != nil {
			return nil, err
		}
		if !repoint(rec, from, to) {
			continue
		}
		snap, err := tx.Snapshot(ctx, id)
		if err != nil {
			return nil, err
		}
		if err := tx.Put(ctx, rec, who.Name, why); err != nil {
			return nil, err
		}
		snap.After = rec.Head().Version
		out = append(out, snap)
		if err := tx.Audit(ctx, who.Name, "merge_repoint", string(rec.Kind()), id.String(), why); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// UndoMerge puts back every row a merge changed, exactly as it was before it, and the
// review queue's decision on the pair. It refuses when any of those records was edited
// after the merge, since that edit would be lost.
func (a *Archive) UndoMerge(ctx context.Context, who Actor, mergeID model.ID) error {
	if err := who.need(OpDelete); err != nil {
		return err
	}
	return a.st.Write(ctx, func(tx *store.Tx) error {
		m, err := tx.Merge(ctx, mergeID)
		if err != nil {
			return err
		}
		if m.UndoneAt != 0 {
			return fmt.Errorf("merge %s was already undone: %w", mergeID, model.ErrConflict)
		}
		var log mergeLog
		if err := json.Unmarshal([]byte(m.Moved), &log); err != nil {
			return fmt.Errorf("merge %s: its record is unreadable: %w", mergeID, err)
		}
		for _, s := range append([]store.RowSnapshot{log.Kept, log.Merged}, log.Moved...) {
			if err := tx.RestoreRow(ctx, s); err != nil {
				return err
			}
		}
		if err := tx.RestoreReviewState(ctx, m.Kept, m.Merged, log.Review); err != nil {
			return err
		}
		// The restored rows carry the publication level of the time before the merge; a
		// consent recorded since may call for another, so both persons are worked out again
		// from their consents as they are now.
		for _, id := range []model.ID{m.Kept, m.Merged} {
			rec, err := tx.Get(ctx, id, true)
			if err != nil {
				return err
			}
			if err := a.republish(ctx, tx, who, rec); err != nil {
				return err
			}
		}
		if err := tx.MarkMergeUndone(ctx, mergeID, who.Name); err != nil {
			return err
		}
		return tx.Audit(ctx, who.Name, "undo_merge", "person", m.Kept.String(),
			fmt.Sprintf("merge %s undone: %s restored, %d linked records restored", mergeID, m.Merged, len(log.Moved)))
	})
}

// MergeEntry is one merge for listings (the review page, tizim review merges): who merged
// which two persons and when, and whether it was undone.
type MergeEntry struct {
	store.MergeEntry
	KeptName, MergedName string
}

// Merges lists merges, undone ones included, newest first.
func (a *Archive) Merges(ctx context.Context, who Actor, limit int) ([]MergeEntry, error) {
	if err := who.need(OpRead); err != nil {
		return nil, err
	}
	var out []MergeEntry
	err := a.st.Read(ctx, func(tx *store.Tx) error {
		ms, err := tx.Merges(ctx, limit)
		if err != nil {
			return err
		}
		ids := make([]model.ID, 0, 2*len(ms))
		for _, m := range ms {
			ids = append(ids, m.Kept, m.Merged)
		}
		recs, err := tx.GetMany(ctx, ids, false)
		if err != nil {
			return err
		}
		for _, m := range ms {
			out = append(out, MergeEntry{MergeEntry: m, KeptName: primaryName(recs[m.Kept]), MergedName: primaryName(recs[m.Merged])})
		}
		return nil
	})
	return out, err
}

// MergedPersons returns the persons merged into another by a merge in force, with the id
// of the person each was merged into: exports that must not repeat a resolved duplicate
// skip them.
func (a *Archive) MergedPersons(ctx context.Context, who Actor) (out map[model.ID]model.ID, err error) {
	if err := who.need(OpRead); err != nil {
		return nil, err
	}
	err = a.st.Read(ctx, func(tx *store.Tx) error {
		out, err = tx.MergedPersons(ctx)
		return err
	})
	return out, err
}
