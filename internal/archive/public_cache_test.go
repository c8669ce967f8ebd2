package archive_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tizim/tizim/internal/access"
	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/store/storetest"
)

// twoArchives opens the database of e twice, as the server and a command run beside it
// (another process) would: each archive has its own store, index and caches.
func twoArchives(t *testing.T, e storetest.Engine) (a, other *archive.Archive) {
	t.Helper()
	keys := storetest.Keys(t)
	open := func() *archive.Archive {
		st, err := store.Open(context.Background(), store.Config{SQLitePath: e.SQLitePath, PostgresURL: e.PostgresURL, Keys: keys})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return archive.New(st)
	}
	return open(), open()
}

// TestPublicCachesFollowEveryWrite checks the reference-name cache and the summary cache
// of the public projection: every write, through this archive or through another one on
// the same database (another process), shows in the next public read.
func TestPublicCachesFollowEveryWrite(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			a, other := twoArchives(t, e) // the server, and a command run beside it
			put := func(w *archive.Archive, r model.Record) {
				t.Helper()
				if err := w.Put(ctx, editor, r, "test"); err != nil {
					t.Fatal(err)
				}
			}
			pref := &model.Place{Level: "prefecture", Names: []model.PlaceName{{Text: "Old Prefecture", Lang: "en"}}}
			put(a, pref)
			county := &model.Place{Level: "county", Parent: pref.ID, Names: []model.PlaceName{{Text: "Old County", Lang: "en"}}}
			put(a, county)
			camp := &model.Facility{Type: "camp", Names: []model.PlaceName{{Text: "Old Camp", Lang: "en"}}}
			put(a, camp)
			det := &model.Person{Names: []model.NameForm{{Text: "Ерлан Нұрұлы", Kind: "primary"}}, Status: model.StatusCamp,
				Hometown: county.ID, Facility: camp.ID}
			rel := &model.Person{Names: []model.NameForm{{Text: "Гүлнар", Kind: "primary"}}, Status: model.StatusAbroad}
			put(a, det)
			put(a, rel)
			consent := &model.Consent{Subject: det.ID, SubjectKind: model.KindPerson, GivenBy: rel.ID, OnBehalf: true,
				Level: model.Public, Date: model.MustDate("2020-02"), Method: "signed"}
			if err := a.RecordConsent(ctx, intake, consent); err != nil {
				t.Fatal(err)
			}

			// Both the list (summary cache) and the page (reference cache only) are checked.
			check := func(what string, want func(*access.PublicPerson) bool) {
				t.Helper()
				list, err := a.PublicPeople(ctx, archive.PublicFilter{})
				if err != nil {
					t.Fatal(err)
				}
				if len(list) != 1 || !want(list[0]) {
					t.Fatalf("%s: list %+v", what, list)
				}
				pp, err := a.PublicPerson(ctx, list[0].Code)
				if err != nil || !want(pp) {
					t.Fatalf("%s: page %+v %v", what, pp, err)
				}
			}
			check("first read", func(p *access.PublicPerson) bool {
				return p.Prefecture == "Old Prefecture" && p.Hometown == "Old County" && p.Facility == "Old Camp" && p.Status == "camp"
			})
			check("cached read", func(p *access.PublicPerson) bool { return p.Prefecture == "Old Prefecture" })

			// Renames through the same archive.
			pref.Names[0].Text = "New Prefecture"
			put(a, pref)
			check("prefecture renamed", func(p *access.PublicPerson) bool { return p.Prefecture == "New Prefecture" })

			// Renames and edits through another archive on the same database.
			reload := func(id model.ID) model.Record {
				t.Helper()
				r, err := other.Get(ctx, editor, id)
				if err != nil {
					t.Fatal(err)
				}
				return r
			}
			c := reload(county.ID).(*model.Place)
			c.Names[0].Text = "New County"
			put(other, c)
			check("county renamed elsewhere", func(p *access.PublicPerson) bool { return p.Hometown == "New County" })
			f := reload(camp.ID).(*model.Facility)
			f.Names = []model.PlaceName{{Text: "营地", Lang: "zh"}}
			put(other, f)
			check("facility renamed elsewhere", func(p *access.PublicPerson) bool { return p.Facility == "营地" })
			p := reload(det.ID).(*model.Person)
			p.Status = model.StatusImprisoned
			put(other, p)
			check("status changed elsewhere", func(p *access.PublicPerson) bool { return p.Status == "imprisoned" })
			if err := other.Delete(ctx, editor, camp.ID, "duplicate"); err != nil {
				t.Fatal(err)
			}
			check("facility deleted elsewhere", func(p *access.PublicPerson) bool { return p.Facility == "" && p.Hometown == "New County" })

			// The page follows its linked records: an event added, then changed, elsewhere.
			page := func() *access.PublicPerson {
				t.Helper()
				pp, err := a.PublicPerson(ctx, p.PublicCode)
				if err != nil {
					t.Fatal(err)
				}
				return pp
			}
			if tl := page().Timeline; len(tl) != 0 {
				t.Fatalf("timeline before any event: %+v", tl)
			}
			ev := &model.Event{Type: "detained", Persons: []model.ID{det.ID}, Date: model.MustDate("2018-03"), Place: county.ID}
			put(other, ev)
			if tl := page().Timeline; len(tl) != 1 || tl[0].Date != "2018-03" || tl[0].Place != "New County" {
				t.Fatalf("timeline after an event: %+v", tl)
			}
			ev = reload(ev.ID).(*model.Event)
			ev.Date = model.MustDate("2018-04-02")
			put(other, ev)
			if tl := page().Timeline; len(tl) != 1 || tl[0].Date != "2018-04-02" {
				t.Fatalf("timeline after the event changed: %+v", tl)
			}

			// A relative is named once public in their own right, and not after.
			put(other, &model.Relation{From: rel.ID, To: det.ID, Type: "parent"})
			relConsent := &model.Consent{Subject: rel.ID, SubjectKind: model.KindPerson, GivenBy: rel.ID,
				Level: model.Public, Date: model.MustDate("2020-03"), Method: "signed"}
			if err := other.RecordConsent(ctx, editor, relConsent); err != nil {
				t.Fatal(err)
			}
			relatives := func() []access.PublicRelative {
				t.Helper()
				pp, err := a.PublicPerson(ctx, p.PublicCode)
				if err != nil {
					t.Fatal(err)
				}
				return pp.Relatives
			}
			if rs := relatives(); len(rs) != 1 || rs[0].Name != "Гүлнар" || rs[0].Type != "parent" || rs[0].Code == "" {
				t.Fatalf("public relative: %+v", rs)
			}
			relConsent.Withdrawn = model.MustDate("2021-01")
			if err := other.RecordConsent(ctx, editor, relConsent); err != nil {
				t.Fatal(err)
			}
			if rs := relatives(); len(rs) != 0 {
				t.Fatalf("relative named after withdrawing: %+v", rs)
			}

			// Withdrawn consent, recorded elsewhere: gone from the list and the page.
			consent = reload(consent.ID).(*model.Consent)
			consent.Withdrawn = model.MustDate("2021-01")
			if err := other.RecordConsent(ctx, editor, consent); err != nil {
				t.Fatal(err)
			}
			if list, err := a.PublicPeople(ctx, archive.PublicFilter{}); err != nil || len(list) != 0 {
				t.Fatalf("withdrawn person still listed: %+v %v", list, err)
			}
		})
	}
}

