package transfer_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/store/storetest"
	"github.com/tizim/tizim/internal/transfer"
)

var sys = archive.SystemActor("test")

// family fills an archive with a detained man (public), his sister (internal, the
// testifier) and their records; confidential values contain "SECRET".
func family(t *testing.T, a *archive.Archive) (man, sister *model.Person) {
	ctx := context.Background()
	man = &model.Person{Names: []model.NameForm{{Text: "Қайрат Сапарұлы", Kind: "primary", Given: "Қайрат", Father: "Сапар"},
		{Text: "凯拉特·萨帕尔", Kind: "official_zh"}, {Text: "Kairat Saparuly", Kind: "alias"}},
		Gender: "m", Birth: model.MustDate("~1978"), Ethnicity: "kazakh", Citizenship: []string{"CN"}, Status: model.StatusImprisoned,
		Secret: model.PersonSecret{IDDocs: []model.IdentityDoc{{Type: "prc_resident_id", Number: "SECRET-650102197801011234"}},
			Address: "SECRET village 3", Contacts: []model.Contact{{Kind: "phone", Value: "SECRET-phone"}}}}
	sister = &model.Person{Names: []model.NameForm{{Text: "SECRET-sister-name", Kind: "primary"}}, Gender: "f", Status: model.StatusAbroad}
	recs := []model.Record{man, sister}
	for _, r := range recs {
		if err := a.Put(ctx, sys, r, ""); err != nil {
			t.Fatal(err)
		}
	}
	more := []model.Record{
		&model.Relation{From: sister.ID, To: man.ID, Type: "sibling"},
		&model.Event{Type: "sentenced", Persons: []model.ID{man.ID}, Date: model.MustDate("2019-06"), Term: "10 years"},
		&model.Source{Type: "press", Title: "Kazakh man sentenced", Publisher: "Azattyq", Date: model.MustDate("2019-07"), About: []model.ID{man.ID}, Published: true},
		&model.Testimony{Testifier: sister.ID, About: []model.ID{man.ID}, Medium: "video_appeal", Language: "kk", Summary: "SECRET-internal-testimony"},
	}
	for _, r := range more {
		if err := a.Put(ctx, sys, r, ""); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.RecordConsent(ctx, sys, &model.Consent{Subject: man.ID, SubjectKind: model.KindPerson, GivenBy: sister.ID, OnBehalf: true,
		Level: model.Public, Date: model.MustDate("2020"), Method: "video"}); err != nil {
		t.Fatal(err)
	}
	return man, sister
}

// parseFtM parses every line as an entity and checks what FtM requires of each schema and
// that every entity reference points at an entity of the same output.
func parseFtM(t *testing.T, out []byte) map[string][]transfer.Entity {
	t.Helper()
	bySchema := map[string][]transfer.Entity{}
	ids := map[string]bool{}
	var all []transfer.Entity
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var e transfer.Entity
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		if e.ID == "" || e.Schema == "" {
			t.Errorf("entity without id or schema: %s", sc.Text())
		}
		if ids[e.ID] {
			t.Errorf("entity id %s twice", e.ID)
		}
		ids[e.ID] = true
		bySchema[e.Schema] = append(bySchema[e.Schema], e)
		all = append(all, e)
	}
	required := map[string][]string{"Person": {"name"}, "Family": {"person", "relative"}, "Associate": {"person", "associate"},
		"Event": {"name"}, "Identification": {"holder", "number"}, "Documentation": {"document", "entity"}}
	refs := []string{"person", "relative", "associate", "involved", "holder", "document", "entity", "addressEntity"}
	for _, e := range all {
		for _, p := range required[e.Schema] {
			if len(e.Properties[p]) == 0 {
				t.Errorf("%s %s lacks %s", e.Schema, e.ID, p)
			}
		}
		for _, p := range refs {
			for _, v := range e.Properties[p] {
				if !ids[v] {
					t.Errorf("%s %s: %s points at %s, which is not in the export", e.Schema, e.ID, p, v)
				}
			}
		}
	}
	return bySchema
}

func TestFtMExport(t *testing.T) {
	ctx := context.Background()
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st, err := store.Open(ctx, store.Config{SQLitePath: eng.SQLitePath, PostgresURL: eng.PostgresURL, Keys: storetest.Keys(t)})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			a := archive.New(st)
			man, sister := family(t, a)
			export := func(o transfer.Options) []byte {
				var buf bytes.Buffer
				o.Actor = sys
				if _, err := transfer.ExportFtM(ctx, a, &buf, o); err != nil {
					t.Fatal(err)
				}
				return buf.Bytes()
			}

			full := export(transfer.Options{WithSecret: true})
			got := parseFtM(t, full)
			for schema, n := range map[string]int{"Person": 2, "Family": 1, "Event": 1, "Article": 1, "PlainText": 1, "Identification": 1, "Address": 1, "Documentation": 3} {
				if len(got[schema]) != n {
					t.Errorf("confidential export: %d %s entities, want %d", len(got[schema]), schema, n)
				}
			}
			for _, p := range got["Person"] {
				if p.ID == "tizim-"+man.ID.String() {
					for prop, want := range map[string]string{"birthDate": "1978", "gender": "male", "nationality": "cn", "firstName": "Қайрат", "alias": "凯拉特·萨帕尔"} {
						if !strings.Contains(strings.Join(p.Properties[prop], "|"), want) {
							t.Errorf("person %s: got %q, want %q", prop, p.Properties[prop], want)
						}
					}
				}
			}
			if f := got["Family"]; len(f) == 1 && (f[0].Properties["person"][0] != "tizim-"+man.ID.String() || f[0].Properties["relative"][0] != "tizim-"+sister.ID.String()) {
				t.Errorf("family: got %v, want the sister as the man's relative", f[0].Properties)
			}

			team := export(transfer.Options{})
			got = parseFtM(t, team)
			if len(got["Identification"])+len(got["Address"]) != 0 || bytes.Contains(team, []byte("SECRET-6501")) || bytes.Contains(team, []byte("SECRET village")) {
				t.Errorf("an export without --confidential holds identity documents or addresses:\n%s", team)
			}

			public := export(transfer.Options{Public: true})
			got = parseFtM(t, public)
			if len(got["Person"]) != 1 || len(got["Event"]) != 1 || len(got["Article"]) != 1 {
				t.Errorf("public export: %d persons, %d events, %d articles; want 1 each:\n%s", len(got["Person"]), len(got["Event"]), len(got["Article"]), public)
			}
			for _, leak := range []string{"SECRET", man.ID.String(), sister.ID.String()} {
				if bytes.Contains(public, []byte(leak)) {
					t.Errorf("public FtM export holds %q:\n%s", leak, public)
				}
			}
		})
	}
}
