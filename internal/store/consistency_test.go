package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/store/storetest"
)

// A deleted person takes its derived rows with it (on PostgreSQL no foreign key cascades them
// since migration 0008), and Consistency reports each kind of derived row that is missing or left
// behind.
func TestDerivedRowsConsistency(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			s := open(t, e)
			a, b := person("Айгүл Сейіт"), person("Нұрлан Қали")
			b.Summary = "a summary for the full-text index"
			if err := s.Write(ctx, func(tx *store.Tx) error {
				return tx.PutBatch(ctx, []model.Record{a, b}, "alice", "")
			}); err != nil {
				t.Fatal(err)
			}
			check := func(want ...string) {
				t.Helper()
				got, err := s.Consistency(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(want) {
					t.Fatalf("problems %q, want %d matching %q", got, len(want), want)
				}
				for i, w := range want {
					if !strings.Contains(got[i], w) {
						t.Errorf("problem %q, want one about %q", got[i], w)
					}
				}
			}
			check()
			// A merged person leaves the persons table (Unlist) but keeps its record.
			c := person("Мәди Тұрсын")
			if err := s.Write(ctx, func(tx *store.Tx) error {
				if err := tx.Put(ctx, c, "alice", ""); err != nil {
					return err
				}
				return tx.Unlist(ctx, c.ID)
			}); err != nil {
				t.Fatal(err)
			}
			check("person record(s) without their persons row")
			mid := model.NewID(s.Now())
			if err := s.ExecForTest(ctx, `insert into merges (id, kept, merged, kept_version, moved, at, by_actor) values ($1, $2, $3, 1, '[]', 0, 'alice')`,
				mid[:], a.ID[:], c.ID[:]); err != nil {
				t.Fatal(err)
			}
			check()
			if n, err := s.CountForTest(ctx, `select count(*) from text_docs where id = $1`, b.ID[:]); err != nil || n != 1 {
				t.Fatalf("the summary's full-text row: %d, %v", n, err)
			}
			if err := s.Write(ctx, func(tx *store.Tx) error { return tx.Delete(ctx, b.ID, "alice", "test") }); err != nil {
				t.Fatal(err)
			}
			check()
			for _, table := range []string{"persons", "name_docs", "text_docs"} {
				n, err := s.CountForTest(ctx, `select count(*) from `+table+` where id = $1`, b.ID[:])
				if err != nil {
					t.Fatal(err)
				}
				if n != 0 {
					t.Errorf("%s still holds the deleted person's row", table)
				}
			}
			// Damage by hand: a person without its rows, rows without their record.
			if err := s.ExecForTest(ctx, `delete from persons where id = $1`, a.ID[:]); err != nil {
				t.Fatal(err)
			}
			if err := s.ExecForTest(ctx, `delete from name_docs where id = $1`, a.ID[:]); err != nil {
				t.Fatal(err)
			}
			check("person record(s) without their persons row", "person record(s) missing from the name index")
			orphan := model.NewID(s.Now())
			if s.Engine() == "sqlite" { // SQLite keeps its foreign keys: an insider turns them off
				if err := s.ExecForTest(ctx, `pragma foreign_keys=off`); err != nil {
					t.Fatal(err)
				}
				defer s.ExecForTest(ctx, `pragma foreign_keys=on`)
			}
			for _, q := range []string{
				`insert into persons (id, name, name_fold, status) values ($1, 'x', 'x', 'unknown')`,
				`insert into name_docs (id, forms) values ($1, 'x')`,
			} {
				if err := s.ExecForTest(ctx, q, orphan[:]); err != nil {
					t.Fatal(err)
				}
			}
			got, _ := s.Consistency(ctx)
			if !slices.ContainsFunc(got, func(p string) bool { return strings.Contains(p, "persons row(s) without their person record") }) ||
				!slices.ContainsFunc(got, func(p string) bool { return strings.Contains(p, "name index row(s) without their person record") }) {
				t.Errorf("orphans not reported: %q", got)
			}
		})
	}
}
