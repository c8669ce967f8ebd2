package transfer

import (
	"fmt"
	"strings"

	"github.com/tizim/tizim/internal/model"
)

// Gazetteer finds the reference places and facilities already in the archive from what a
// spreadsheet writes: an NBS code ("650102"), an external id ("nbs:650102",
// "osm:way/646988930") or a name in any language the record carries (Chinese, pinyin,
// English…). A name shared by several places is ambiguous and reported, never guessed.
type Gazetteer struct {
	places, facilities map[string][]model.ID
}

// NewGazetteer indexes places and facilities.
func NewGazetteer(places []*model.Place, facilities []*model.Facility) *Gazetteer {
	g := &Gazetteer{places: map[string][]model.ID{}, facilities: map[string][]model.ID{}}
	add := func(m map[string][]model.ID, key string, id model.ID) {
		key = fold(key)
		if key == "" {
			return
		}
		for _, x := range m[key] {
			if x == id {
				return
			}
		}
		m[key] = append(m[key], id)
	}
	for _, p := range places {
		add(g.places, p.Code, p.ID)
		add(g.places, p.ExternalID, p.ID)
		for _, n := range p.Names {
			add(g.places, n.Text, p.ID)
		}
	}
	for _, f := range facilities {
		add(g.facilities, f.ExternalID, f.ID)
		for _, n := range f.Names {
			add(g.facilities, n.Text, f.ID)
		}
	}
	return g
}

// Place resolves a hometown.
func (g *Gazetteer) Place(ref string) (model.ID, error) {
	if g == nil {
		return g.find(nil, ref, "place")
	}
	return g.find(g.places, ref, "place")
}

// Facility resolves a detention site.
func (g *Gazetteer) Facility(ref string) (model.ID, error) {
	if g == nil {
		return g.find(nil, ref, "facility")
	}
	return g.find(g.facilities, ref, "facility")
}

func (g *Gazetteer) find(m map[string][]model.ID, ref, what string) (model.ID, error) {
	ref = strings.TrimSpace(ref)
	if id, err := model.ParseID(ref); err == nil {
		return id, nil
	}
	var ids []model.ID
	if m != nil {
		ids = m[fold(ref)]
		if len(ids) == 0 {
			// "nbs:650102" and "650102" name the same place.
			if _, code, ok := strings.Cut(ref, ":"); ok {
				ids = m[fold(code)]
			}
		}
	}
	switch len(ids) {
	case 0:
		return model.ID{}, fmt.Errorf("no %s %q in the archive's reference data: write its code (e.g. 650102), its id (nbs:650102) or its name as in the gazetteer", what, ref)
	case 1:
		return ids[0], nil
	}
	return model.ID{}, fmt.Errorf("%d %ss are called %q: write the code or id of the one you mean", len(ids), what, ref)
}
