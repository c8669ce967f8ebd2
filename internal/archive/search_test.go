package archive_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
)

// TestSearch: names across scripts on both write paths (Put and PutBatch), identity and
// phone numbers through the blind index for roles that may read them only, free text, and
// a public search that never shows an internal or pseudonymous person or a confidential
// value, whatever is asked.
func TestSearch(t *testing.T) {
	ctx := context.Background()
	for name, a := range openArchives(t) {
		t.Run(name, func(t *testing.T) {
			pub := person("Серікжан Біләш", model.PersonSecret{IDDocs: []model.IdentityDoc{{Type: "prc_resident_id", Number: "650102197501011234"}},
				Contacts: []model.Contact{{Kind: "phone", Value: "+7 701 555 12 34"}}, Notes: "CANARY-notes"})
			pub.Names = append(pub.Names, model.NameForm{Text: "Serikzhan Bilash"})
			pub.Birth = model.MustDate("1975")
			pseudo := person("Гүлнар CANARYpseudo", model.PersonSecret{})
			internal := person("Ерлан CANARYinternal", model.PersonSecret{Address: "CANARY-address"})
			put(t, a, pub, pseudo, internal)
			// The batch path, as imports write.
			batch := person("Алтынбек Әбдісаттарұлы", model.PersonSecret{})
			batch.Publication = model.Internal
			err := a.Store().Write(ctx, func(tx *store.Tx) error { return tx.PutBatch(ctx, []model.Record{batch}, "test", "") })
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range []*model.Consent{consent(pub.ID, pub.ID, model.Public, "2020"), consent(pseudo.ID, pseudo.ID, model.Pseudonymous, "2020")} {
				if err := a.RecordConsent(ctx, editor, c); err != nil {
					t.Fatal(err)
				}
			}
			src := &model.Source{Type: "press", Title: "Camp survivors speak in Almaty", About: []model.ID{internal.ID}}
			put(t, a, src)

			team := func(who archive.Actor, q string, text bool) []archive.TeamHit {
				t.Helper()
				r, err := a.Search(ctx, who, archive.SearchRequest{Query: q, Text: text, Facets: store.FacetFilter{EvidenceLevel: -1}, WithFacets: true})
				if err != nil {
					t.Fatal(err)
				}
				return r.Hits
			}
			for _, tc := range []struct {
				who   archive.Actor
				q     string
				text  bool
				want  model.ID
				match string
			}{
				{editor, "Serikjan Bilash 1975", false, pub.ID, "name"},
				{editor, "سەرىكجان بىلاش", false, pub.ID, "name"},
				{editor, "Bilash Serikzhan", false, pub.ID, "name"},
				{editor, "Altynbek Abdisattaruly", false, batch.ID, "name"},
				{editor, "6501 0219 7501 0112 34", false, pub.ID, "identity_number"},
				{editor, "+77015551234", false, pub.ID, "phone"},
				{res, "Erlan", false, internal.ID, "name"},
				{editor, "survivors", true, internal.ID, "text"},
			} {
				hits := team(tc.who, tc.q, tc.text)
				if len(hits) == 0 || hits[0].ID != tc.want || hits[0].Match != tc.match {
					t.Errorf("%s searching %q: got %+v, want %s by %s first", tc.who.Name, tc.q, hits, tc.want, tc.match)
				}
			}
			// A researcher may not read identity numbers, so may not find persons by them.
			if hits := team(res, "650102197501011234", false); len(hits) != 0 {
				t.Errorf("researcher found by identity number: %+v", hits)
			}
			// Confidential text is never indexed.
			if hits := team(editor, "CANARY-notes", true); len(hits) != 0 {
				t.Errorf("confidential notes searchable: %+v", hits)
			}

			for _, q := range []string{"CANARYpseudo", "Гүлнар CANARYpseudo", "CANARYinternal", "Ерлан", "CANARY-notes",
				"650102197501011234", "+77015551234", "", "status:camp", "1975"} {
				r, err := a.PublicSearch(ctx, archive.SearchRequest{Query: q, Facets: store.FacetFilter{EvidenceLevel: -1}, WithFacets: true})
				if err != nil {
					t.Fatal(err)
				}
				b, _ := json.Marshal(r)
				if strings.Contains(string(b), "CANARY") || strings.Contains(string(b), "6501021975") || strings.Contains(string(b), "555") {
					t.Errorf("public search %q shows a confidential value: %s", q, b)
				}
				for _, h := range r.Hits {
					if h.Person.Level != model.Public && q != "" && q != "status:camp" {
						t.Errorf("public search %q found a %s entry", q, h.Person.Level)
					}
				}
			}
			r, err := a.PublicSearch(ctx, archive.SearchRequest{Query: "Serikjan Bilash", Facets: store.FacetFilter{EvidenceLevel: -1}})
			if err != nil || len(r.Hits) != 1 || r.Hits[0].Person.Names[0] != "Серікжан Біләш" {
				t.Errorf("public name search: got %+v %v", r, err)
			}
			// Withdrawing consent takes the entry out of public search at once.
			if err := a.RecordConsent(ctx, editor, consent(pub.ID, pub.ID, model.Internal, "2021")); err != nil {
				t.Fatal(err)
			}
			if r, _ := a.PublicSearch(ctx, archive.SearchRequest{Query: "Serikjan Bilash", Facets: store.FacetFilter{EvidenceLevel: -1}}); len(r.Hits) != 0 {
				t.Errorf("withdrawn entry still found: %+v", r.Hits)
			}
			// Deleting a person removes it from the index.
			if err := a.Delete(ctx, editor, batch.ID, "test"); err != nil {
				t.Fatal(err)
			}
			if hits := team(editor, "Altynbek Abdisattaruly", false); len(hits) != 0 {
				t.Errorf("deleted person found: %+v", hits)
			}
		})
	}
}

