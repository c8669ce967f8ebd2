package synth

import (
	"strings"

	"github.com/tizim/tizim/internal/model"
)

// chooseGiven draws the member's given name in the family's base script, one not already
// given to someone in the family.
func (g *gen) chooseGiven(f *family, m *member) {
	for try := 0; try < 8; try++ {
		g.drawGiven(f, m)
		if !f.taken(m) {
			return
		}
	}
}

// taken reports whether another member already has m's given name.
func (f *family) taken(m *member) bool {
	for _, o := range f.members {
		if o != m && o.given == m.given {
			return true
		}
	}
	return false
}

func (g *gen) drawGiven(f *family, m *member) {
	l := g.ref.names
	switch f.eth {
	case "uyghur", "uzbek":
		list := l.ugMale
		if m.female {
			list = l.ugFemale
		}
		m.ug = &list[g.r.IntN(len(list))]
		m.given = m.ug.latn
	case "hui", "han":
		// Children take their father's surname; wives keep their own.
		switch {
		case m.father >= 0:
			m.zhFamily = f.members[m.father].zhFamily
		case m == f.members[0]:
			m.zhFamily = f.zhSurname
		default:
			m.zhFamily = pick(g, l.zhSurname[string(f.eth)])
		}
		m.zhGiven = pick(g, l.zhGiven)
		m.given = m.zhGiven.hani
	default:
		if m.female {
			m.given = pick(g, l.kkFemale)
		} else {
			m.given = pick(g, l.kkMale)
		}
	}
}

// fatherOf returns the member's father's given name: the father in the family if there is
// one, else a name drawn for a father outside the record.
func (g *gen) fatherOf(f *family, m *member) (string, *ugName) {
	if m.father >= 0 {
		d := f.members[m.father]
		return d.given, d.ug
	}
	l := g.ref.names
	switch f.eth {
	case "uyghur", "uzbek":
		u := &l.ugMale[g.r.IntN(len(l.ugMale))]
		return u.latn, u
	}
	return pick(g, l.kkMale), nil
}

// names builds the member's name forms, each as it would be written in one kind of record.
func (g *gen) names(f *family, m *member) []model.NameForm {
	father, fug := g.fatherOf(f, m)
	switch f.eth {
	case "uyghur", "uzbek":
		return g.uyghurForms(m, fug)
	case "hui", "han":
		s := m.zhFamily
		return []model.NameForm{
			{Text: s.hani + m.zhGiven.hani, Script: "Hani", System: "zh", Kind: "primary", Given: m.zhGiven.hani, Family: s.hani},
			{Text: pinyinWord(s.pinyin) + " " + pinyinWord(m.zhGiven.pinyin), Script: "Latn", System: "zh-Latn-pinyin",
				Kind: "pinyin", Given: pinyinWord(m.zhGiven.pinyin), Family: pinyinWord(s.pinyin)},
		}
	case "kyrgyz":
		return g.kyrgyzForms(m, father)
	}
	return g.kazakhForms(f, m, father)
}

// kazakhForms: Kazakh Cyrillic primary, a Latin form, and for some a Russian-style form and
// the Chinese transcription with its pinyin. Relatives abroad go by a family surname.
func (g *gen) kazakhForms(f *family, m *member, father string) []model.NameForm {
	l := g.ref.names
	pat := father
	if f.suffixed {
		pat += byGender(m.female, "ұлы", "қызы")
	}
	var out []model.NameForm
	if m.abroad {
		sur := l.surname(f.surname, m.female)
		out = append(out, model.NameForm{Text: m.given + " " + sur, Script: "Cyrl", System: "kk", Kind: "primary", Given: m.given, Family: sur})
		out = append(out, latinForm(g, m.given, "", sur))
		if g.chance(0.5) {
			out = append(out, model.NameForm{Text: m.given + " " + pat, Script: "Cyrl", System: "kk", Kind: "patronymic", Given: m.given, Father: pat})
		}
	} else {
		out = append(out, model.NameForm{Text: m.given + " " + pat, Script: "Cyrl", System: "kk", Kind: "primary", Given: m.given, Father: pat})
		out = append(out, latinForm(g, m.given, pat, ""))
	}
	if m.abroad || g.chance(0.4) {
		rg, rf := mapRunes(m.given, kkRussian), russianSurname(mapRunes(father, kkRussian), m.female)
		out = append(out, model.NameForm{Text: rg + " " + rf, Script: "Cyrl", System: "ru", Kind: "alias", Given: rg, Family: rf})
	}
	if !m.abroad || g.chance(0.3) {
		out = append(out, g.chineseForms(m.given, father)...)
	}
	return out
}

