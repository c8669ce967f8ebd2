package archive_test

import (
	"context"
	"testing"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
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
