package synth

import (
	"github.com/tizim/tizim/internal/model"
)

// actionKinds are the advocacy steps relatives take, with who receives them, how likely
// each is per family, and the replies they typically get.
var actionKinds = []struct {
	kind, to string
	p        float64
	replies  []string
}{
	{"letter", "Ministry of Foreign Affairs of Kazakhstan", 0.6,
		[]string{"", "The ministry has forwarded your request to the Chinese side.", "No reply."}},
	{"petition", "Embassy of the PRC in Astana", 0.35, []string{"", "No reply.", "The person is in good health and receiving education."}},
	{"reunification_request", "Family reunification mechanism (Kazakhstan MFA)", 0.15, []string{"", "Request registered."}},
	{"wgeid_submission", "UN Working Group on Enforced or Involuntary Disappearances", 0.2,
		[]string{"", "The Working Group transmitted the case to the Government of China."}},
	{"press_campaign", "Press conference in Almaty", 0.1, []string{""}},
}

// actions makes the family's advocacy log, taken by the first relative abroad.
func (g *gen) actions(s *story, inside []int) {
	ts := s.f.testifiers()
	if len(ts) == 0 || len(inside) == 0 {
		return
	}
	by := s.f.members[ts[0]].p.PrimaryName()
	for _, k := range actionKinds {
		if !g.chance(k.p) {
			continue
		}
		d := g.day(2018 + g.r.IntN(5))
		a := &model.Action{Meta: g.meta(g.id()), Type: k.kind, Date: d, By: by, To: k.to,
			Summary: "Request for information on the whereabouts of detained relatives.", Reply: pick(g, k.replies)}
		for _, i := range g.subset(inside) {
			a.About = append(a.About, s.f.members[i].p.ID)
		}
		switch {
		case a.Reply == "":
			a.Outcome = "awaiting reply"
			a.FollowUp = g.after(d, 180, 2025)
		case k.kind == "wgeid_submission":
			a.Outcome = "case transmitted; no substantive reply"
			a.FollowUp = g.after(d, 365, 2025)
		default:
			a.Outcome = "reply received"
		}
		s.actions = append(s.actions, a)
	}
}
