package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/store/storetest"
)

// TestBatchedReads: the batched reads of the public path give what the one-by-one reads
// give, on both engines.
func TestBatchedReads(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			s := open(t, e)
			levels := []model.Publication{model.Internal, model.Pseudonymous, model.Public}
			var people []*model.Person
			if err := s.Write(ctx, func(tx *store.Tx) error {
				for i := range 40 {
					p := person(fmt.Sprintf("Person %02d", i))
					p.Publication = levels[i%3]
					if p.Publication != model.Internal {
						p.PublicCode = fmt.Sprintf("TZ-TEST-%04d", i)
					}
					if i%5 == 0 {
						p.Status = model.StatusReleased
					}
					if err := tx.Put(ctx, p, "t", ""); err != nil {
						return err
					}
					people = append(people, p)
				}
				for _, r := range []model.Record{
					&model.Relation{From: people[1].ID, To: people[2].ID, Type: "parent"},
					&model.Testimony{Testifier: people[4].ID, About: []model.ID{people[2].ID}, Medium: "interview", Language: "kk", Publication: model.Internal},
					&model.Event{Type: "detained", Persons: []model.ID{people[2].ID}, Date: model.MustDate("2018")},
					&model.Action{Type: "letter", Date: model.MustDate("2020"), To: "UN", About: []model.ID{people[2].ID}},
				} {
					if err := tx.Put(ctx, r, "t", ""); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			s.Read(ctx, func(tx *store.Tx) error {
				pubs := []model.Publication{model.Pseudonymous, model.Public}
				for _, f := range []store.PersonFilter{{Limit: 5}, {Limit: 50}, {Limit: 7, Status: string(model.StatusReleased)},
					{Limit: 3, After: people[10].ID}} {
					f.Publications = pubs
					want, err1 := tx.PersonIDs(ctx, f)
					got, err2 := tx.PublishedIDs(ctx, f)
					if err1 != nil || err2 != nil || !slices.Equal(got, want) || len(want) == 0 {
						t.Errorf("%+v: PublishedIDs %v (%v), PersonIDs %v (%v)", f, got, err2, want, err1)
					}
				}

				ids := []model.ID{people[3].ID, people[0].ID, people[3].ID, model.NewID(s.Now())}
				raws, err := tx.RawRecords(ctx, ids)
				if err != nil || len(raws) != 2 {
					t.Fatalf("raw records: %d %v", len(raws), err)
				}
				for _, r := range raws {
					rec, err := tx.Decode(r)
					want, _ := tx.Get(ctx, r.ID, false)
					if err != nil || rec.(*model.Person).PrimaryName() != want.(*model.Person).PrimaryName() {
						t.Errorf("decode %s: %v", r.ID, err)
					}
				}

				p2 := people[2]
				stamps, err := tx.LinkedStamps(ctx, p2.ID, []string{"about", "event", "relation"},
					[]model.Kind{model.KindEvent, model.KindSource, model.KindTestimony, model.KindRelation})
				if err != nil || len(stamps) != 3 {
					t.Fatalf("stamps: %+v %v", stamps, err) // the action is left out
				}
				kinds := []model.Kind{stamps[0].Kind, stamps[1].Kind, stamps[2].Kind}
				if !slices.Equal(kinds, []model.Kind{model.KindTestimony, model.KindEvent, model.KindRelation}) || stamps[0].Version != 1 || stamps[0].Updated == 0 {
					t.Errorf("stamps in rel order: %+v", stamps)
				}
				briefs, err := tx.RelatedBriefs(ctx, p2.ID)
				if err != nil || len(briefs) != 2 || briefs[people[1].ID].PublicCode != "TZ-TEST-0001" ||
					briefs[people[4].ID].Name != "Person 04" || briefs[people[4].ID].Publication != model.Pseudonymous {
					t.Errorf("briefs: %+v %v", briefs, err)
				}
				raw, err := tx.PublishedRaw(ctx, "TZ-TEST-0002")
				if err != nil || raw.ID != p2.ID {
					t.Errorf("published raw: %v %v", raw.ID, err)
				}
				if _, err := tx.PublishedRaw(ctx, "TZ-NONE"); err == nil {
					t.Error("unknown code found")
				}
				return nil
			})
		})
	}
}
