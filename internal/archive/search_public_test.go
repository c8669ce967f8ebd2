package archive_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/store/storetest"
)

// TestPublicSearchShowsTheCurrentVersion: the public search keeps hits' projections by the
// person's version (its name_docs seq); every write, by this process or another one (a
// second Archive on the same database, with its own index and caches), shows in the next
// search: a new name form, a withdrawn consent, a consent given again, a delete.
func TestPublicSearchShowsTheCurrentVersion(t *testing.T) {
	ctx := context.Background()
	for name, a := range openArchives(t) {
		t.Run(name, func(t *testing.T) {
			other := archive.New(a.Store()) // another process
			p := person("Серікжан Біләш", model.PersonSecret{})
			put(t, a, p)
			if err := a.RecordConsent(ctx, editor, consent(p.ID, p.ID, model.Public, "2020")); err != nil {
				t.Fatal(err)
			}
			names := func(q string) [][]string {
				t.Helper()
				r, err := a.PublicSearch(ctx, archive.SearchRequest{Query: q, Facets: store.FacetFilter{EvidenceLevel: -1}})
				if err != nil {
					t.Fatal(err)
				}
				var out [][]string
				for _, h := range r.Hits {
					if h.Person.Level != model.Public {
						t.Errorf("%q: a %s entry", q, h.Person.Level)
					}
					out = append(out, h.Person.Names)
				}
				return out
			}
			for range 2 { // the second time from the cache
				if got := names("Serikzhan Bilash"); len(got) != 1 || len(got[0]) != 1 {
					t.Fatalf("public person: got %v", got)
				}
			}
			// A name form added by another process shows at once.
			cur, err := other.Get(ctx, editor, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			q := cur.(*model.Person)
			q.Names = append(q.Names, model.NameForm{Text: "Serikzhan Bilash"})
			if err := other.Put(ctx, editor, q, ""); err != nil {
				t.Fatal(err)
			}
			if got := names("Serikzhan Bilash"); len(got) != 1 || len(got[0]) != 2 {
				t.Errorf("after another process added a form: got %v, want both forms", got)
			}
			// Consent withdrawn by another process: gone at once; given again: back.
			if err := other.RecordConsent(ctx, editor, consent(p.ID, p.ID, model.Internal, "2021")); err != nil {
				t.Fatal(err)
			}
			if got := names("Serikzhan Bilash"); len(got) != 0 {
				t.Errorf("after consent was withdrawn: got %v", got)
			}
			if err := other.RecordConsent(ctx, editor, consent(p.ID, p.ID, model.Public, "2022")); err != nil {
				t.Fatal(err)
			}
			if got := names("Serikzhan Bilash"); len(got) != 1 {
				t.Errorf("after consent was given again: got %v", got)
			}
			// Deleted by another process: gone at once.
			if err := other.Delete(ctx, editor, p.ID, "test"); err != nil {
				t.Fatal(err)
			}
			if got := names("Serikzhan Bilash"); len(got) != 0 {
				t.Errorf("after a delete: got %v", got)
			}
		})
	}
}

// TestWarmPublicSearch: after WarmPublicSearch, a public search reads no record for its
// hits (each is projected from memory), shows what a search without it shows, and still
// shows the current version of a person written afterwards, by this process or another: a
// new status, and consents withdrawn (to pseudonymous, whose names are withheld, and to
// internal) after the person's projection was kept.
func TestWarmPublicSearch(t *testing.T) {
	ctx := context.Background()
	var misses atomic.Int64
	archive.SetProjectMissHook(func(n int) { misses.Add(int64(n)) })
	t.Cleanup(func() { archive.SetProjectMissHook(nil) })
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			a, other := twoArchives(t, e) // other: another process, never warmed
			given := []string{"Серікжан", "Гүлнар", "Ерлан", "Айгүл", "Нұрлан"}
			var public []*model.Person
			for i, g := range given {
				p := person(g+" Біләш", model.PersonSecret{Address: "canary address " + g})
				put(t, a, p)
				level := model.Public
				if i == len(given)-1 {
					level = model.Internal // not public: must not be kept or shown
				} else {
					public = append(public, p)
				}
				if err := a.RecordConsent(ctx, editor, consent(p.ID, p.ID, level, "2020")); err != nil {
					t.Fatal(err)
				}
			}
			n, err := a.WarmPublicSearch(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if n != len(public) {
				t.Errorf("warmed %d projections, want %d (the public persons)", n, len(public))
			}
			search := func(a *archive.Archive, q string) string {
				t.Helper()
				r, err := a.PublicSearch(ctx, archive.SearchRequest{Query: q, Facets: store.FacetFilter{EvidenceLevel: -1}})
				if err != nil {
					t.Fatal(err)
				}
				var b strings.Builder
				for _, h := range r.Hits {
					b.WriteString(h.Person.Code + "=" + strings.Join(h.Person.Names, "/") + " " + h.Person.Status + ";")
				}
				return b.String()
			}
			var got, want []string
			misses.Store(0)
			for _, g := range given {
				got = append(got, search(a, g+" Bilash"))
			}
			if m := misses.Load(); m != 0 {
				t.Errorf("after warming, searches read %d hits from the records, want 0", m)
			}
			for _, g := range given {
				want = append(want, search(other, g+" Bilash"))
			}
			if m := misses.Load(); m == 0 {
				t.Fatal("the archive that was not warmed read no hit: the test proves nothing")
			}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("%q: warmed %q, not warmed %q", given[i], got[i], want[i])
				}
			}
			// A person written after the warm-up by another process shows as it is now.
			cur, err := other.Get(ctx, editor, public[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			q := cur.(*model.Person)
			q.Status = model.StatusReleased
			if err := other.Put(ctx, editor, q, ""); err != nil {
				t.Fatal(err)
			}
			if got := search(a, given[0]+" Bilash"); !strings.Contains(got, string(model.StatusReleased)) {
				t.Errorf("after another process wrote the person: %q, want status %s", got, model.StatusReleased)
			}
			// Consents withdrawn after the projections were kept: by another process (to
			// pseudonymous) and by this one (to internal). Neither person is shown again.
			if err := other.RecordConsent(ctx, editor, consent(public[1].ID, public[1].ID, model.Pseudonymous, "2021")); err != nil {
				t.Fatal(err)
			}
			if err := a.RecordConsent(ctx, editor, consent(public[2].ID, public[2].ID, model.Internal, "2021")); err != nil {
				t.Fatal(err)
			}
			for _, i := range []int{1, 2} {
				code, _, _ := strings.Cut(got[i], "=") // as shown while public
				if code == "" {
					t.Fatalf("%s was not found while public: %q", given[i], got[i])
				}
				if got := search(a, given[i]+" Bilash"); strings.Contains(got, code) || strings.Contains(got, given[i]) {
					t.Errorf("%s after the consent was withdrawn: %q", given[i], got)
				}
			}
		})
	}
}
