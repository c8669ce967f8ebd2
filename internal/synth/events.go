package synth

import (
	"fmt"

	"github.com/tizim/tizim/internal/model"
)

var charges = []string{"inciting ethnic hatred", "separatism", "gathering a crowd to disturb public order",
	"picking quarrels and provoking trouble", "illegal religious activity", "using extremism to undermine the law"}

// events makes the timeline of member i: detention, then what followed, each supported by
// what speaks about the member.
func (g *gen) events(s *story, i int) {
	m := s.f.members[i]
	p := m.p
	if m.detained.IsZero() {
		if p.Status != model.StatusUnknown || len(s.support[i]) == 0 {
			return
		}
		g.event(s, i, "disappeared", p.LastContact, "Relatives lost contact; whereabouts unknown.")
		return
	}
	ev := g.event(s, i, "detained", p.DetainedOn, "Taken from home by police.")
	ev.Facility = p.Facility
	if ev.Facility.IsZero() {
		ev.Place = s.f.home.ID
	}
	if !g.ref.psb.IsZero() && g.chance(0.3) {
		ev.Agency = g.ref.psb
	}
	if m.facility != nil && g.chance(0.2) {
		to := g.facility(s.f.home)
		t := g.event(s, i, "transferred", g.partial(g.after(m.detained, 400, 2021), 0.5, 0.3), "Moved to another facility.")
		t.Facility = to.ID
		p.Facility, m.facility = to.ID, to
	}
	switch p.Status {
	case model.StatusImprisoned:
		e := g.event(s, i, "sentenced", g.partial(g.after(m.detained, 500, 2021), 0.5, 0.3), "")
		e.Charge = pick(g, charges)
		e.Term = fmt.Sprintf("%d years", 5+g.r.IntN(16))
		e.Court = placeName(s.f.home) + " People's Court"
	case model.StatusReleased, model.StatusRestricted:
		g.event(s, i, "released", g.partial(g.after(m.detained, 900, 2022), 0.4, 0.4), "Released; under surveillance.")
		if p.Status == model.StatusRestricted && g.chance(0.5) {
			g.event(s, i, "passport_confiscated", model.Date{Y: m.detained.Y}, "Passport held by the police.")
		}
	case model.StatusDeceased:
		g.event(s, i, "died", g.partial(g.after(m.detained, 1500, 2023), 0.5, 0.3), "Death reported to the family.")
	case model.StatusDisappeared:
		g.event(s, i, "disappeared", p.DetainedOn, "No news since the detention.")
	}
	if p.Status != model.StatusDisappeared && g.chance(0.3) {
		g.event(s, i, "contact", p.LastContact, "Short supervised video call with relatives.")
	}
	for _, sp := range s.support[i] {
		if src := s.source(sp.ID); src != nil && src.Type == "official_statement" {
			e := g.event(s, i, "official_claim", src.Date, "The authorities say the person completed training and lives a normal life.")
			e.Support = []model.Support{{Kind: "source", ID: src.ID, Confidence: 0.3}}
		}
	}
}

// event appends an event about member i, supported by everything that speaks about them.
func (g *gen) event(s *story, i int, typ string, d model.Date, desc string) *model.Event {
	e := &model.Event{Meta: g.meta(g.id()), Type: typ, Persons: []model.ID{s.f.members[i].p.ID},
		Date: d, Description: desc}
	for _, sp := range s.support[i] {
		if src := s.source(sp.ID); src != nil && src.Type == "official_statement" {
			continue // a state claim supports only the claim
		}
		e.Support = append(e.Support, sp)
	}
	s.events = append(s.events, e)
	return e
}

// source returns the story's source with this id, or nil.
func (s *story) source(id model.ID) *model.Source {
	for _, src := range s.sources {
		if src.ID == id {
			return src
		}
	}
	return nil
}
