package access

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tizim/tizim/internal/model"
)

func TestLevel(t *testing.T) {
	subj, rel := model.NewID(time.Now()), model.NewID(time.Now())
	c := func(by model.ID, onBehalf bool, level model.Publication, date, withdrawn string) *model.Consent {
		return &model.Consent{Subject: subj, GivenBy: by, OnBehalf: onBehalf, Level: level,
			Date: model.MustDate(date), Withdrawn: model.MustDate(withdrawn)}
	}
	for _, tc := range []struct {
		name     string
		consents []*model.Consent
		want     model.Publication
	}{
		{"none", nil, model.Internal},
		{"relative consents", []*model.Consent{c(rel, true, model.Public, "2019", "")}, model.Public},
		{"later consent wins", []*model.Consent{c(rel, true, model.Public, "2019", ""), c(rel, true, model.Pseudonymous, "2020", "")}, model.Pseudonymous},
		{"withdrawn", []*model.Consent{c(rel, true, model.Public, "2019", "2021")}, model.Internal},
		{"latest withdrawn, earlier active", []*model.Consent{c(rel, true, model.Pseudonymous, "2018", ""), c(rel, true, model.Public, "2019", "2021")}, model.Internal},
		{"own consent overrides relative", []*model.Consent{c(subj, false, model.Pseudonymous, "2018", ""), c(rel, true, model.Public, "2020", "")}, model.Pseudonymous},
		{"a relative's later withdrawal outweighs another's older consent", []*model.Consent{c(rel, true, model.Public, "2019", "2021"), c(model.NewID(time.Now()), true, model.Public, "2020", "")}, model.Internal},
		{"a consent given after a withdrawal stands", []*model.Consent{c(rel, true, model.Public, "2019", "2020"), c(rel, true, model.Pseudonymous, "2022", "")}, model.Pseudonymous},
		{"own withdrawal overrides relative", []*model.Consent{c(subj, false, model.Public, "2018", "2019"), c(rel, true, model.Public, "2020", "")}, model.Internal},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Level(subj, tc.consents); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestProjectionAllowList(t *testing.T) {
	const canary = "CANARY"
	p := &model.Person{
		Meta:  model.Meta{ID: model.NewID(time.Now())},
		Names: []model.NameForm{{Text: "Serikzhan Bilash", Kind: "primary"}}, Gender: "m", Ethnicity: "kazakh",
		Birth: model.MustDate("1974-05-02"), Status: model.StatusDetained, DetainedOn: model.MustDate("2018-03-10"),
		EvidenceLevel: 2, Summary: "public summary", PublicCode: "TZ-AAAA-BBBB",
		Secret: model.PersonSecret{Address: canary, Notes: canary, IDDocs: []model.IdentityDoc{{Number: canary}}},
	}
	r := Related{
		Sources:     []*model.Source{{Title: "press", Published: true}, {Title: canary + " leak", Published: false}},
		Testimonies: []*model.Testimony{{Publication: model.Internal, PublicCode: "x", Transcript: canary}},
	}
	for _, level := range []model.Publication{model.Internal} {
		p.Publication = level
		if got := ProjectPerson(p, r); got != nil {
			t.Errorf("%s person projected: %+v", level, got)
		}
	}
	p.Publication = model.Pseudonymous
	ps := ProjectPerson(p, r)
	b, _ := json.Marshal(ps)
	for _, forbidden := range []string{"Bilash", "1974", "2018-03", "public summary", "press", canary} {
		if strings.Contains(string(b), forbidden) {
			t.Errorf("pseudonymous projection holds %q: %s", forbidden, b)
		}
	}
	if ps.DetainedYear != 2018 || ps.Status != "detained" || ps.EvidenceLevel != 2 {
		t.Errorf("pseudonymous projection lost allowed fields: %s", b)
	}
	p.Publication = model.Public
	b, _ = json.Marshal(ProjectPerson(p, r))
	if !strings.Contains(string(b), "Bilash") || !strings.Contains(string(b), "press") {
		t.Errorf("public projection lacks name or published source: %s", b)
	}
	if strings.Contains(string(b), canary) {
		t.Errorf("public projection holds a confidential value: %s", b)
	}
}

func TestSuppress(t *testing.T) {
	kept, sup := Suppress(map[string]int{"camp": 12, "released": 4, "deceased": 1, "detained": 5})
	if len(kept) != 2 || kept["camp"] != 12 || kept["detained"] != 5 || sup != 5 {
		t.Errorf("got %v suppressed %d", kept, sup)
	}
}
