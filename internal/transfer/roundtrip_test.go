package transfer_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"pgregory.net/rapid"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/crypt"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/store/storetest"
	"github.com/tizim/tizim/internal/transfer"
)

// A random archive, drawn by rapid and then written through the archive like any other.
type (
	spec struct {
		Persons     []*model.Person
		Relations   [][2]int
		Kinds       []string
		Events      []eventSpec
		Testimonies [][2]int // testifier, about
		Consents    []consentSpec
	}
	eventSpec struct {
		Type    string
		Persons []int
		Date    string
	}
	consentSpec struct {
		Subject, By int
		Level       model.Publication
		Date        string
		Withdrawn   bool
	}
)

// Alphabets of the scripts names come in: Kazakh Cyrillic, Latin with diacritics, Uyghur
// Arabic script, Chinese characters.
var scripts = []string{"абвгдежзийклмнопрстуфхцчшыэюяәғқңөұүһі", "abcdeghijklmnopqrstuyzçğışöüäñ'", "ئابپتجخدرزسشغفقكگڭلمنوۇۆۈۋېىيھە", "阿布都热合曼买提艾力古丽努尔凯拉特萨帕叶尔江"}

func word(t *rapid.T, label string) string {
	alpha := []rune(rapid.SampledFrom(scripts).Draw(t, label+"-script"))
	return rapid.StringOfN(rapid.SampledFrom(alpha), 2, 9, -1).Draw(t, label)
}

var specGen = rapid.Custom(func(t *rapid.T) spec {
	var s spec
	n := rapid.IntRange(1, 6).Draw(t, "persons")
	for i := range n {
		p := &model.Person{Status: rapid.SampledFrom(model.Statuses).Draw(t, "status"),
			Gender: rapid.SampledFrom([]model.Gender{"", "m", "f"}).Draw(t, "gender")}
		for j := range rapid.IntRange(1, 3).Draw(t, "forms") {
			kind := "alias"
			if j == 0 {
				kind = "primary"
			}
			p.Names = append(p.Names, model.NameForm{Text: word(t, "given") + " " + word(t, "family"), Kind: kind})
		}
		if rapid.Bool().Draw(t, "birth") {
			p.Birth = model.MustDate(rapid.SampledFrom([]string{"1962", "1978-03", "1985-11-02", "~1990", "1970/1972"}).Draw(t, "date"))
		}
		if rapid.Bool().Draw(t, "secret") {
			p.Secret = model.PersonSecret{IDDocs: []model.IdentityDoc{{Type: "passport", Number: fmt.Sprintf("N%07d", i)}}, Address: word(t, "address")}
		}
		s.Persons = append(s.Persons, p)
	}
	idx := rapid.IntRange(0, n-1)
	for range rapid.IntRange(0, 4).Draw(t, "relations") {
		a, b := idx.Draw(t, "from"), idx.Draw(t, "to")
		if a != b {
			s.Relations = append(s.Relations, [2]int{a, b})
			s.Kinds = append(s.Kinds, rapid.SampledFrom([]string{"parent", "sibling", "spouse", "colleague"}).Draw(t, "kind"))
		}
	}
	for range rapid.IntRange(0, 4).Draw(t, "events") {
		s.Events = append(s.Events, eventSpec{rapid.SampledFrom([]string{"detained", "sentenced", "released", "disappeared"}).Draw(t, "type"),
			[]int{idx.Draw(t, "about")}, rapid.SampledFrom([]string{"2017", "2018-03", "2019-06-14"}).Draw(t, "edate")})
	}
	for range rapid.IntRange(0, 3).Draw(t, "testimonies") {
		s.Testimonies = append(s.Testimonies, [2]int{idx.Draw(t, "testifier"), idx.Draw(t, "about")})
	}
	for range rapid.IntRange(0, 4).Draw(t, "consents") {
		s.Consents = append(s.Consents, consentSpec{idx.Draw(t, "subject"), idx.Draw(t, "by"),
			rapid.SampledFrom(model.Publications).Draw(t, "level"), rapid.SampledFrom([]string{"2019", "2020-05", "2021"}).Draw(t, "cdate"),
			rapid.Bool().Draw(t, "withdrawn")})
	}
	return s
})

