package transfer_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tizim/tizim/internal/access"
	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/store/storetest"
	"github.com/tizim/tizim/internal/transfer"
)

// consentFile is a JSONL file of persons and testimonies and, interleaved with more persons,
// many consents in a random order: several per subject, on behalf and their own, withdrawn
// and not, of few dates (so that ties are decided by which was saved last), about persons
// and testimonies.
type consentFile struct {
	path, records string // the whole file; the same without its consents
	consents      []*model.Consent
	subjects      []model.ID
}

func makeConsentFile(t *testing.T, seed uint64) consentFile {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 1))
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	id := func() model.ID { at = at.Add(time.Millisecond); return model.NewID(at) }
	var lines, recLines []string
	add := func(rec model.Record, keep bool) {
		b, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		l, _ := json.Marshal(transfer.Line{Kind: rec.Kind(), Record: b})
		lines = append(lines, string(l))
		if keep {
			recLines = append(recLines, string(l))
		}
	}
	var f consentFile
	var persons []model.ID
	person := func() *model.Person {
		p := &model.Person{Meta: model.Meta{ID: id()}, Status: model.Statuses[r.IntN(len(model.Statuses))],
			Publication: model.Internal,
			Names:       []model.NameForm{{Text: fmt.Sprintf("Айгүл Нурлановна %d", len(persons)), Kind: "primary"}}}
		persons = append(persons, p.ID)
		return p
	}
	for range 30 {
		p := person()
		add(p, true)
		f.subjects = append(f.subjects, p.ID)
	}
	testimonyOf := map[model.ID]model.ID{}
	for i := range 6 {
		tm := &model.Testimony{Meta: model.Meta{ID: id()}, Testifier: persons[i], About: []model.ID{persons[i+10]}, Medium: "interview", Transcript: "свидетельство", Publication: model.Internal}
		add(tm, true)
		f.subjects = append(f.subjects, tm.ID)
		testimonyOf[tm.ID] = tm.Testifier
	}
	dates := []string{"2018", "2019-05", "2019-05", "2020-01-02"}
	levels := []model.Publication{model.Pseudonymous, model.Public, model.Public, model.Internal}
	for range 160 {
		if r.IntN(8) == 0 {
			add(person(), true) // a later person, so consents and other lines interleave
		}
		c := &model.Consent{Meta: model.Meta{ID: id()}, Level: levels[r.IntN(len(levels))], Method: "signed",
			Date: model.MustDate(dates[r.IntN(len(dates))])}
		s := f.subjects[r.IntN(len(f.subjects))]
		if by, ok := testimonyOf[s]; ok {
			c.Subject, c.SubjectKind, c.GivenBy = s, model.KindTestimony, by
		} else {
			c.Subject, c.SubjectKind, c.GivenBy = s, model.KindPerson, s
			if r.IntN(2) == 0 {
				c.GivenBy, c.OnBehalf = persons[r.IntN(len(persons))], true
			}
		}
		if r.IntN(4) == 0 {
			c.Withdrawn = model.MustDate("2021")
		}
		add(c, false)
		f.consents = append(f.consents, c)
	}
	dir := t.TempDir()
	f.path, f.records = filepath.Join(dir, "all.jsonl"), filepath.Join(dir, "records.jsonl")
	for p, ls := range map[string][]string{f.path: lines, f.records: recLines} {
		if err := os.WriteFile(p, []byte(strings.Join(ls, "\n")+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func openArchive(t *testing.T, e storetest.Engine) (*archive.Archive, *store.Store) {
	t.Helper()
	st, err := store.Open(context.Background(), store.Config{SQLitePath: e.SQLitePath, PostgresURL: e.PostgresURL, Keys: storetest.Keys(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return archive.New(st), st
}

// fresh returns a new empty database of the same engine as e.
func fresh(t *testing.T, e storetest.Engine) storetest.Engine {
	if e.PostgresURL != "" {
		return storetest.Engine{Name: e.Name, PostgresURL: storetest.Schema(t, os.Getenv("TIZIM_TEST_POSTGRES"))}
	}
	return storetest.Engine{Name: e.Name, SQLitePath: filepath.Join(t.TempDir(), "tizim.db")}
}

// consentState is what consents decide, per subject and per consent, and what the audit says
// of them, in order.
type consentState struct {
	subjects []string // level, public code given, version, history reasons
	consents []string // level, dates, subject, giver, version
	audit    []string // action, kind, record, detail of the consent and publication entries
	changes  map[model.ID]int
}

func stateOf(t *testing.T, st *store.Store, f consentFile) consentState {
	t.Helper()
	ctx := context.Background()
	s := consentState{changes: map[model.ID]int{}}
	err := st.Read(ctx, func(tx *store.Tx) error {
		for _, id := range f.subjects {
			rec, err := tx.Get(ctx, id, false)
			if err != nil {
				return err
			}
			var pub model.Publication
			var code string
			switch r := rec.(type) {
			case *model.Person:
				pub, code = r.Publication, r.PublicCode
			case *model.Testimony:
				pub, code = r.Publication, r.PublicCode
			}
			hist, err := tx.History(ctx, id, false)
			if err != nil {
				return err
			}
			var reasons []string
			for _, h := range hist {
				reasons = append(reasons, h.Reason)
			}
			s.subjects = append(s.subjects, fmt.Sprintf("%s %s code %t version %d history %q", id, pub, code != "", rec.Head().Version, reasons))
			// The level is the one access.Level gives over the subject's consents as stored.
			ids, err := tx.Linked(ctx, id, "consent")
			if err != nil {
				return err
			}
			got, err := tx.GetMany(ctx, ids, false)
			if err != nil {
				return err
			}
			var cs []*model.Consent
			for _, cid := range ids {
				cs = append(cs, got[cid].(*model.Consent))
			}
			if want := access.Level(id, cs); pub != want {
				t.Errorf("%s is %s, but its consents as stored call for %s", id, pub, want)
			}
		}
		for _, c := range f.consents {
			rec, err := tx.Get(ctx, c.ID, false)
			if errors.Is(err, model.ErrNotFound) {
				s.consents = append(s.consents, fmt.Sprintf("%s not recorded", c.ID))
				continue
			}
			if err != nil {
				return err
			}
			g := rec.(*model.Consent)
			s.consents = append(s.consents, fmt.Sprintf("%s %s %s withdrawn %s of %s by %s version %d", g.ID, g.Level, g.Date, g.Withdrawn, g.Subject, g.GivenBy, g.Version))
		}
		for e, err := range tx.AuditEntries(ctx, false, 0) {
			if err != nil {
				return err
			}
			if e.Action == "consent" || e.Action == "publication" {
				s.audit = append(s.audit, fmt.Sprintf("%s %s %s %s", e.Action, e.Kind, e.Record, e.Detail))
			}
			if e.Action == "publication" {
				id, _ := model.ParseID(e.Record)
				s.changes[id]++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// oneByOne is the reference: the file without its consents imported, then each consent
// recorded on its own through RecordConsent, in the file's order.
func oneByOne(t *testing.T, e storetest.Engine, f consentFile) consentState {
	t.Helper()
	ctx := context.Background()
	a, st := openArchive(t, e)
	if _, err := transfer.Import(ctx, a, transfer.ImportOptions{Path: f.records, Actor: sys}); err != nil {
		t.Fatal(err)
	}
	for _, c := range f.consents {
		cp := *c
		if err := a.RecordConsent(ctx, sys, &cp); err != nil {
			t.Fatalf("RecordConsent: %v", err)
		}
	}
	return stateOf(t, st, f)
}

func sameState(t *testing.T, got, want consentState) {
	t.Helper()
	for _, c := range []struct {
		what      string
		got, want []string
	}{{"subjects", got.subjects, want.subjects}, {"consents", got.consents, want.consents}, {"audit", got.audit, want.audit}} {
		if len(c.got) != len(c.want) {
			t.Errorf("%s: %d, want %d", c.what, len(c.got), len(c.want))
			continue
		}
		for i := range c.want {
			if c.got[i] != c.want[i] {
				t.Errorf("%s %d:\n got %s\nwant %s", c.what, i, c.got[i], c.want[i])
			}
		}
	}
}

// TestConsentPhaseIsRecordConsent: the batched consent phase of a JSONL import leaves every
// subject with the level, public code, versions and history, every consent (withdrawn ones
// too) as stored, and the consent and publication audit entries in the order that recording
// the same consents one by one with RecordConsent does — with one consent per transaction,
// a few, and all in one (where subjects change level twice within a batch).
func TestConsentPhaseIsRecordConsent(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			f := makeConsentFile(t, 7)
			want := oneByOne(t, e, f)
			twice := 0
			for _, n := range want.changes {
				if n >= 2 {
					twice++
				}
			}
			if twice == 0 || len(want.changes) < 10 {
				t.Fatalf("the file does not test much: %d subjects changed, %d of them twice or more", len(want.changes), twice)
			}
			for _, batch := range []int{1, 7, 5000} {
				a, st := openArchive(t, fresh(t, e))
				res, err := transfer.Import(context.Background(), a, transfer.ImportOptions{Path: f.path, Actor: sys, Batch: batch})
				if err != nil {
					t.Fatalf("batch %d: %v", batch, err)
				}
				if res.Created != int64(countLines(t, f.path)) {
					t.Errorf("batch %d: %d created", batch, res.Created)
				}
				t.Run(fmt.Sprint("batch", batch), func(t *testing.T) { sameState(t, stateOf(t, st, f), want) })
				// A second import changes nothing.
				res, err = transfer.Import(context.Background(), a, transfer.ImportOptions{Path: f.path, Actor: sys, Batch: batch})
				if err != nil || res.Created != 0 || res.Updated != 0 {
					t.Fatalf("re-import: %+v %v", res, err)
				}
				sameState(t, stateOf(t, st, f), want)
			}
		})
	}
}

func countLines(t *testing.T, path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Count(b, []byte("\n"))
}

// stopper cancels the import once the consent phase has committed a batch: what a kill
// leaves, since a batch and its progress commit together.
type stopper struct{ cancel func() }

func (s *stopper) Write(b []byte) (int, error) {
	if strings.Contains(string(b), "consents:") && !strings.Contains(string(b), " 0 rows") {
		s.cancel()
	}
	return len(b), nil
}

// TestConsentPhaseResumes: an import stopped in its consent phase, run again, finishes it
// with no consent recorded twice — the same archive and audit as one uninterrupted run.
func TestConsentPhaseResumes(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			f := makeConsentFile(t, 11)
			want := oneByOne(t, fresh(t, e), f)
			a, st := openArchive(t, e)
			ctx, cancel := context.WithCancel(context.Background())
			stop := &stopper{cancel: cancel}
			o := transfer.ImportOptions{Path: f.path, Actor: sys, Batch: 10, Progress: func(label string, total int64) *transfer.Progress {
				return transfer.NewProgress(stop, false, label, total).Every(time.Nanosecond)
			}}
			if _, err := transfer.Import(ctx, a, o); !errors.Is(err, context.Canceled) {
				t.Fatalf("the stopped import: %v", err)
			}
			mid := stateOf(t, st, f)
			if n := len(mid.audit); n == 0 || n >= len(want.audit) {
				t.Fatalf("the import was not stopped in its consent phase (%d of %d entries)", n, len(want.audit))
			}
			o.Progress = nil
			res, err := transfer.Import(context.Background(), a, o)
			if err != nil || !res.Resumed {
				t.Fatalf("second run: %+v %v", res, err)
			}
			sameState(t, stateOf(t, st, f), want)
		})
	}
}

// TestConsentSubjectMissing: a consent whose subject or giver is neither in the file nor in
// the archive, or whose subject is not of the kind it names, is reported with its line, and
// the file imports nothing; with --skip-invalid the rest is imported. A subject already in
// the archive is found there.
func TestConsentSubjectMissing(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			ctx := context.Background()
			a, st := openArchive(t, e)
			f := makeConsentFile(t, 3)
			b, err := os.ReadFile(f.path)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(string(b)), "\n")
			// A consent about nobody, one given by nobody, and one that calls a person a testimony.
			bad := []*model.Consent{
				{Meta: model.Meta{ID: model.NewID(time.Now())}, Subject: model.NewID(time.Now()), SubjectKind: model.KindPerson, GivenBy: f.subjects[0], OnBehalf: true, Level: model.Public, Date: model.MustDate("2020"), Method: "signed"},
				{Meta: model.Meta{ID: model.NewID(time.Now())}, Subject: f.subjects[1], SubjectKind: model.KindPerson, GivenBy: model.NewID(time.Now()), OnBehalf: true, Level: model.Public, Date: model.MustDate("2020"), Method: "signed"},
				{Meta: model.Meta{ID: model.NewID(time.Now())}, Subject: f.subjects[2], SubjectKind: model.KindTestimony, GivenBy: f.subjects[2], Level: model.Public, Date: model.MustDate("2020"), Method: "signed"},
			}
			var wantRows []int
			for i, c := range bad {
				rb, _ := json.Marshal(c)
				l, _ := json.Marshal(transfer.Line{Kind: model.KindConsent, Record: rb})
				at := 5 + 7*i
				lines = slices.Insert(lines, at, string(l))
				wantRows = append(wantRows, at+1)
			}
			path := filepath.Join(t.TempDir(), "bad.jsonl")
			if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			var rep bytes.Buffer
			report := transfer.NewReport(&rep, true)
			_, err = transfer.Import(ctx, a, transfer.ImportOptions{Path: path, Actor: sys, Report: report})
			if !errors.Is(err, transfer.ErrInvalid) {
				t.Fatalf("import: %v", err)
			}
			report.Close()
			var probs []transfer.Problem
			if err := json.Unmarshal(rep.Bytes(), &probs); err != nil {
				t.Fatalf("report: %v\n%s", err, rep.Bytes())
			}
			var rows []int
			codes := map[string]bool{}
			for _, p := range probs {
				rows = append(rows, p.Row)
				codes[p.Code] = true
			}
			if !slices.Equal(rows, wantRows) || !codes["missing_subject"] || !codes["missing_giver"] || !codes["wrong_subject"] {
				t.Errorf("report: rows %v, want %v; codes %v\n%s", rows, wantRows, codes, rep.Bytes())
			}
			if n := count(t, st, model.KindPerson); n != 0 {
				t.Errorf("%d persons written from a file with errors", n)
			}
			res, err := transfer.Import(ctx, a, transfer.ImportOptions{Path: path, Actor: sys, SkipInvalid: true})
			if err != nil || res.Skipped != 3 {
				t.Fatalf("--skip-invalid: %+v %v", res, err)
			}
			if n := count(t, st, model.KindConsent); n != len(f.consents) {
				t.Errorf("%d consents, want %d", n, len(f.consents))
			}
			// The consents of a file whose subjects are already in the archive: found there.
			var only []string
			for _, l := range lines {
				if transfer.PeekKind([]byte(l)) == model.KindConsent {
					only = append(only, l)
				}
			}
			path2 := filepath.Join(t.TempDir(), "consents.jsonl")
			if err := os.WriteFile(path2, []byte(strings.Join(only, "\n")+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			var rep2 bytes.Buffer
			_, err = transfer.Import(ctx, a, transfer.ImportOptions{Path: path2, Actor: sys, DryRun: true, Report: transfer.NewReport(&rep2, true)})
			if !errors.Is(err, transfer.ErrInvalid) || strings.Count(rep2.String(), `"row"`) != 3 {
				t.Errorf("consents alone: %v\n%s", err, rep2.String())
			}
		})
	}
}

func count(t *testing.T, st *store.Store, k model.Kind) int {
	var n int
	if err := st.Read(context.Background(), func(tx *store.Tx) (err error) { n, err = tx.Count(context.Background(), k); return err }); err != nil {
		t.Fatal(err)
	}
	return n
}
