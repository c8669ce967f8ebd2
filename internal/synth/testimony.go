package synth

import (
	"github.com/tizim/tizim/internal/model"
)

var media = []string{"video_appeal", "interview", "written", "audio"}
var mediaWeights = []int{70, 15, 10, 5}

var recordedBy = []string{"volunteer intake team", "association lawyer", "visiting researcher", "self-recorded"}

var locations = []string{"association office", "private home", "café near the bazaar", "video call"}

// testimonies: each relative abroad testifies, the first about everyone inside, a second
// about some of them, in the family's language or in Russian.
func (g *gen) testimonies(s *story, inside []int) {
	f := s.f
	if len(inside) == 0 {
		return
	}
	for n, t := range f.testifiers() {
		about := inside
		if n > 0 {
			about = g.subset(inside)
		}
		tm := f.members[t]
		town := pick(g, g.ref.abroad)
		l := g.testimonyLang(f.eth)
		lines := make([]subjectLine, len(about))
		for k, i := range about {
			lines[k] = subjectLine{kin: kin(f, t, i), name: f.members[i].p.PrimaryName(), year: f.members[i].detained.Y}
		}
		name := tm.p.PrimaryName()
		cityLang := "en" // GeoNames has Kazakh and Russian names for Kazakh towns
		if l == "kk" || l == "ru" {
			cityLang = l
		}
		city := town.Name(cityLang)
		rec := g.day(2018 + g.r.IntN(3))
		tst := &model.Testimony{Meta: g.meta(g.id()), Testifier: tm.p.ID, RecordedOn: rec, RecordedAt: town.ID,
			Language: l, Medium: media[g.weighted(mediaWeights)], Publication: model.Internal,
			Transcript: transcript(l, name, city, lines), Summary: summary(l, name, len(about)),
			RecordedBy: pick(g, recordedBy)}
		if l != "en" {
			tst.Translations = []model.Translation{{Language: "en", Text: transcript("en", name, town.Name("en"), lines), By: "synth"}}
		}
		tst.Secret.TestifierContact = tm.p.Secret.Contacts
		tst.Secret.Location = town.Name("en") + ", " + pick(g, locations)
		for _, i := range about {
			tst.About = append(tst.About, f.members[i].p.ID)
			conf := 0.7 + 0.2*g.r.Float64()
			s.support[i] = append(s.support[i], model.Support{Kind: "testimony", ID: tst.ID, Confidence: round2(conf)})
		}
		s.testims = append(s.testims, tst)
	}
}

// testimonyLang is the language a relative of this ethnicity testifies in.
func (g *gen) testimonyLang(eth model.Ethnicity) string {
	switch {
	case g.chance(0.2):
		return "ru"
	case eth == "kazakh":
		return "kk"
	case eth == "uyghur" || eth == "uzbek":
		return "ug"
	}
	return "ru"
}

func round2(x float64) float64 { return float64(int(x*100+0.5)) / 100 }
