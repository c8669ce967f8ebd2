package store

import (
	"context"
	"testing"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store/storetest"
)

// TestPlaceCodesMany: the batch lookup of hometowns' place codes (one query per level of
// the hierarchy) gives what placeCodes gives one place at a time, for places with a code,
// places whose code is on a parent one to five levels up, chains too long or broken,
// short codes, ids that are not places or not stored, and the zero id.
func TestPlaceCodesMany(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			s := openEngine(t, e)
			place := func(code string, parent model.ID) *model.Place {
				return &model.Place{Level: "township", Code: code, Parent: parent, Names: []model.PlaceName{{Lang: "en", Text: "p" + code}}}
			}
			var ids []model.ID
			var err error // the first failure of put
			err = s.Write(ctx, func(tx *Tx) error {
				put := func(r model.Record) model.ID {
					if err == nil {
						err = tx.Put(ctx, r, "test", "")
					}
					return r.Head().ID
				}
				county := put(place("650105", model.ID{}))
				pref := put(place("6501", model.ID{}))
				short := put(place("65", model.ID{}))
				ids = append(ids, county, pref, short, put(place("650105001", county)))
				for _, top := range []model.ID{county, pref, short, {}} {
					at := top
					for range 7 { // chains of 1 to 7 places without a code under top
						at = put(place("", at))
						ids = append(ids, at)
					}
				}
				ids = append(ids, put(&model.Person{Names: []model.NameForm{{Text: "Not A Place", Kind: "primary"}}, Status: model.StatusCamp, Publication: model.Internal}), model.NewID(s.now()), model.ID{})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			err = s.Read(ctx, func(tx *Tx) error {
				got, err := tx.placeCodesMany(ctx, ids)
				if err != nil {
					return err
				}
				if len(got) != len(ids) {
					t.Errorf("%d answers for %d places", len(got), len(ids))
				}
				for i, id := range ids {
					pref, county, err := tx.placeCodes(ctx, id)
					if err != nil {
						return err
					}
					if want := [2]string{pref, county}; got[id] != want {
						t.Errorf("place %d: %q, want %q", i, got[id], want)
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}