// latinForm writes a Kazakh name in Latin: the 2021 alphabet or an English spelling.
func latinForm(g *gen, given, father, family string) model.NameForm {
	table, sys := kkEnglish, "en"
	if g.chance(0.4) {
		table, sys = kkLatn2021, "kk-Latn"
	}
	f := model.NameForm{Script: "Latn", System: sys, Kind: "alias", Given: mapRunes(given, table),
		Father: mapRunes(father, table), Family: mapRunes(family, table)}
	f.Text = strings.Join(nonEmpty(f.Given, f.Father, f.Family), " ")
	return f
}

// kyrgyzForms: Kyrgyz Cyrillic with "уулу"/"кызы" after the father's name, an English
// spelling, and the Chinese transcription.
func (g *gen) kyrgyzForms(m *member, father string) []model.NameForm {
	given, fa := mapRunes(m.given, kkKyrgyz), mapRunes(father, kkKyrgyz)
	pat := fa + byGender(m.female, " уулу", " кызы")
	out := []model.NameForm{{Text: given + " " + pat, Script: "Cyrl", System: "ky", Kind: "primary", Given: given, Father: pat}}
	out = append(out, latinForm(g, given, pat, ""))
	out[1].System = "en"
	return append(out, g.chineseForms(m.given, father)...)
}

// chineseForms is the official Chinese transcription ("塞力克江·比拉什") and its pinyin.
func (g *gen) chineseForms(given, father string) []model.NameForm {
	l := g.ref.names
	gh, gp := l.transcribe(given)
	fh, fp := l.transcribe(father)
	if !hasLetter(gh) || !hasLetter(fh) {
		return nil
	}
	return []model.NameForm{
		{Text: gh + "·" + fh, Script: "Hani", System: "zh", Kind: "official_zh", Given: gh, Father: fh},
		{Text: pinyinWord(gp) + " " + pinyinWord(fp), Script: "Latn", System: "zh-Latn-pinyin", Kind: "pinyin",
			Given: pinyinWord(gp), Father: pinyinWord(fp)},
	}
}

// uyghurForms: Uyghur Arabic primary, ULY, the Chinese transcription and pinyin, and for
// relatives abroad a Russian-style Cyrillic form with a surname made from the father's name.
func (g *gen) uyghurForms(m *member, father *ugName) []model.NameForm {
	u := m.ug
	out := []model.NameForm{
		{Text: u.arab + " " + father.arab, Script: "Arab", System: "ug", Kind: "primary", Given: u.arab, Father: father.arab},
		{Text: u.latn + " " + father.latn, Script: "Latn", System: "ug-Latn", Kind: "alias", Given: u.latn, Father: father.latn},
		{Text: u.hani + "·" + father.hani, Script: "Hani", System: "zh", Kind: "official_zh", Given: u.hani, Father: father.hani},
		{Text: pinyinWord(u.pinyin) + " " + pinyinWord(father.pinyin), Script: "Latn", System: "zh-Latn-pinyin",
			Kind: "pinyin", Given: pinyinWord(u.pinyin), Father: pinyinWord(father.pinyin)},
	}
	if m.abroad {
		rg := capitalize(ulyRussian.Replace(strings.ToLower(u.latn)))
		rf := russianSurname(capitalize(ulyRussian.Replace(strings.ToLower(father.latn))), m.female)
		out = append(out, model.NameForm{Text: rg + " " + rf, Script: "Cyrl", System: "ru", Kind: "alias", Given: rg, Family: rf})
	}
	return out
}

func nonEmpty(s ...string) []string {
	out := s[:0]
	for _, v := range s {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// byGender returns the masculine or feminine form.
func byGender(female bool, masc, fem string) string {
	if female {
		return fem
	}
	return masc
}
