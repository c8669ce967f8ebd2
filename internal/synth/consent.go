package synth

import (
	"github.com/tizim/tizim/internal/model"
)

var consentMethods = []string{"video", "signed", "verbal_witnessed", "written_message"}
var consentMethodWeights = []int{60, 20, 10, 10}

// consents: for about half the relatives inside, the first relative abroad agrees on their
// behalf to pseudonymous or public entries; some testimonies get their own consent; a few
// consents are later withdrawn.
func (g *gen) consents(s *story, inside []int) {
	ts := s.f.testifiers()
	if len(ts) == 0 || len(s.testims) == 0 {
		return
	}
	giver := s.f.members[ts[0]].p.ID
	given := s.testims[0].RecordedOn
	add := func(subject model.ID, kind model.Kind, by model.ID, onBehalf bool, level model.Publication) {
		method := consentMethods[g.weighted(consentMethodWeights)]
		c := &model.Consent{Meta: g.meta(g.id()), Subject: subject, SubjectKind: kind, GivenBy: by,
			OnBehalf: onBehalf, Level: level, Date: g.after(given, 60, 2024), Method: method}
		if method == "verbal_witnessed" {
			c.Witness = "association volunteer"
		}
		if g.chance(0.04) {
			c.Withdrawn = g.after(c.Date, 700, 2025)
			c.Notes = "Withdrawn after pressure on relatives inside."
		}
		s.consents = append(s.consents, c)
	}
	for _, i := range inside {
		switch x := g.r.Float64(); {
		case x < 0.25:
			add(s.f.members[i].p.ID, model.KindPerson, giver, true, model.Pseudonymous)
		case x < 0.5:
			add(s.f.members[i].p.ID, model.KindPerson, giver, true, model.Public)
		}
	}
	for _, t := range s.testims {
		if g.chance(0.4) {
			add(t.ID, model.KindTestimony, t.Testifier, false, []model.Publication{model.Pseudonymous, model.Public}[g.r.IntN(2)])
		}
	}
}
