package archive

import (
	"context"
	"fmt"
	"slices"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
)

// AttachTo returns the hook that links a newly ingested file to target (a Person,
// Testimony, Source or Event) inside Ingest's transaction: the Evidence is always "about"
// the target; a testimony also lists it among its evidence, an event among its supports,
// and a source without an archived copy takes it as that copy.
func (f *Files) AttachTo(ctx context.Context, who Actor, target model.ID) (model.Kind, func(*store.Tx, *model.Evidence) error, error) {
	var kind model.Kind
	err := f.a.st.Read(ctx, func(tx *store.Tx) error {
		rec, err := tx.Get(ctx, target, false)
		if err == nil {
			kind = rec.Kind()
		}
		return err
	})
	if err != nil {
		return "", nil, err
	}
	switch kind {
	case model.KindPerson, model.KindTestimony, model.KindSource, model.KindEvent:
	default:
		return "", nil, fmt.Errorf("%s is a %s: files attach to a person, testimony, source or event: %w", target, kind, model.ErrNotFound)
	}
	hook := func(tx *store.Tx, ev *model.Evidence) error {
		if kind == model.KindPerson {
			return nil // About says it all
		}
		rec, err := tx.Get(ctx, target, true)
		if err != nil {
			return err
		}
		switch r := rec.(type) {
		case *model.Testimony:
			r.Evidence = append(r.Evidence, ev.ID)
		case *model.Event:
			r.Support = append(r.Support, model.Support{Kind: "evidence", ID: ev.ID})
		case *model.Source:
			if !r.Archived.IsZero() {
				return nil
			}
			r.Archived = ev.ID
		}
		return f.a.put(ctx, tx, who, rec, "evidence attached")
	}
	return kind, hook, nil
}

// Recording is what a manifest row says about a recorded file besides the file itself.
type Recording struct {
	Kind       string // an evidence kind
	About      []model.ID
	Testifier  model.ID
	RecordedOn model.Date
	RecordedAt model.ID // a Place, when the manifest named one the archive knows
	Location   string   // the place as written, when it is not a known Place: kept confidential
	Language   string
	Consent    model.Publication // the testifier's consent to publication of the testimony
	Notes      string
}

// testimonyMedium maps evidence kinds that are accounts by a testifier to a testimony
// medium; other kinds (documents, photos, articles) are evidence about persons only.
var testimonyMedium = map[string]string{"video_appeal": "video_appeal", "interview": "interview", "audio": "audio"}

// RecordingHook returns the hook that, inside Ingest's transaction, creates the testimony
// a recorded appeal is (testifier, persons, date, place, language) with the file as its
// evidence, and the testifier's consent, so that a row of a manifest is all or nothing.
func (f *Files) RecordingHook(ctx context.Context, who Actor, rec Recording) func(*store.Tx, *model.Evidence) error {
	return func(tx *store.Tx, ev *model.Evidence) error {
		medium, ok := testimonyMedium[rec.Kind]
		if !ok || len(rec.About) == 0 {
			return nil
		}
		t := &model.Testimony{Testifier: rec.Testifier, About: slices.Clone(rec.About), RecordedOn: rec.RecordedOn,
			RecordedAt: rec.RecordedAt, Language: rec.Language, Medium: medium, Evidence: []model.ID{ev.ID},
			Secret: model.TestimonySecret{Location: rec.Location, Notes: rec.Notes}}
		if err := f.a.put(ctx, tx, who, t, "manifest"); err != nil {
			return err
		}
		if rec.Consent == "" || rec.Testifier.IsZero() {
			return nil
		}
		date := rec.RecordedOn
		if date.IsZero() {
			n := f.now().UTC()
			date = model.Date{Y: n.Year(), M: int(n.Month()), D: n.Day()}
		}
		method := "other"
		if medium == "video_appeal" {
			method = "video"
		}
		c := &model.Consent{Subject: t.ID, SubjectKind: model.KindTestimony, GivenBy: rec.Testifier, Level: rec.Consent,
			Date: date, Method: method, Notes: "from the evidence manifest"}
		if err := who.need(OpConsent); err != nil {
			return err
		}
		return f.a.consentTx(ctx, tx, who, c)
	}
}