// TestSearchFindsPersonAfterNewestDeleted: the live name index catches up by sequence number;
// deleting the newest person must not make the next new person reuse a number the index has
// already read past.
func TestSearchFindsPersonAfterNewestDeleted(t *testing.T) {
	ctx := context.Background()
	for name, a := range openArchives(t) {
		t.Run(name, func(t *testing.T) {
			editor := archive.Actor{Name: "erlan", Role: archive.Editor}
			find := func(q string) bool {
				t.Helper()
				r, err := a.Search(ctx, editor, archive.SearchRequest{Query: q, Facets: store.FacetFilter{EvidenceLevel: -1}})
				if err != nil {
					t.Fatal(err)
				}
				return len(r.Hits) > 0
			}
			mk := func(n string) *model.Person {
				p := &model.Person{Names: []model.NameForm{{Text: n, Kind: "primary"}}, Status: model.StatusCamp}
				if err := a.Put(ctx, editor, p, ""); err != nil {
					t.Fatal(err)
				}
				return p
			}
			mk("Серікжан Біләш")
			newest := mk("Айгүл Сапарқызы")
			if !find("Aigul Saparkyzy") {
				t.Fatal("new person not found")
			}
			if err := a.Delete(ctx, editor, newest.ID, "test"); err != nil {
				t.Fatal(err)
			}
			mk("Жанар Мұратқызы")
			if !find("Zhanar Muratkyzy") {
				t.Error("a person written after the newest was deleted is missing from search")
			}
		})
	}
}

// TestSearchTypoAndRename, through the live index on both engines: a typo in the first
// letters of one word is found among persons sharing the other word (the stored keys hold
// the words as text, for the index's near-word lookups), and a renamed person is found by
// its new name and no longer by its old one.
func TestSearchTypoAndRename(t *testing.T) {
	ctx := context.Background()
	for name, a := range openArchives(t) {
		t.Run(name, func(t *testing.T) {
			editor := archive.Actor{Name: "erlan", Role: archive.Editor}
			first := func(q string) model.ID {
				t.Helper()
				r, err := a.Search(ctx, editor, archive.SearchRequest{Query: q, Facets: store.FacetFilter{EvidenceLevel: -1}})
				if err != nil {
					t.Fatal(err)
				}
				if len(r.Hits) == 0 {
					return model.ID{}
				}
				return r.Hits[0].ID
			}
			var recs []model.Record
			for _, g := range []string{"Айгүл", "Бақыт", "Ғалым", "Дәулет", "Ерлан", "Жанар", "Зейнеп", "Қайрат", "Мұрат", "Нұрлан", "Сәуле", "Талғат"} {
				recs = append(recs, &model.Person{Names: []model.NameForm{{Text: g + " Әбуғалым", Kind: "primary"}}, Status: model.StatusCamp, Publication: model.Internal})
			}
			target := &model.Person{Names: []model.NameForm{{Text: "Күлайша Әбуғалым", Kind: "primary"}, {Text: "Kulaysha Abughalym"}}, Status: model.StatusCamp, Publication: model.Internal}
			recs = append(recs, target)
			if err := a.Store().Write(ctx, func(tx *store.Tx) error { return tx.PutBatch(ctx, recs, "test", "") }); err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{"Kualysha Abughalym", "Klaysha Abughalym", "Abughalym Kulaysah"} {
				if got := first(q); got != target.ID {
					t.Errorf("%q: first hit %s, want %s", q, got, target.ID)
				}
			}
			target.Names = []model.NameForm{{Text: "Гүлнар Тоқтарқызы", Kind: "primary"}}
			if err := a.Put(ctx, editor, target, ""); err != nil {
				t.Fatal(err)
			}
			if got := first("Gulnar Toktarkyzy"); got != target.ID {
				t.Errorf("renamed person not found by the new name: %s", got)
			}
			if got := first("Kulaysha Abughalym"); got == target.ID {
				t.Error("renamed person still found first by the old name")
			}
		})
	}
}
