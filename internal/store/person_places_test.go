package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store/storetest"
)

// personPlaces writes a place, a facility, two persons living there (one through Put, one
// through the batch path, as an import writes it; one held at the facility), a testimony
// about the first by the second and an event at the facility.
func personPlaces(t *testing.T, s *Store) (place *model.Place, fac *model.Facility, p1, p2 *model.Person, tm *model.Testimony, ev *model.Event) {
	t.Helper()
	ctx := context.Background()
	place = &model.Place{Level: "township", Code: "650105001", Names: []model.PlaceName{{Lang: "en", Text: "Township"}}}
	fac = &model.Facility{Type: "camp", Names: []model.PlaceName{{Lang: "en", Text: "Camp"}}}
	p1 = &model.Person{Names: []model.NameForm{{Text: "Айгүл Серікова", Kind: "primary"}}, Status: model.StatusCamp, Publication: model.Internal}
	p2 = &model.Person{Names: []model.NameForm{{Text: "Серік Біләш", Kind: "primary"}}, Status: model.StatusCamp, Publication: model.Internal}
	err := s.Write(ctx, func(tx *Tx) error {
		if err := tx.Put(ctx, place, "test", ""); err != nil {
			return err
		}
		fac.Place = place.ID
		if err := tx.Put(ctx, fac, "test", ""); err != nil {
			return err
		}
		p1.Hometown, p1.Facility = place.ID, fac.ID
		p2.Hometown = place.ID
		if err := tx.Put(ctx, p1, "test", ""); err != nil {
			return err
		}
		if err := tx.PutBatch(ctx, []model.Record{p2}, "test", ""); err != nil {
			return err
		}
		tm = &model.Testimony{About: []model.ID{p1.ID}, Testifier: p2.ID, Medium: "interview", Publication: model.Internal}
		ev = &model.Event{Type: "detained", Persons: []model.ID{p1.ID}, Facility: fac.ID}
		if err := tx.Put(ctx, tm, "test", ""); err != nil {
			return err
		}
		return tx.Put(ctx, ev, "test", "")
	})
	if err != nil {
		t.Fatal(err)
	}
	return
}

func sortedIDs(ids ...model.ID) []model.ID {
	out := slices.Clone(ids)
	slices.SortFunc(out, func(a, b model.ID) int { return strings.Compare(string(a[:]), string(b[:])) })
	return out
}

// TestPersonPlaces (ADR 0423): a person's hometown and facility are columns of its persons
// row, on both engines and both write paths, and no links row; LinkedFrom still finds every
// record pointing at a place or facility; the other lookups of links by destination find
// their links, and on SQLite each uses the links_dst index.
func TestPersonPlaces(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			s := openEngine(t, e)
			place, fac, p1, p2, tm, ev := personPlaces(t, s)
			var queries [][2]any
			queryHook = func(q string, args []any) {
				if strings.Contains(q, "from links") && strings.Contains(q, "dst") {
					queries = append(queries, [2]any{q, args})
				}
			}
			defer func() { queryHook = nil }()
			err := s.Read(ctx, func(tx *Tx) error {
				check := func(what string, got []model.ID, err error, want ...model.ID) {
					t.Helper()
					if err != nil {
						t.Errorf("%s: %v", what, err)
					} else if !slices.Equal(got, sortedIDs(want...)) {
						t.Errorf("%s: %v, want %v", what, got, sortedIDs(want...))
					}
				}
				for _, p := range []*model.Person{p1, p2} {
					var home, held []byte
					if err := tx.queryRow(ctx, `select hometown, facility from persons where id = $1`, p.ID[:]).Scan(&home, &held); err != nil {
						return err
					}
					if model.ID(home) != p.Hometown || (held == nil) != p.Facility.IsZero() || held != nil && model.ID(held) != p.Facility {
						t.Errorf("persons row of %s: hometown %x facility %x", p.ID, home, held)
					}
				}
				var n int
				if err := tx.queryRow(ctx, `select count(*) from links where rel in ('hometown', 'facility') and src in ($1, $2)`, p1.ID[:], p2.ID[:]).Scan(&n); err != nil {
					return err
				}
				if n != 0 {
					t.Errorf("%d links rows for the persons' places", n)
				}
				got, err := tx.LinkedFrom(ctx, place.ID)
				check("LinkedFrom place", got, err, p1.ID, p2.ID, fac.ID)
				got, err = tx.LinkedFrom(ctx, fac.ID)
				check("LinkedFrom facility", got, err, p1.ID, ev.ID)
				got, err = tx.LinkedFrom(ctx, p2.ID)
				check("LinkedFrom person", got, err, tm.ID)
				got, err = tx.Linked(ctx, fac.ID, "facility")
				check("Linked facility (events)", got, err, ev.ID)
				got, err = tx.Linked(ctx, place.ID, "place")
				check("Linked place", got, err, fac.ID)
				got, err = tx.Linked(ctx, p1.ID, "about")
				check("Linked about", got, err, tm.ID)
				m, err := tx.LinksTo(ctx, p1.ID, "about", "event")
				check("LinksTo about", m["about"], err, tm.ID)
				check("LinksTo event", m["event"], err, ev.ID)
				mm, err := tx.LinkedMany(ctx, []model.ID{p1.ID, p2.ID}, "about")
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
			for _, qa := range queries {
				q, args := qa[0].(string), qa[1].([]any)
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
			if len(queries) < 8 {
				t.Errorf("only %d queries checked", len(queries))
			}
		})
	}
}

