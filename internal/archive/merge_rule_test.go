package archive_test

import (
	"context"
	"errors"
	"testing"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/model"
)

// TestMergePublication checks ADR 0410's rule: access.Level over the union of consents,
// never above the level either person's own consents give them.
func TestMergePublication(t *testing.T) {
	type c struct {
		on       int // 0 kept, 1 other
		self     bool
		level    model.Publication
		date     string
		withdraw string
	}
	for _, tc := range []struct {
		name     string
		consents []c
		want     model.Publication
	}{
		{"kept public, other never asked", []c{{0, true, model.Public, "2021", ""}}, model.Public},
		{"other public, kept never asked", []c{{1, false, model.Public, "2021", ""}}, model.Public},
		{"nobody asked", nil, model.Internal},
		{"later public does not override a withdrawal on the other record",
			[]c{{0, true, model.Public, "2022", ""}, {1, true, model.Public, "2019", "2020"}}, model.Internal},
		{"internal-only consent on the other record",
			[]c{{0, false, model.Public, "2022", ""}, {1, false, model.Internal, "2019", ""}}, model.Internal},
		{"pseudonymous and public: pseudonymous",
			[]c{{0, true, model.Pseudonymous, "2019", ""}, {1, true, model.Public, "2022", ""}}, model.Pseudonymous},
		{"own consent outranks a relative's in the union",
			[]c{{0, false, model.Public, "2022", ""}, {1, true, model.Pseudonymous, "2019", ""}}, model.Pseudonymous},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			for _, a := range openArchives(t) {
				keep, other, aunt := person("Ержан", model.PersonSecret{}), person("Erzhan", model.PersonSecret{}), person("Гүлнар", model.PersonSecret{})
				put(t, a, keep, other, aunt)
				ps := []*model.Person{keep, other}
				for _, x := range tc.consents {
					by := aunt.ID
					if x.self {
						by = ps[x.on].ID
					}
					cn := consent(ps[x.on].ID, by, x.level, x.date)
					if x.withdraw != "" {
						cn.Withdrawn = model.MustDate(x.withdraw)
					}
					if err := a.RecordConsent(ctx, editor, cn); err != nil {
						t.Fatal(err)
					}
				}
				if _, err := a.Merge(ctx, editor, keep.ID, other.ID, ""); err != nil {
					t.Fatal(err)
				}
				rec, err := a.Get(ctx, sys, keep.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got := rec.(*model.Person).Publication; got != tc.want {
					t.Errorf("%s: kept publication: got %s, want %s", a.Store().Engine(), got, tc.want)
				}
			}
		})
	}
}

func TestMergeRefusals(t *testing.T) {
	ctx := context.Background()
	for name, a := range openArchives(t) {
		t.Run(name, func(t *testing.T) {
			x, y, z := person("Нұрлан", model.PersonSecret{}), person("Nurlan", model.PersonSecret{}), person("Nurlan B", model.PersonSecret{})
			put(t, a, x, y, z)
			put(t, a, &model.Relation{From: x.ID, To: y.ID, Type: "sibling"})
			if _, err := a.Merge(ctx, editor, x.ID, y.ID, ""); !errors.Is(err, model.ErrConflict) {
				t.Errorf("merging relatives: got %v, want conflict", err)
			}
			if _, err := a.Merge(ctx, editor, x.ID, x.ID, ""); !model.IsValidation(err) {
				t.Errorf("merging a person with themselves: got %v, want a validation error", err)
			}
			mid, err := a.Merge(ctx, editor, x.ID, z.ID, "")
			if err != nil {
				t.Fatal(err)
			}
			rec, _ := a.Get(ctx, sys, x.ID)
			p := rec.(*model.Person)
			p.Occupation = "teacher"
			put(t, a, p)
			if err := a.UndoMerge(ctx, editor, mid); !errors.Is(err, model.ErrConflict) {
				t.Errorf("undo after a later edit: got %v, want conflict", err)
			}
			if err := a.UndoMerge(ctx, archive.Actor{Name: "ina", Role: archive.Intake}, mid); !errors.Is(err, model.ErrForbidden) {
				t.Errorf("intake undo: got %v, want forbidden", err)
			}
		})
	}
}
