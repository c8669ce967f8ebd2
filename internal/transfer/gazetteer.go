package transfer

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/tizim/tizim/internal/model"
)

// Gazetteer finds the reference places and facilities already in the archive from what a
// spreadsheet writes: an NBS code ("650102"), an external id ("nbs:650102",
// "osm:way/646988930") or a name in any language the record carries (Chinese, pinyin,
// English…). A name shared by several places is ambiguous and reported, never guessed.
type Gazetteer struct {
	places, facilities map[string][]model.ID
	// What a cell resolved to, by the cell as written: an import's rows repeat a few
	// thousand hometowns and facilities, and the rows are converted on several goroutines.
	placeMemo, facilityMemo memo
}

// memo remembers the outcome of find for about memoSize distinct refs (goroutines adding at
// the same moment may each add one more); refs after that are resolved each time. The
// gazetteer does not change once made, so an outcome never goes stale. Reads of a sync.Map
// whose keys no longer change take no lock.
type memo struct {
	m sync.Map // ref -> found
	n atomic.Int32
}

// found is one outcome of find: the error is the very value find returned, so its text is
// the same for every row that meets it.
type found struct {
	id  model.ID
	err error
}

const memoSize = 1 << 14

func (g *Gazetteer) cached(mm *memo, m map[string][]model.ID, ref, what string) (model.ID, error) {
	if v, ok := mm.m.Load(ref); ok {
		f := v.(*found)
		return f.id, f.err
	}
	id, err := g.find(m, ref, what)
	if mm.n.Load() < memoSize {
		// The key is a copy: a cell may be a slice of a whole row that must not stay alive.
		if _, loaded := mm.m.LoadOrStore(strings.Clone(ref), &found{id, err}); !loaded {
			mm.n.Add(1)
		}
	}
	return id, err
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
	return g.cached(&g.placeMemo, g.places, ref, "place")
}

// Facility resolves a detention site.
func (g *Gazetteer) Facility(ref string) (model.ID, error) {
	if g == nil {
		return g.find(nil, ref, "facility")
	}
	return g.cached(&g.facilityMemo, g.facilities, ref, "facility")
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