// TestPersonPlacesMigration: an archive made before migration 0010, with a person's hometown
// and facility as links, gets them as persons columns; the links of other records stay, every
// lookup answers as before, and the reference-data triggers are gone — on both engines.
func TestPersonPlacesMigration(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			cfg := Config{SQLitePath: e.SQLitePath, PostgresURL: e.PostgresURL, Keys: storetest.Keys(t)}
			s, err := Open(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			place, fac, p1, p2, _, ev := personPlaces(t, s)
			// Back to the schema of before the migration, with the persons' places as links,
			// as tizim then wrote them (migrations 0007 and 0009).
			back := []string{
				`alter table persons drop column hometown`,
				`drop index links_dst`,
				`create index links_dst on links(dst, rel) where rel not in ('hometown', 'facility')`,
				`create trigger refdata_insert after insert on records when new.kind in ('place', 'facility') begin update counters set v = v + 1 where name = 'refdata'; end`,
				`create trigger refdata_update after update on records when old.kind in ('place', 'facility') or new.kind in ('place', 'facility') begin update counters set v = v + 1 where name = 'refdata'; end`,
				`create trigger refdata_delete after delete on records when old.kind in ('place', 'facility') begin update counters set v = v + 1 where name = 'refdata'; end`,
			}
			if e.Name == "postgres" {
				back = []string{
					`alter table persons drop column hometown`,
					`create function tizim_refdata_bump() returns trigger language plpgsql as $f$ begin update counters set v = v + 1 where name = 'refdata'; return null; end $f$`,
					`create trigger refdata_insert after insert on records for each row when (new.kind in ('place', 'facility')) execute function tizim_refdata_bump()`,
					`create trigger refdata_update after update on records for each row when (old.kind in ('place', 'facility') or new.kind in ('place', 'facility')) execute function tizim_refdata_bump()`,
					`create trigger refdata_delete after delete on records for each row when (old.kind in ('place', 'facility')) execute function tizim_refdata_bump()`,
				}
			}
			back = append(back, `delete from schema_migrations where name = '0010_person_places.sql'`)
			err = s.Write(ctx, func(tx *Tx) error {
				for _, l := range [][3]any{{p1.ID[:], place.ID[:], "hometown"}, {p1.ID[:], fac.ID[:], "facility"}, {p2.ID[:], place.ID[:], "hometown"}} {
					if _, err := tx.exec(ctx, `insert into links (src, dst, rel) values ($1, $2, $3)`, l[0], l[1], l[2]); err != nil {
						return err
					}
				}
				for _, q := range back {
					if _, err := tx.tx.ExecContext(ctx, q); err != nil {
						return fmt.Errorf("%s: %w", q, err)
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
			s, err = Open(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			err = s.Read(ctx, func(tx *Tx) error {
				for _, p := range []*model.Person{p1, p2} {
					var home []byte
					if err := tx.queryRow(ctx, `select hometown from persons where id = $1`, p.ID[:]).Scan(&home); err != nil {
						return err
					}
					if model.ID(home) != place.ID {
						t.Errorf("hometown of %s after the migration: %x", p.ID, home)
					}
				}
				var n int
				if err := tx.queryRow(ctx, `select count(*) from links where rel in ('hometown', 'facility')`).Scan(&n); err != nil {
					return err
				}
				if n != 1 { // the event's facility
					t.Errorf("%d hometown and facility links after the migration, want the event's 1", n)
				}
				got, err := tx.LinkedFrom(ctx, fac.ID)
				if err != nil || !slices.Equal(got, sortedIDs(p1.ID, ev.ID)) {
					t.Errorf("LinkedFrom facility: %v %v", got, err)
				}
				triggers := `select count(*) from sqlite_schema where type = 'trigger' and name like 'refdata%'`
				if e.Name == "postgres" {
					triggers = `select count(*) from pg_trigger t join pg_class c on c.oid = t.tgrelid
						where c.relnamespace = (select oid from pg_namespace where nspname = current_schema()) and t.tgname like 'refdata%'`
				} else {
					var def string
					if err := tx.queryRow(ctx, `select sql from sqlite_schema where name = 'links_dst'`).Scan(&def); err != nil {
						return err
					}
					if strings.Contains(def, "where") {
						t.Errorf("links_dst after the migration: %s", def)
					}
				}
				if err := tx.queryRow(ctx, triggers).Scan(&n); err != nil {
					return err
				}
				if n != 0 {
					t.Errorf("%d refdata triggers after the migration", n)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if probs, err := s.Integrity(ctx); err != nil || len(probs) > 0 {
				t.Errorf("integrity: %v %v", probs, err)
			}
		})
	}
}

// TestNewerArchiveRefused: an archive that a newer tizim has migrated (a schema step this one
// does not know) is not opened, so an older tizim cannot write it in the old shape.
func TestNewerArchiveRefused(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			cfg := Config{SQLitePath: e.SQLitePath, PostgresURL: e.PostgresURL, Keys: storetest.Keys(t)}
			s, err := Open(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.w.ExecContext(ctx, s.d.rebind(`insert into schema_migrations (name, applied_at) values ($1, 0)`), "9999_from_the_future.sql"); err != nil {
				t.Fatal(err)
			}
			s.Close()
			if s, err := Open(ctx, cfg); err == nil || !strings.Contains(err.Error(), "9999_from_the_future.sql") {
				if s != nil {
					s.Close()
				}
				t.Fatalf("opened an archive from a newer tizim: %v", err)
			}
		})
	}
}
