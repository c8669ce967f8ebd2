package search_test

import (
	"context"
	"testing"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/search"
	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/store/storetest"
)

// TestLiveForgetsDeletedPersons: a delete drops the person's name_docs row without a newer
// seq, so the live index learns of it from the audit log: the person leaves the index of
// everyone and the public one at the next Sync, not at the next restart. A person deleted
// and written again under the same id before that Sync stays.
func TestLiveForgetsDeletedPersons(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			st, err := store.Open(ctx, store.Config{SQLitePath: e.SQLitePath, PostgresURL: e.PostgresURL, Keys: storetest.Keys(t)})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			mk := func(name string) *model.Person {
				return &model.Person{Names: []model.NameForm{{Text: name, Kind: "primary"}}, Status: model.StatusCamp, Publication: model.Public}
			}
			gone, back, stays := mk("Айгүл Сапарқызы"), mk("Жанар Мұратқызы"), mk("Серікжан Біләш")
			write := func(fn func(tx *store.Tx) error) {
				t.Helper()
				if err := st.Write(ctx, fn); err != nil {
					t.Fatal(err)
				}
			}
			write(func(tx *store.Tx) error {
				for _, p := range []*model.Person{gone, back, stays} {
					if err := tx.Put(ctx, p, "test", ""); err != nil {
						return err
					}
				}
				return nil
			})
			l := search.NewLive()
			find := func(q string) (ids []model.ID) {
				t.Helper()
				err := st.Read(ctx, func(tx *store.Tx) error {
					if err := l.Sync(ctx, tx); err != nil {
						return err
					}
					for _, public := range []bool{false, true} {
						hits, err := search.Rank(ctx, l.Source(tx), search.Parse(q, nil), search.Options{PublicOnly: public})
						if err != nil {
							return err
						}
						for _, h := range hits {
							if h.Score >= 0.5 {
								ids = append(ids, h.Doc.ID)
							}
						}
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				return ids
			}
			if n := len(find("Aigul Saparkyzy")); n != 2 { // the index of everyone and the public one
				t.Fatalf("before the delete: found %d times, want 2", n)
			}
			if l.Len() != 3 {
				t.Fatalf("indexed %d, want 3", l.Len())
			}
			del := func(p *model.Person) func(tx *store.Tx) error {
				return func(tx *store.Tx) error {
					if err := tx.Delete(ctx, p.ID, "test", "test"); err != nil {
						return err
					}
					return tx.Audit(ctx, "test", "delete", string(model.KindPerson), p.ID.String(), "")
				}
			}
			write(del(gone))
			write(del(back))
			back.Version = 0
			write(func(tx *store.Tx) error { return tx.Put(ctx, back, "test", "") })
			if ids := find("Aigul Saparkyzy"); len(ids) != 0 {
				t.Errorf("deleted person still found: %v", ids)
			}
			if l.Len() != 2 {
				t.Errorf("indexed %d after the delete, want 2", l.Len())
			}
			if n := len(find("Zhanar Muratkyzy")); n != 2 {
				t.Errorf("person deleted and written again: found %d times, want 2", n)
			}
			if n := len(find("Serikzhan Bilash")); n != 2 {
				t.Errorf("another person: found %d times, want 2", n)
			}
		})
	}
}
