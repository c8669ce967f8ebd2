package store

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store/storetest"
)

// TestLinksByDst (ADR 0420): the lookups of links by destination find every link, those the
// partial links_dst index leaves out (a person's hometown and facility) included, on both
// engines; and on SQLite every such query for relations the index holds uses it (a query
// whose WHERE clause lost the index's condition would read the whole table).
func TestLinksByDst(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			s, err := Open(ctx, Config{SQLitePath: e.SQLitePath, PostgresURL: e.PostgresURL, Keys: storetest.Keys(t)})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			place := &model.Place{Level: "township", Code: "650105001", Names: []model.PlaceName{{Lang: "en", Text: "Township"}}}
			fac := &model.Facility{Type: "camp", Names: []model.PlaceName{{Lang: "en", Text: "Camp"}}, Place: place.ID}
			p1 := &model.Person{Names: []model.NameForm{{Text: "Айгүл Серікова", Kind: "primary"}}, Status: model.StatusCamp, Publication: model.Internal}
			p2 := &model.Person{Names: []model.NameForm{{Text: "Серік Біләш", Kind: "primary"}}, Status: model.StatusCamp, Publication: model.Internal}
			var tm *model.Testimony
			err = s.Write(ctx, func(tx *Tx) error {
				for _, r := range []model.Record{place, fac} {
					if err := tx.Put(ctx, r, "test", ""); err != nil {
						return err
					}
				}
				fac.Place = place.ID
				if err := tx.Put(ctx, fac, "test", ""); err != nil {
					return err
				}
				p1.Hometown, p1.Facility = place.ID, fac.ID
				p2.Hometown = place.ID
				// p2 through the batch path, as an import writes it.
				if err := tx.Put(ctx, p1, "test", ""); err != nil {
					return err
				}
				if err := tx.PutBatch(ctx, []model.Record{p2}, "test", ""); err != nil {
					return err
				}
				tm = &model.Testimony{About: []model.ID{p1.ID}, Testifier: p2.ID, Medium: "interview", Publication: model.Internal}
				return tx.Put(ctx, tm, "test", "")
			})
			if err != nil {
				t.Fatal(err)
			}
			sorted := func(ids ...model.ID) []model.ID {
				out := slices.Clone(ids)
				slices.SortFunc(out, func(a, b model.ID) int { return strings.Compare(string(a[:]), string(b[:])) })
				return out
			}
			var queries [][2]any
			queryHook = func(q string, args []any) {
				if strings.Contains(q, "from links") && strings.Contains(q, "dst") {
					queries = append(queries, [2]any{q, args})
				}
			}
			defer func() { queryHook = nil }()
			err = s.Read(ctx, func(tx *Tx) error {
				check := func(what string, got []model.ID, err error, want ...model.ID) {
					t.Helper()
					if err != nil {
						t.Errorf("%s: %v", what, err)
					} else if !slices.Equal(got, sorted(want...)) {
						t.Errorf("%s: %v, want %v", what, got, sorted(want...))
					}
				}
				got, err := tx.Linked(ctx, place.ID, "hometown")
				check("Linked hometown", got, err, p1.ID, p2.ID)
				got, err = tx.Linked(ctx, fac.ID, "facility")
				check("Linked facility", got, err, p1.ID)
				got, err = tx.Linked(ctx, place.ID, "place")
				check("Linked place", got, err, fac.ID)
				got, err = tx.Linked(ctx, p1.ID, "about")
				check("Linked about", got, err, tm.ID)
				got, err = tx.LinkedFrom(ctx, place.ID)
				check("LinkedFrom place", got, err, p1.ID, p2.ID, fac.ID)
				got, err = tx.LinkedFrom(ctx, fac.ID)
				check("LinkedFrom facility", got, err, p1.ID)
				got, err = tx.LinkedFrom(ctx, p2.ID)
				check("LinkedFrom person", got, err, tm.ID)
				m, err := tx.LinksTo(ctx, place.ID, "hometown", "place")
				check("LinksTo hometown", m["hometown"], err, p1.ID, p2.ID)
				check("LinksTo place", m["place"], err, fac.ID)
				m, err = tx.LinksTo(ctx, p1.ID, "about", "relation")
				check("LinksTo about", m["about"], err, tm.ID)
				mm, err := tx.LinkedMany(ctx, []model.ID{place.ID, fac.ID}, "hometown")
				check("LinkedMany hometown", mm[place.ID], err, p1.ID, p2.ID)
				mm, err = tx.LinkedMany(ctx, []model.ID{p1.ID, p2.ID}, "about")
				check("LinkedMany about", mm[p1.ID], err, tm.ID)
				st, err := tx.LinkedStamps(ctx, p1.ID, []string{"about"}, []model.Kind{model.KindTestimony})
				if err != nil || len(st) != 1 || st[0].ID != tm.ID {
					t.Errorf("LinkedStamps: %v %v", st, err)
				}
				_, err = tx.RelatedBriefs(ctx, p1.ID)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			queryHook = nil
			if e.Name != "sqlite" {
				return
			}
			// Every query that looks up relations the index holds uses it.
			n := 0
			for _, qa := range queries {
				q, args := qa[0].(string), qa[1].([]any)
				if strings.Contains(q, "'hometown'") && !strings.Contains(q, linksDstIndexed) {
					continue
				}
				hasLeftOut := false
				for _, a := range args {
					if s, ok := a.(string); ok && linksDstLeftOut[s] {
						hasLeftOut = true
					}
				}
				if hasLeftOut {
					continue // asks for a relation the index leaves out: reads the table
				}
				n++
				rows, err := s.r.QueryContext(ctx, "explain query plan "+q, args...)
				if err != nil {
					t.Fatal(err)
				}
				var plan []string
				for rows.Next() {
					var id, parent, notused int
					var detail string
					if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
						t.Fatal(err)
					}
					plan = append(plan, detail)
				}
				rows.Close()
				if !strings.Contains(strings.Join(plan, "; "), "INDEX links_dst") {
					t.Errorf("%s\ndoes not use links_dst: %v", q, plan)
				}
			}
			if n < 7 {
				t.Errorf("only %d queries checked", n)
			}
		})
	}
}