// TestPublicCachesConcurrent reads the public views from several goroutines while another
// renames a place and edits the person (run it with -race); once the writes are done, the
// next read shows the last of them.
func TestPublicCachesConcurrent(t *testing.T) {
	ctx := context.Background()
	for name, a := range openArchives(t) {
		t.Run(name, func(t *testing.T) {
			county := &model.Place{Level: "county", Names: []model.PlaceName{{Text: "County 0", Lang: "en"}}}
			if err := a.Put(ctx, editor, county, ""); err != nil {
				t.Fatal(err)
			}
			p := &model.Person{Names: []model.NameForm{{Text: "Айбек", Kind: "primary"}}, Status: model.StatusCamp, Hometown: county.ID}
			rel := &model.Person{Names: []model.NameForm{{Text: "Сәуле", Kind: "primary"}}, Status: model.StatusAbroad}
			for _, x := range []*model.Person{p, rel} {
				if err := a.Put(ctx, editor, x, ""); err != nil {
					t.Fatal(err)
				}
			}
			if err := a.RecordConsent(ctx, editor, &model.Consent{Subject: p.ID, SubjectKind: model.KindPerson, GivenBy: rel.ID,
				OnBehalf: true, Level: model.Public, Date: model.MustDate("2020"), Method: "signed"}); err != nil {
				t.Fatal(err)
			}
			rec, _ := a.Get(ctx, editor, p.ID)
			code := rec.(*model.Person).PublicCode
			done := make(chan struct{})
			errs := make(chan error, 8)
			for range 4 {
				go func() {
					for {
						select {
						case <-done:
							errs <- nil
							return
						default:
						}
						if _, err := a.PublicPerson(ctx, code); err != nil {
							errs <- err
							return
						}
						if _, err := a.PublicPeople(ctx, archive.PublicFilter{Limit: 10}); err != nil {
							errs <- err
							return
						}
					}
				}()
			}
			for i := 1; i <= 20; i++ {
				c, _ := a.Get(ctx, editor, county.ID)
				c.(*model.Place).Names[0].Text = fmt.Sprintf("County %d", i)
				if err := a.Put(ctx, editor, c, ""); err != nil {
					t.Fatal(err)
				}
				q, _ := a.Get(ctx, editor, p.ID)
				q.(*model.Person).Summary = fmt.Sprintf("edit %d", i)
				if err := a.Put(ctx, editor, q, ""); err != nil {
					t.Fatal(err)
				}
			}
			close(done)
			for range 4 {
				if err := <-errs; err != nil {
					t.Fatal(err)
				}
			}
			pp, err := a.PublicPerson(ctx, code)
			list, err2 := a.PublicPeople(ctx, archive.PublicFilter{Limit: 10})
			if err != nil || err2 != nil || pp.Hometown != "County 20" || pp.Summary != "edit 20" || len(list) != 1 || list[0].Summary != "edit 20" {
				t.Fatalf("after the writes: %+v %+v %v %v", pp, list, err, err2)
			}
		})
	}
}

