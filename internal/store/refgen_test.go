package store

import (
	"context"
	"testing"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store/storetest"
)

// TestRefGeneration (ADR 0423): every way the store writes a place or a facility moves the
// reference-data generation in the write's own transaction — Put (new and changed), PutBatch,
// UpdateBatch, RestoreRow and Delete — and writing other records does not; a write that rolls
// back leaves it where it was.
func TestRefGeneration(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			s := openEngine(t, e)
			gen := func() int64 {
				t.Helper()
				var v int64
				if err := s.Read(ctx, func(tx *Tx) (err error) { v, err = tx.RefGeneration(ctx); return err }); err != nil {
					t.Fatal(err)
				}
				return v
			}
			place := &model.Place{Level: "township", Code: "650105001", Names: []model.PlaceName{{Lang: "en", Text: "Township"}}}
			fac := &model.Facility{Type: "camp", Names: []model.PlaceName{{Lang: "en", Text: "Camp"}}}
			person := &model.Person{Names: []model.NameForm{{Text: "Айгүл Серікова", Kind: "primary"}}, Status: model.StatusCamp, Publication: model.Internal}
			var snap RowSnapshot
			steps := []struct {
				name  string
				moves bool
				write func(tx *Tx) error
			}{
				{"Put a new place", true, func(tx *Tx) error { return tx.Put(ctx, place, "test", "") }},
				{"PutBatch with a facility", true, func(tx *Tx) error {
					fac.Place = place.ID
					return tx.PutBatch(ctx, []model.Record{person, fac}, "test", "")
				}},
				{"Put a changed facility", true, func(tx *Tx) error {
					var err error
					if snap, err = tx.Snapshot(ctx, fac.ID); err != nil {
						return err
					}
					fac.Names[0].Text = "Camp No. 2"
					return tx.Put(ctx, fac, "test", "")
				}},
				{"RestoreRow of a facility", true, func(tx *Tx) error {
					snap.After = fac.Version
					return tx.RestoreRow(ctx, snap)
				}},
				{"UpdateBatch of a place", true, func(tx *Tx) error {
					rec, err := tx.Get(ctx, place.ID, true)
					if err != nil {
						return err
					}
					rec.(*model.Place).Names[0].Text = "Township No. 2"
					return tx.UpdateBatch(ctx, []Update{{Rec: rec, Reason: "test"}}, "test")
				}},
				{"Put a person", false, func(tx *Tx) error {
					person.Status = model.StatusReleased
					return tx.Put(ctx, person, "test", "")
				}},
				{"PutBatch of persons", false, func(tx *Tx) error {
					return tx.PutBatch(ctx, []model.Record{&model.Person{Names: person.Names, Status: model.StatusCamp, Publication: model.Internal}}, "test", "")
				}},
				{"Delete a person", false, func(tx *Tx) error { return tx.Delete(ctx, person.ID, "test", "") }},
				{"Delete a facility", true, func(tx *Tx) error { return tx.Delete(ctx, fac.ID, "test", "") }},
			}
			for _, st := range steps {
				before := gen()
				if err := s.Write(ctx, st.write); err != nil {
					t.Fatalf("%s: %v", st.name, err)
				}
				if after := gen(); (after != before) != st.moves {
					t.Errorf("%s: generation %d → %d", st.name, before, after)
				}
			}
			before := gen()
			err := s.Write(ctx, func(tx *Tx) error {
				if err := tx.Put(ctx, &model.Place{Level: "township", Code: "650105002", Names: []model.PlaceName{{Lang: "en", Text: "Other"}}}, "test", ""); err != nil {
					return err
				}
				return context.Canceled
			})
			if err != context.Canceled || gen() != before {
				t.Errorf("a rolled-back write: %v, generation %d → %d", err, before, gen())
			}
		})
	}
}