// fill writes s into a through the archive's use cases.
func fill(tb fataler, a *archive.Archive, s spec) {
	ctx := context.Background()
	put := func(r model.Record) {
		if err := a.Put(ctx, sys, r, ""); err != nil {
			tb.Fatal(err)
		}
	}
	ids := make([]model.ID, len(s.Persons))
	for i, p := range s.Persons {
		cp := *p
		put(&cp)
		ids[i] = cp.ID
	}
	for i, r := range s.Relations {
		put(&model.Relation{From: ids[r[0]], To: ids[r[1]], Type: s.Kinds[i]})
	}
	for _, e := range s.Events {
		put(&model.Event{Type: e.Type, Persons: []model.ID{ids[e.Persons[0]]}, Date: model.MustDate(e.Date)})
	}
	for _, tm := range s.Testimonies {
		put(&model.Testimony{Testifier: ids[tm[0]], About: []model.ID{ids[tm[1]]}, Medium: "interview", Transcript: "транскрипт 证词"})
	}
	for _, c := range s.Consents {
		cn := &model.Consent{Subject: ids[c.Subject], SubjectKind: model.KindPerson, GivenBy: ids[c.By], OnBehalf: c.Subject != c.By,
			Level: c.Level, Date: model.MustDate(c.Date), Method: "signed"}
		if c.Withdrawn {
			cn.Withdrawn = model.MustDate("2022")
		}
		if err := a.RecordConsent(ctx, sys, cn); err != nil {
			tb.Fatal(err)
		}
	}
}

// metadata are the fields a copy of an archive cannot keep: when and by whom each record
// was last written (the import did). Ids, versions, creation times and authors are kept.
var metadata = []string{"updated", "updated_by"}

// normalised is a JSONL export with the metadata removed, one line per record, in the
// export's (id) order.
func normalised(tb fataler, a *archive.Archive) []string {
	var buf bytes.Buffer
	if _, err := transfer.Export(context.Background(), a, &buf, transfer.Options{Format: "jsonl", WithSecret: true, Actor: sys}); err != nil {
		tb.Fatal(err)
	}
	var out []string
	dec := json.NewDecoder(&buf)
	for dec.More() {
		var l transfer.Line
		if err := dec.Decode(&l); err != nil {
			tb.Fatal(err)
		}
		var rec map[string]any
		if err := json.Unmarshal(l.Record, &rec); err != nil {
			tb.Fatal(err)
		}
		for _, k := range metadata {
			delete(rec, k)
		}
		b, _ := json.Marshal(rec)
		out = append(out, fmt.Sprintf("%s %s %s", l.Kind, b, l.Secret))
	}
	return out
}

// fataler is what roundTrip needs of a *testing.T or a *rapid.T.
type fataler interface {
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

// roundTrip fills the archive at src from s, exports it with its confidential parts,
// imports that file into the empty archive at dst and compares the two full exports.
func roundTrip(tb fataler, keys [2]*crypt.Keyring, src, dst storetest.Engine, dir string, s spec) {
	ctx := context.Background()
	var as [2]*archive.Archive
	for i, e := range []storetest.Engine{src, dst} {
		st, err := store.Open(ctx, store.Config{SQLitePath: e.SQLitePath, PostgresURL: e.PostgresURL, Keys: keys[i]})
		if err != nil {
			tb.Fatal(err)
		}
		defer st.Close()
		as[i] = archive.New(st)
	}
	fill(tb, as[0], s)
	var buf bytes.Buffer
	if _, err := transfer.Export(ctx, as[0], &buf, transfer.Options{Format: "jsonl", WithSecret: true, Actor: sys}); err != nil {
		tb.Fatal(err)
	}
	file := filepath.Join(dir, "export.jsonl")
	if err := os.WriteFile(file, buf.Bytes(), 0o600); err != nil {
		tb.Fatal(err)
	}
	if _, err := transfer.Import(ctx, as[1], transfer.ImportOptions{Path: file, Actor: archive.SystemActor("round-trip import")}); err != nil {
		tb.Fatalf("importing the export: %v", err)
	}
	want, got := normalised(tb, as[0]), normalised(tb, as[1])
	if len(got) != len(want) {
		tb.Fatalf("round trip: got %d records, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			tb.Fatalf("round trip changed a record:\ngot  %s\nwant %s", got[i], want[i])
		}
	}
}

// TestExportImportRoundTrip is the property of issue 4: export then import gives back the
// same archive — every record, link, consent-derived level, public code and confidential
// part — on SQLite for random archives, and once on PostgreSQL.
func TestExportImportRoundTrip(t *testing.T) {
	keys := [2]*crypt.Keyring{storetest.Keys(t), storetest.Keys(t)}
	rapid.Check(t, func(rt *rapid.T) {
		s := specGen.Draw(rt, "archive")
		dir := t.TempDir()
		roundTrip(rt, keys, storetest.Engine{SQLitePath: filepath.Join(dir, "src.db")}, storetest.Engine{SQLitePath: filepath.Join(dir, "dst.db")}, dir, s)
	})
	base := os.Getenv("TIZIM_TEST_POSTGRES")
	if base == "" {
		t.Log("PostgreSQL skipped: TIZIM_TEST_POSTGRES is not set")
		return
	}
	for seed := range 3 {
		roundTrip(t, keys, storetest.Engine{PostgresURL: storetest.Schema(t, base)}, storetest.Engine{PostgresURL: storetest.Schema(t, base)}, t.TempDir(), specGen.Example(seed))
	}
}