// TestLinksDstMigration: an archive made before migration 0009 gets the partial links_dst
// index, and its links are found as before.
func TestLinksDstMigration(t *testing.T) {
	ctx := context.Background()
	keys := storetest.Keys(t)
	path := t.TempDir() + "/tizim.db"
	migrateBefore = "0009"
	s, err := Open(ctx, Config{SQLitePath: path, Keys: keys})
	migrateBefore = ""
	if err != nil {
		t.Fatal(err)
	}
	place := &model.Place{Level: "township", Code: "650105001", Names: []model.PlaceName{{Lang: "en", Text: "Township"}}}
	var persons []model.Record
	for range 50 {
		persons = append(persons, &model.Person{Names: []model.NameForm{{Text: "Айгүл Серікова", Kind: "primary"}}, Status: model.StatusCamp, Publication: model.Internal})
	}
	var tm *model.Testimony
	err = s.Write(ctx, func(tx *Tx) error {
		if err := tx.Put(ctx, place, "test", ""); err != nil {
			return err
		}
		for _, p := range persons {
			p.(*model.Person).Hometown = place.ID
		}
		if err := tx.PutBatch(ctx, persons, "test", ""); err != nil {
			return err
		}
		tm = &model.Testimony{About: []model.ID{persons[0].Head().ID}, Medium: "interview", Publication: model.Internal}
		return tx.Put(ctx, tm, "test", "")
	})
	if err != nil {
		t.Fatal(err)
	}
	lookups := func(s *Store) (out [3][]model.ID) {
		t.Helper()
		err := s.Read(ctx, func(tx *Tx) error {
			var err error
			if out[0], err = tx.Linked(ctx, place.ID, "hometown"); err != nil {
				return err
			}
			if out[1], err = tx.LinkedFrom(ctx, place.ID); err != nil {
				return err
			}
			out[2], err = tx.Linked(ctx, persons[0].Head().ID, "about")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	before := lookups(s)
	if len(before[0]) != 50 || len(before[1]) != 50 || len(before[2]) != 1 {
		t.Fatalf("before the migration: %d, %d, %d links", len(before[0]), len(before[1]), len(before[2]))
	}
	s.Close()
	s, err = Open(ctx, Config{SQLitePath: path, Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var def string
	if err := s.r.QueryRowContext(ctx, `select sql from sqlite_schema where name = 'links_dst'`).Scan(&def); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(def, linksDstIndexed) {
		t.Errorf("links_dst after the migration: %s", def)
	}
	if after := lookups(s); !slices.Equal(after[0], before[0]) || !slices.Equal(after[1], before[1]) || !slices.Equal(after[2], before[2]) {
		t.Errorf("lookups changed: %v → %v", before, after)
	}
	if probs, err := s.Integrity(ctx); err != nil || len(probs) > 0 {
		t.Errorf("integrity: %v %v", probs, err)
	}
}
