package archive_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/store/storetest"
)

func openArchives(t *testing.T) map[string]*archive.Archive {
	out := map[string]*archive.Archive{}
	for _, e := range storetest.Engines(t) {
		st, err := store.Open(context.Background(), store.Config{SQLitePath: e.SQLitePath, PostgresURL: e.PostgresURL, Keys: storetest.Keys(t)})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		out[e.Name] = archive.New(st)
	}
	return out
}

var (
	editor = archive.Actor{Name: "erlan", Role: archive.Editor}
	res    = archive.Actor{Name: "rita", Role: archive.Researcher}
	intake = archive.Actor{Name: "ina", Role: archive.Intake}
)

func TestRoles(t *testing.T) {
	for _, tc := range []struct {
		role archive.Role
		op   archive.Op
		want bool
	}{
		{archive.Researcher, archive.OpRead, true},
		{archive.Researcher, archive.OpReadConfidential, false},
		{archive.Researcher, archive.OpWrite, false},
		{archive.Intake, archive.OpWrite, true},
		{archive.Intake, archive.OpDelete, false},
		{archive.Intake, archive.OpExport, false},
		{archive.Editor, archive.OpExportConfidential, false},
		{archive.Editor, archive.OpManageUsers, false},
		{archive.Admin, archive.OpManageUsers, true},
		{"", archive.OpRead, false},
	} {
		if got := tc.role.Can(tc.op); got != tc.want {
			t.Errorf("%s can %s: got %t, want %t", tc.role, tc.op, got, tc.want)
		}
	}
}

func TestConsentPublishesAndWithdraws(t *testing.T) {
	ctx := context.Background()
	for name, a := range openArchives(t) {
		t.Run(name, func(t *testing.T) {
			det := &model.Person{Names: []model.NameForm{{Text: "Қайрат Сапарұлы", Kind: "primary"}}, Status: model.StatusCamp,
				Publication: model.Public, PublicCode: "TZ-FAKE-CODE", // must be ignored: derived from consent
				Secret: model.PersonSecret{Address: "CANARY-village"}}
			rel := &model.Person{Names: []model.NameForm{{Text: "Айгүл", Kind: "primary"}}, Status: model.StatusAbroad}
			for _, p := range []*model.Person{det, rel} {
				if err := a.Put(ctx, intake, p, ""); err != nil {
					t.Fatal(err)
				}
			}
			if det.Publication != model.Internal || det.PublicCode != "" {
				t.Fatalf("caller set publication: %s %q", det.Publication, det.PublicCode)
			}
			if err := a.Put(ctx, res, det, ""); !errors.Is(err, model.ErrForbidden) {
				t.Errorf("researcher write: got %v, want forbidden", err)
			}
			if list, _ := a.PublicPeople(ctx, archive.PublicFilter{}); len(list) != 0 {
				t.Fatalf("internal person listed publicly: %+v", list)
			}
			c := &model.Consent{Subject: det.ID, SubjectKind: model.KindPerson, GivenBy: rel.ID, OnBehalf: true,
				Level: model.Public, Date: model.MustDate("2019-05"), Method: "video"}
			if err := a.RecordConsent(ctx, intake, c); err != nil {
				t.Fatal(err)
			}
			list, err := a.PublicPeople(ctx, archive.PublicFilter{})
			if err != nil || len(list) != 1 || list[0].Names[0] != "Қайрат Сапарұлы" {
				t.Fatalf("after consent: %+v %v", list, err)
			}
			code := list[0].Code
			if !strings.HasPrefix(code, "TZ-") || code == "TZ-FAKE-CODE" {
				t.Errorf("public code %q", code)
			}
			pp, err := a.PublicPerson(ctx, code)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(pp)
			if strings.Contains(string(b), "CANARY") {
				t.Errorf("confidential value in public view: %s", b)
			}
			// An edit by the team keeps the derived level and the secret.
			rec, _ := a.Get(ctx, editor, det.ID)
			p := rec.(*model.Person)
			p.Secret = model.PersonSecret{}
			p.Status = model.StatusImprisoned
			if err := a.Put(ctx, editor, p, "sentenced"); err != nil {
				t.Fatal(err)
			}
			rec, _ = a.Get(ctx, editor, det.ID)
			if p := rec.(*model.Person); p.Publication != model.Public || p.Secret.Address != "CANARY-village" || p.Names[0].Script != "Cyrl" {
				t.Errorf("after edit: publication %s secret %q script %q", p.Publication, p.Secret.Address, p.Names[0].Script)
			}
			rec, _ = a.Get(ctx, res, det.ID)
			if p := rec.(*model.Person); p.Secret.Address != "" {
				t.Error("researcher saw the confidential part")
			}
			c.Withdrawn = model.MustDate("2020-01")
			if err := a.RecordConsent(ctx, editor, c); err != nil {
				t.Fatal(err)
			}
			if _, err := a.PublicPerson(ctx, code); !errors.Is(err, model.ErrNotFound) {
				t.Errorf("withdrawn person still public: %v", err)
			}
			if list, _ := a.PublicPeople(ctx, archive.PublicFilter{}); len(list) != 0 {
				t.Errorf("withdrawn person still listed")
			}
			var probs int
			a.Store().Read(ctx, func(tx *store.Tx) error {
				ps, err := tx.VerifyAudit(ctx, 10)
				if err != nil {
					t.Fatal(err)
				}
				probs = len(ps)
				var actions []string
				for e, _ := range tx.AuditEntries(ctx, false, 0) {
					actions = append(actions, e.Action)
				}
				got := strings.Join(actions, ",")
				for _, want := range []string{"create", "consent", "publication", "update", "read_confidential"} {
					if !strings.Contains(got, want) {
						t.Errorf("audit log lacks %q: %s", want, got)
					}
				}
				return nil
			})
			if probs != 0 {
				t.Errorf("audit chain has %d problems", probs)
			}
		})
	}
}
