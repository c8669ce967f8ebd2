package archive_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
)

var sys = archive.SystemActor("test")

// dump is the archive as a full JSONL export sees it: every record and its confidential part.
func dump(t *testing.T, a *archive.Archive) []byte {
	t.Helper()
	var buf bytes.Buffer
	err := a.Each(context.Background(), sys, "", true, "test", func(rec model.Record) error {
		b, _ := json.Marshal(rec)
		buf.Write(b)
		if sr, ok := rec.(model.Secretive); ok {
			s, _ := json.Marshal(sr.SecretPart())
			buf.Write(s)
		}
		buf.WriteByte('\n')
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func put(t *testing.T, a *archive.Archive, recs ...model.Record) {
	t.Helper()
	for _, r := range recs {
		if err := a.Put(context.Background(), editor, r, ""); err != nil {
			t.Fatal(err)
		}
	}
}

func person(name string, secret model.PersonSecret) *model.Person {
	return &model.Person{Names: []model.NameForm{{Text: name, Kind: "primary"}}, Status: model.StatusCamp, Secret: secret}
}

func consent(subject, by model.ID, level model.Publication, date string) *model.Consent {
	return &model.Consent{Subject: subject, SubjectKind: model.KindPerson, GivenBy: by, OnBehalf: subject != by,
		Level: level, Date: model.MustDate(date), Method: "video"}
}

func TestMergeAndUndo(t *testing.T) {
	ctx := context.Background()
	for name, a := range openArchives(t) {
		t.Run(name, func(t *testing.T) {
			keep := person("Қайрат Сапарұлы", model.PersonSecret{Address: "village A"})
			other := person("Kairat Saparuly", model.PersonSecret{IDDocs: []model.IdentityDoc{{Type: "passport", Number: "N1234567"}}})
			other.Names = append(other.Names, model.NameForm{Text: "凯拉特", Kind: "official_zh"})
			other.Birth = model.MustDate("1978")
			sister := person("Айгүл", model.PersonSecret{})
			put(t, a, keep, other, sister)
			rel := &model.Relation{From: sister.ID, To: other.ID, Type: "sibling"}
			ev := &model.Event{Type: "detained", Persons: []model.ID{keep.ID, other.ID}, Date: model.MustDate("2018-03")}
			tm := &model.Testimony{Testifier: sister.ID, About: []model.ID{other.ID}, Medium: "video_appeal"}
			put(t, a, rel, ev, tm)
			for _, c := range []*model.Consent{consent(keep.ID, sister.ID, model.Public, "2019"), consent(other.ID, other.ID, model.Public, "2020")} {
				if err := a.RecordConsent(ctx, editor, c); err != nil {
					t.Fatal(err)
				}
			}
			codes := publicCodes(t, a, keep.ID, other.ID)
			before := dump(t, a)

			for _, who := range []archive.Actor{res, intake} {
				if _, err := a.Merge(ctx, who, keep.ID, other.ID, ""); !errors.Is(err, model.ErrForbidden) {
					t.Errorf("%s merge: got %v, want forbidden", who.Role, err)
				}
			}
			mid, err := a.Merge(ctx, editor, keep.ID, other.ID, "same man, two lists")
			if err != nil {
				t.Fatal(err)
			}
			v, err := a.Person(ctx, sys, keep.ID)
			if err != nil {
				t.Fatal(err)
			}
			var texts []string
			for _, n := range v.Person.Names {
				texts = append(texts, n.Text)
			}
			if want := []string{"Қайрат Сапарұлы", "Kairat Saparuly", "凯拉特"}; !slices.Equal(texts, want) {
				t.Errorf("kept names: got %q, want %q", texts, want)
			}
			if len(v.Person.Secret.IDDocs) != 1 || v.Person.Secret.Address != "village A" || v.Person.Birth.String() != "1978" {
				t.Errorf("kept person lacks the other's values: %+v", v.Person)
			}
			if len(v.Relations) != 1 || len(v.Events) != 1 || len(v.Testimonies) != 1 || len(v.Consents) != 2 {
				t.Errorf("kept person links: %d relations, %d events, %d testimonies, %d consents; want 1, 1, 1, 2",
					len(v.Relations), len(v.Events), len(v.Testimonies), len(v.Consents))
			}
			if len(v.Events) == 1 && !slices.Equal(v.Events[0].Persons, []model.ID{keep.ID}) {
				t.Errorf("event persons: got %v, want only the kept person", v.Events[0].Persons)
			}
			if v.Person.Publication != model.Public {
				t.Errorf("kept publication: got %s, want public", v.Person.Publication)
			}
			if _, err := a.PublicPerson(ctx, codes[1]); !errors.Is(err, model.ErrNotFound) {
				t.Errorf("merged person's public code: got %v, want not found", err)
			}
			if _, err := a.PublicPerson(ctx, codes[0]); err != nil {
				t.Errorf("kept person's public code: %v", err)
			}
			if ids := listed(t, a); slices.Contains(ids, other.ID) || !slices.Contains(ids, keep.ID) {
				t.Errorf("team list after merge: %v (merged %s must be hidden)", ids, other.ID)
			}
			if rec, err := a.Get(ctx, sys, other.ID); err != nil || len(rec.(*model.Person).Names) != 2 {
				t.Errorf("merged record must stay as it was: %v", err)
			}
			if got := holders(t, a, "N1234567"); !slices.Equal(got, []model.ID{keep.ID}) {
				t.Errorf("passport holders after merge: got %v, want only %s", got, keep.ID)
			}
			if _, err := a.Merge(ctx, editor, keep.ID, other.ID, ""); !errors.Is(err, model.ErrConflict) {
				t.Errorf("second merge: got %v, want conflict", err)
			}

			if err := a.UndoMerge(ctx, editor, mid); err != nil {
				t.Fatal(err)
			}
			if after := dump(t, a); !bytes.Equal(before, after) {
				t.Errorf("undo did not restore the archive byte for byte:\nbefore %s\nafter  %s", before, after)
			}
			if got := publicCodes(t, a, keep.ID, other.ID); !slices.Equal(got, codes) {
				t.Errorf("public codes after undo: got %v, want %v", got, codes)
			}
			if _, err := a.PublicPerson(ctx, codes[1]); err != nil {
				t.Errorf("restored person's public page: %v", err)
			}
			if ids := listed(t, a); !slices.Contains(ids, other.ID) {
				t.Errorf("restored person not listed")
			}
			if err := a.UndoMerge(ctx, editor, mid); !errors.Is(err, model.ErrConflict) {
				t.Errorf("second undo: got %v, want conflict", err)
			}
			if got := holders(t, a, "N1234567"); !slices.Equal(got, []model.ID{other.ID}) {
				t.Errorf("passport holders after undo: got %v, want only %s", got, other.ID)
			}
		})
	}
}

func holders(t *testing.T, a *archive.Archive, number string) (ids []model.ID) {
	t.Helper()
	err := a.Store().Read(context.Background(), func(tx *store.Tx) (err error) {
		ids, err = tx.FindByIDNumber(context.Background(), number)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func publicCodes(t *testing.T, a *archive.Archive, ids ...model.ID) []string {
	t.Helper()
	var out []string
	for _, id := range ids {
		rec, err := a.Get(context.Background(), sys, id)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, rec.(*model.Person).PublicCode)
	}
	return out
}

func listed(t *testing.T, a *archive.Archive) []model.ID {
	t.Helper()
	list, err := a.People(context.Background(), editor, archive.TeamFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []model.ID
	for _, p := range list {
		out = append(out, p.ID)
	}
	return out
}