// TestPublicStatsFollowEveryWrite checks the cached public statistics: a consent, a
// withdrawal, an edit, a merge and its undo, a delete and a renamed prefecture, each
// written through another archive on the same database, show in the next statistics.
func TestPublicStatsFollowEveryWrite(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			a, other := twoArchives(t, e)
			put := func(r model.Record) {
				t.Helper()
				if err := other.Put(ctx, editor, r, "test"); err != nil {
					t.Fatal(err)
				}
			}
			pref := &model.Place{Level: "prefecture", Code: "6540", Names: []model.PlaceName{{Text: "Old Prefecture", Lang: "en"}}}
			pref.ExternalID = "nbs:6540"
			put(pref)
			giver := &model.Person{Names: []model.NameForm{{Text: "Гүлнар", Kind: "primary"}}, Status: model.StatusAbroad}
			put(giver)
			n := access.MinCell + 5 // every cell checked stays at MinCell or more
			var people []*model.Person
			var consents []*model.Consent
			for i := range n {
				p := &model.Person{Names: []model.NameForm{{Text: fmt.Sprintf("Ерлан %c", 'А'+rune(i)), Kind: "primary"}},
					Status: model.StatusCamp, Hometown: pref.ID}
				put(p)
				c := &model.Consent{Subject: p.ID, SubjectKind: model.KindPerson, GivenBy: giver.ID, OnBehalf: true,
					Level: model.Public, Date: model.MustDate("2020-02"), Method: "signed"}
				if err := other.RecordConsent(ctx, intake, c); err != nil {
					t.Fatal(err)
				}
				people, consents = append(people, p), append(consents, c)
			}
			check := func(what string, total, camp int, prefLabel string) {
				t.Helper()
				for range 2 { // computed, then from the cache
					s, err := a.PublicStats(ctx)
					if err != nil {
						t.Fatal(err)
					}
					if s.Total != total || s.ByStatus["camp"] != camp || s.ByPref[prefLabel] != total {
						t.Fatalf("%s: total %d camp %d by prefecture %v, want %d %d %s", what, s.Total, s.ByStatus["camp"], s.ByPref, total, camp, prefLabel)
					}
				}
			}
			check("all published", n, n, "Old Prefecture")

			c := consents[0]
			c.Withdrawn = model.MustDate("2021-01")
			if err := other.RecordConsent(ctx, intake, c); err != nil {
				t.Fatal(err)
			}
			check("consent withdrawn", n-1, n-1, "Old Prefecture")

			p, err := other.Get(ctx, editor, people[1].ID)
			if err != nil {
				t.Fatal(err)
			}
			p.(*model.Person).Status = model.StatusImprisoned
			put(p)
			check("status changed", n-1, n-2, "Old Prefecture")

			mid, err := other.Merge(ctx, editor, people[2].ID, people[3].ID, "same man")
			if err != nil {
				t.Fatal(err)
			}
			check("merged", n-2, n-3, "Old Prefecture")
			if err := other.UndoMerge(ctx, editor, mid); err != nil {
				t.Fatal(err)
			}
			check("merge undone", n-1, n-2, "Old Prefecture")

			if err := other.Delete(ctx, editor, people[4].ID, "entered twice"); err != nil {
				t.Fatal(err)
			}
			check("deleted", n-2, n-3, "Old Prefecture")

			pl, err := other.Get(ctx, editor, pref.ID)
			if err != nil {
				t.Fatal(err)
			}
			pl.(*model.Place).Names[0].Text = "New Prefecture"
			put(pl)
			check("prefecture renamed", n-2, n-3, "New Prefecture")

			// Requests that come while a count runs share it: eight at once after a write
			// make one count, and all see the write.
			var counts atomic.Int32
			archive.SetStatsCountHook(func() { counts.Add(1); time.Sleep(200 * time.Millisecond) })
			t.Cleanup(func() { archive.SetStatsCountHook(nil) })
			p.(*model.Person).Status = model.StatusCamp
			put(p)
			var wg sync.WaitGroup
			for range 8 {
				wg.Go(func() {
					s, err := a.PublicStats(ctx)
					if err != nil {
						t.Error(err)
					} else if s.ByStatus["camp"] != n-2 {
						t.Errorf("concurrent request: camp %d, want %d", s.ByStatus["camp"], n-2)
					}
				})
			}
			wg.Wait()
			if c := counts.Load(); c != 1 {
				t.Errorf("eight concurrent requests made %d counts, want 1", c)
			}

			// A count that panics does not leave the next requests waiting for it.
			archive.SetStatsCountHook(func() { panic("count failed") })
			p.(*model.Person).Status = model.StatusImprisoned
			put(p)
			func() {
				defer func() {
					if recover() == nil {
						t.Error("the count's panic did not reach its caller")
					}
				}()
				a.PublicStats(ctx)
			}()
			archive.SetStatsCountHook(nil)
			tctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			if s, err := a.PublicStats(tctx); err != nil || s.ByStatus["camp"] != n-3 {
				t.Fatalf("after a failed count: %v, %+v", err, s)
			}
		})
	}
}
