package synth

import (
	"errors"
	"strings"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/refdata"
)

// tables are what a run draws from the reference data, indexed once.
type tables struct {
	north, south []*model.Place // hometowns: counties and townships, by region
	countyCode   map[model.ID]string
	countyOf     map[model.ID]model.ID // township or county → county
	facilities   []*model.Facility
	byCounty     map[model.ID][]*model.Facility
	abroad       []*model.Place // towns in Kazakhstan, where testifiers live
	names        *nameLists
	psb          model.ID // the Xinjiang Public Security Bureau, agency of some detentions
}

// Kazakhs live mostly in the north (Ili, Tacheng, Altay, Changji, Urumqi, Bortala), Uyghurs
// mostly in the south (Kashgar, Hotan, Aksu, Kizilsu, Bayingolin, Turpan, Hami).
var northPrefectures = map[string]bool{"6501": true, "6502": true, "6523": true, "6527": true,
	"6540": true, "6542": true, "6543": true}

func newTables(ref *refdata.Set) (*tables, error) {
	t := &tables{
		countyCode: map[model.ID]string{},
		countyOf:   map[model.ID]model.ID{},
		byCounty:   map[model.ID][]*model.Facility{},
		facilities: ref.Facilities,
		abroad:     ref.TownsIn("KZ"),
	}
	if r := ref.ByExternalID("ofac:29159"); r != nil {
		t.psb = r.Head().ID
	}
	for _, c := range ref.Counties() {
		t.countyCode[c.ID] = c.Code
		t.countyOf[c.ID] = c.ID
		t.add(c)
	}
	for _, tw := range ref.Townships() {
		if _, ok := t.countyCode[tw.Parent]; !ok {
			continue
		}
		t.countyOf[tw.ID] = tw.Parent
		t.add(tw)
	}
	for _, f := range ref.Facilities {
		if !f.Place.IsZero() {
			t.byCounty[f.Place] = append(t.byCounty[f.Place], f)
		}
	}
	if len(t.north) == 0 || len(t.south) == 0 || len(t.abroad) == 0 {
		return nil, errors.New("synth: reference data lacks northern or southern places or Kazakh towns")
	}
	var err error
	t.names, err = loadNames()
	return t, err
}

func (t *tables) add(p *model.Place) {
	if northPrefectures[p.Code[:4]] {
		t.north = append(t.north, p)
	} else {
		t.south = append(t.south, p)
	}
}

// hometown draws a place of the family's region: Kazakh, Hui and Han families mostly in
// the north, Uyghur, Uzbek and Kyrgyz (Kizilsu) families mostly in the south.
func (g *gen) hometown(eth model.Ethnicity) *model.Place {
	north := eth == "kazakh" || eth == "hui" || eth == "han"
	if g.chance(0.15) {
		north = !north
	}
	if north {
		return pick(g, g.ref.north)
	}
	return pick(g, g.ref.south)
}

// facility draws a camp, preferring one in the person's county.
func (g *gen) facility(home *model.Place) *model.Facility {
	if fs := g.ref.byCounty[g.ref.countyOf[home.ID]]; len(fs) > 0 && g.chance(0.7) {
		return pick(g, fs)
	}
	return pick(g, g.ref.facilities)
}

// placeName is a place's Chinese name, for addresses and court names.
func placeName(p *model.Place) string {
	return strings.TrimSpace(p.Name("zh"))
}
