package store

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store/storetest"
)

// TestByExternalIDs: the records stored under any of the asked external ids are found, and
// none else, whether the asked ids' range holds stored ids or not (SQLite's shortcut when it
// holds none), in byte order with upper case, digits of several lengths and non-ASCII
// letters; on SQLite the range look uses the external id index.
func TestByExternalIDs(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			s, err := Open(ctx, Config{SQLitePath: e.SQLitePath, PostgresURL: e.PostgresURL, Keys: storetest.Keys(t)})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			stored := []string{"list:10", "list:9", "List:3", "тізім:2", "b"}
			err = s.Write(ctx, func(tx *Tx) error {
				var recs []model.Record
				for _, x := range stored {
					p := &model.Person{Names: []model.NameForm{{Text: "Айгүл Серікова", Kind: "primary"}}, Status: model.StatusCamp, Publication: model.Internal}
					p.ExternalID = x
					recs = append(recs, p)
				}
				return tx.PutBatch(ctx, recs, "test", "")
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				ask, want []string
			}{
				{[]string{"list:11", "list:12"}, nil},                 // a range with nothing stored
				{[]string{"list:1", "list:99"}, nil},                  // list:10 and list:9 lie between, not asked
				{[]string{"list:1", "list:10"}, []string{"list:10"}},  // the least is stored
				{[]string{"list:8", "list:9"}, []string{"list:9"}},    // the greatest is stored
				{[]string{"a", "List:3", "c"}, []string{"List:3"}},    // upper case sorts first
				{[]string{"тізім:1", "тізім:2"}, []string{"тізім:2"}}, // non-ASCII
				{[]string{"b"}, []string{"b"}},                        // one id
				{[]string{"List:3", "b", "list:9"}, []string{"List:3", "b", "list:9"}},
			} {
				var got []string
				err := s.Read(ctx, func(tx *Tx) error {
					m, err := tx.ByExternalIDs(ctx, c.ask, false)
					for k, r := range m {
						if r.Head().ExternalID != k {
							t.Errorf("%s keyed %s", r.Head().ExternalID, k)
						}
						got = append(got, k)
					}
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
				slices.Sort(got)
				want := slices.Clone(c.want)
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Errorf("ByExternalIDs(%q) = %q, want %q", c.ask, got, want)
				}
			}
			if e.Name != "sqlite" {
				return
			}
			var plan []string
			rows, err := s.r.QueryContext(ctx, `explain query plan select count(*) from (select 1 from records where external_id >= ? and external_id <= ? limit 1)`, "a", "b")
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var id, parent, notused int
				var detail string
				if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
					t.Fatal(err)
				}
				plan = append(plan, detail)
			}
			rows.Close()
			if !strings.Contains(strings.Join(plan, "; "), "records_external_id") {
				t.Errorf("the range look does not use the index: %v", plan)
			}
		})
	}
}
