package synth

import (
	"github.com/tizim/tizim/internal/model"
)

// member is one person of a family while the family is being generated.
type member struct {
	p              *model.Person
	given          string  // the given name in the family's base script (Cyrillic, ULY, or Chinese)
	ug             *ugName // Uyghur and Uzbek families
	zhGiven        zhPart  // Hui and Han families
	zhFamily       zhPart
	father, mother int // index in the family, -1 when outside it
	spouse         int
	gen            int
	female, abroad bool
	birth          model.Date // full; the record may keep less
	detained       model.Date // full; zero for those not detained
	facility       *model.Facility
}

// family is one generated family: a couple, their children, the children's spouses and
// grandchildren, some detained in Xinjiang and one or two abroad.
type family struct {
	eth       model.Ethnicity
	surname   string // Kazakh surname (male form), carried by relatives abroad
	zhSurname zhPart
	suffixed  bool // patronymics written with ұлы/қызы rather than the bare father's name
	home      *model.Place
	members   []*member
	newspaper bool
}

var ethnicities = []model.Ethnicity{"kazakh", "uyghur", "kyrgyz", "hui", "uzbek", "han"}
var ethnicityWeights = []int{55, 30, 5, 4, 3, 3}

// family generates one family of detained+abroad persons and emits all its records.
func (g *gen) family(detained, abroad int) error {
	f := &family{eth: ethnicities[g.weighted(ethnicityWeights)], suffixed: g.chance(0.6),
		newspaper: detained == newspaperFamily}
	f.surname = pick(g, g.ref.names.surnames)
	if f.eth == "hui" || f.eth == "han" {
		f.zhSurname = pick(g, g.ref.names.zhSurname[string(f.eth)])
	}
	f.home = g.hometown(f.eth)
	g.tree(f, detained+abroad)
	g.chooseAbroad(f, abroad)
	for _, m := range f.members {
		g.person(f, m)
	}
	st := g.buildStory(f, g.relations(f))
	for _, m := range f.members {
		if err := g.put(m.p); err != nil {
			return err
		}
	}
	for _, r := range st.records() {
		if err := g.put(r); err != nil {
			return err
		}
	}
	return nil
}

// tree builds the family's members with births and kinship links.
func (g *gen) tree(f *family, total int) {
	add := func(m *member) int {
		f.members = append(f.members, m)
		return len(f.members) - 1
	}
	born := 1940 + g.r.IntN(21)
	head := add(&member{father: -1, mother: -1, spouse: -1, birth: g.day(born)})
	if total == 1 {
		return
	}
	wife := add(&member{father: -1, mother: -1, spouse: head, female: true, birth: g.day(born + g.r.IntN(6))})
	f.members[head].spouse = wife
	for len(f.members) < total {
		var single, parents []int
		for i, m := range f.members {
			if m.gen == 1 && m.spouse < 0 && m.birth.Y < 1995 {
				single = append(single, i)
			}
			if m.gen == 1 && m.spouse >= 0 && !m.female && m.birth.Y <= 1983 {
				parents = append(parents, i)
			}
		}
		switch x := g.r.Float64(); {
		case x < 0.25 && len(single) > 0:
			s := single[g.r.IntN(len(single))]
			sp := add(&member{father: -1, mother: -1, spouse: s, gen: 1, female: !f.members[s].female,
				birth: g.day(f.members[s].birth.Y - 3 + g.r.IntN(6))})
			f.members[s].spouse = sp
		case x < 0.5 && len(parents) > 0:
			dad := parents[g.r.IntN(len(parents))]
			y := min(f.members[dad].birth.Y+20+g.r.IntN(11), 2005)
			add(&member{father: dad, mother: f.members[dad].spouse, spouse: -1, gen: 2,
				female: g.chance(0.5), birth: g.day(y)})
		default:
			y := min(born+20+g.r.IntN(16), 2003)
			add(&member{father: head, mother: wife, spouse: -1, gen: 1, female: g.chance(0.5), birth: g.day(y)})
		}
	}
}

// chooseAbroad marks the relatives who left for Kazakhstan: children first, then
// grandchildren, then the older couple, as in the families who testify.
func (g *gen) chooseAbroad(f *family, n int) {
	order := make([]int, 0, len(f.members))
	for _, gen := range []int{1, 2, 0} {
		for _, blood := range []bool{true, false} { // the couple's own children before in-laws
			for i := len(f.members) - 1; i >= 0; i-- {
				if m := f.members[i]; m.gen == gen && (m.father >= 0 || gen == 0) == blood {
					order = append(order, i)
				}
			}
		}
	}
	for _, i := range order[:n] {
		f.members[i].abroad = true
	}
}

// relations builds kinship between members: parent→child, spouses, and siblings.
func (g *gen) relations(f *family) []model.Record {
	var out []model.Record
	rel := func(from, to int, typ string) {
		out = append(out, &model.Relation{Meta: g.meta(g.id()), From: f.members[from].p.ID,
			To: f.members[to].p.ID, Type: typ})
	}
	for i, m := range f.members {
		for _, par := range []int{m.father, m.mother} {
			if par >= 0 {
				rel(par, i, "parent")
			}
		}
		if m.spouse > i {
			rel(i, m.spouse, "spouse")
		}
		for j := i + 1; j < len(f.members); j++ {
			if o := f.members[j]; m.father >= 0 && o.father == m.father && o.mother == m.mother {
				rel(i, j, "sibling")
			}
		}
	}
	return out
}

// kin names what b is to a: "father", "sister", "son", "wife", or "relative".
func kin(f *family, a, b int) string {
	ma, mb := f.members[a], f.members[b]
	word := func(m, fem string) string {
		if mb.female {
			return fem
		}
		return m
	}
	switch {
	case ma.father == b || ma.mother == b:
		return word("father", "mother")
	case mb.father == a || mb.mother == a:
		return word("son", "daughter")
	case ma.spouse == b:
		return word("husband", "wife")
	case ma.father >= 0 && ma.father == mb.father:
		return word("brother", "sister")
	}
	return "relative"
}
