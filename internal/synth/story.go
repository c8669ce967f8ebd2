package synth

import (
	"fmt"

	"github.com/tizim/tizim/internal/model"
)

// story holds a family's records other than persons while they are built, so that each
// person's evidence level can name what supports it before anything is emitted.
type story struct {
	f         *family
	relations []model.Record
	sources   []*model.Source
	testims   []*model.Testimony
	events    []*model.Event
	actions   []*model.Action
	consents  []*model.Consent
	// support lists, per member index, the items that speak about that member.
	support map[int][]model.Support
	// official marks members whose detention, sentence or death the state acknowledged.
	official map[int]bool
	// documentary marks members named in a court notice or leaked record.
	documentary map[int]bool
}

// insiders returns the indexes of the members in Xinjiang.
func (f *family) insiders() []int {
	var out []int
	for i, m := range f.members {
		if !m.abroad {
			out = append(out, i)
		}
	}
	return out
}

// testifiers returns the indexes of the members abroad.
func (f *family) testifiers() []int {
	var out []int
	for i, m := range f.members {
		if m.abroad {
			out = append(out, i)
		}
	}
	return out
}

// buildStory makes the family's sources, testimonies, events, actions and consents.
func (g *gen) buildStory(f *family, relations []model.Record) *story {
	s := &story{f: f, relations: relations, support: map[int][]model.Support{},
		official: map[int]bool{}, documentary: map[int]bool{}}
	inside := f.insiders()
	g.sources(s, inside)
	g.testimonies(s, inside)
	for _, i := range inside {
		g.events(s, i)
	}
	g.actions(s, inside)
	g.consents(s, inside)
	for _, i := range inside {
		s.f.members[i].p.EvidenceItems = s.support[i]
		s.f.members[i].p.EvidenceLevel = s.level(i)
	}
	return s
}

// level derives the evidence level of DESIGN.md from what was generated for member i.
func (s *story) level(i int) int {
	var testimony, press bool
	for _, sp := range s.support[i] {
		switch sp.Kind {
		case "testimony":
			testimony = true
		case "source":
			press = true
		}
	}
	switch {
	case s.official[i]:
		return 4
	case s.documentary[i] || (testimony && press):
		return 3
	case testimony && len(s.f.members[i].p.Secret.IDDocs) > 0:
		return 2 // the relatives showed the ID card on camera
	case testimony:
		return 1
	}
	return 0
}

// records returns what the story emits, in dependency order, consents last.
func (s *story) records() []model.Record {
	out := append([]model.Record(nil), s.relations...)
	for _, r := range s.sources {
		out = append(out, r)
	}
	for _, r := range s.testims {
		out = append(out, r)
	}
	for _, r := range s.events {
		out = append(out, r)
	}
	for _, r := range s.actions {
		out = append(out, r)
	}
	for _, r := range s.consents {
		out = append(out, r)
	}
	return out
}

// Fictitious publishers: synthetic articles are not attributed to real newsrooms.
var publishers = []string{"Steppe Herald", "Almaty Evening Post", "Central Asia Monitor", "Border Weekly", "Tengri Review"}

// sources makes the press, leaked and official sources about the family.
func (g *gen) sources(s *story, inside []int) {
	f := s.f
	add := func(src *model.Source, about []int, conf float64) {
		for _, i := range about {
			src.About = append(src.About, f.members[i].p.ID)
			s.support[i] = append(s.support[i], model.Support{Kind: "source", ID: src.ID, Confidence: conf})
		}
		s.sources = append(s.sources, src)
	}
	if len(inside) == 0 {
		return
	}
	head := f.members[inside[0]].p.PrimaryName()
	if f.newspaper {
		add(&model.Source{Meta: g.meta(g.id()), Type: "press", Publisher: pick(g, publishers), Language: "en",
			Title: fmt.Sprintf("The %d: one family's relatives held in Xinjiang, named", len(inside)),
			Date:  g.day(2019), URL: fmt.Sprintf("https://example.org/synth/%d", g.n), Published: true}, inside, 0.7)
	} else if g.chance(0.35) {
		add(&model.Source{Meta: g.meta(g.id()), Type: "press", Publisher: pick(g, publishers), Language: "en",
			Title: fmt.Sprintf("Family in Kazakhstan seeks news of %s and relatives held in Xinjiang", head),
			Date:  g.partial(g.day(2018+g.r.IntN(4)), 0, 0.3), URL: fmt.Sprintf("https://example.org/synth/%d", g.n),
			Published: true}, g.subset(inside), 0.6)
	}
	if g.chance(0.15) {
		named := g.subset(inside)[:1]
		src := &model.Source{Meta: g.meta(g.id()), Type: "leaked_file", Language: "zh",
			Title:       fmt.Sprintf("Leaked detainee list, %s (%d)", placeName(f.home), 2018+g.r.IntN(2)),
			Reliability: "authenticated by two researchers", Published: false}
		add(src, named, 0.9)
		s.documentary[named[0]] = true
	}
	for _, i := range inside {
		m := f.members[i]
		if m.p.Status == model.StatusImprisoned && g.chance(0.3) {
			add(&model.Source{Meta: g.meta(g.id()), Type: "official_document", Language: "zh",
				Title: fmt.Sprintf("Court notice: verdict in the case of %s", m.p.PrimaryName()), Published: false}, []int{i}, 0.95)
			s.official[i], s.documentary[i] = true, true
		} else if m.p.Status != model.StatusDeceased && g.chance(0.08) {
			add(&model.Source{Meta: g.meta(g.id()), Type: "official_statement", Language: "en",
				Title:     fmt.Sprintf("Regional government statement: %s \"completed vocational training and lives a normal life\"", m.p.PrimaryName()),
				Publisher: "Xinjiang regional government", Date: g.day(2019 + g.r.IntN(3)), Published: true}, []int{i}, 0.3)
			s.official[i] = true
		}
	}
}

// subset returns a random non-empty selection of the indexes, in random order.
func (g *gen) subset(idx []int) []int {
	out := append([]int(nil), idx...)
	g.r.Shuffle(len(out), func(a, b int) { out[a], out[b] = out[b], out[a] })
	return out[:1+g.r.IntN(len(out))]
}
