package refdata

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/tizim/tizim/internal/model"
)

// osmSourceTitle names the OpenStreetMap export every facility cites.
const osmSourceTitle = "OpenStreetMap: objects tagged prison_camp=re-education in Xinjiang (export 2021-03-15)"

// osmNameTags are the name tags kept, with the language each is in. "name" is tagged by
// its script, since mappers write it in whatever the sign says.
var osmNameTags = []struct{ tag, lang string }{
	{"name", ""},
	{"name:en", "en"},
	{"name:zh", "zh"},
	{"name:zh-Hans", "zh-Hans"},
	{"name:zh-Hant", "zh-Hant"},
	{"name:ug", "ug"},
	{"alt_name", ""},
}

// loadFacilities reads the OSM export of re-education camps: one Facility per way or
// relation, citing one Source for the export.
func (s *Set) loadFacilities(mk func(string) model.Meta) error {
	raw, err := files.ReadFile("data/facilities/osm-reeducation-camps-20210315.geojson")
	if err != nil {
		return err
	}
	var fc struct {
		Features []struct {
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	// Numbers stay as written: an OSM id read as float64 prints as 6.4698893e+08.
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&fc); err != nil {
		return err
	}
	src := &model.Source{Meta: mk("refdata:source:osm-reeducation-camps-20210315"), Type: "report",
		Title: osmSourceTitle, Publisher: "OpenStreetMap contributors", Date: model.Date{Y: 2021, M: 3, D: 15},
		URL: "https://www.openstreetmap.org", Reliability: "crowd-mapped; names and extents as tagged by mappers",
		Published: true}
	s.Sources = append(s.Sources, src)
	counties := s.countyNames()
	for _, f := range fc.Features {
		tags := map[string]string{}
		for k, v := range f.Properties {
			tags[k] = fmt.Sprint(v)
		}
		osmType, osmID := tags["osm_type"], tags["osm_id"]
		lat, err1 := strconv.ParseFloat(tags["centroid_lat"], 64)
		lon, err2 := strconv.ParseFloat(tags["centroid_lon"], 64)
		if osmType == "" || osmID == "" || err1 != nil || err2 != nil {
			return fmt.Errorf("feature %s/%s: missing id or centroid", osmType, osmID)
		}
		fac := &model.Facility{Meta: mk("osm:" + osmType + "/" + osmID), Type: "camp",
			Names: facilityNames(tags), Lat: lat, Lon: lon, Sources: []model.ID{src.ID},
			Notes: facilityNotes(tags)}
		if len(fac.Names) == 0 {
			fac.Names = []model.PlaceName{{Text: fmt.Sprintf("Re-education camp (OSM %s %s)", osmType, osmID), Lang: "en"}}
		}
		fac.Place = counties.find(tags)
		s.Facilities = append(s.Facilities, fac)
	}
	return nil
}

func facilityNames(tags map[string]string) []model.PlaceName {
	var out []model.PlaceName
	seen := map[string]bool{}
	for _, t := range osmNameTags {
		v := strings.TrimSpace(tags[t.tag])
		if v == "" || seen[v] {
			continue // name:zh-Hans usually repeats name
		}
		seen[v] = true
		lang := t.lang
		if lang == "" {
			lang = guessLang(v, "CN")
		}
		out = append(out, model.PlaceName{Text: v, Lang: lang})
	}
	return out
}

// facilityNotes keeps the mappers' notes and the Wikidata item, which lead to more sources.
func facilityNotes(tags map[string]string) string {
	var notes []string
	if n := strings.TrimSpace(tags["note"]); n != "" {
		notes = append(notes, "OSM note: "+n)
	}
	if w := tags["wikidata"]; w != "" {
		notes = append(notes, "Wikidata "+w)
	}
	return strings.Join(notes, "; ")
}

// countyIndex finds the county a facility's own name places it in.
type countyIndex map[string]model.ID // full Chinese county name → place

// countyNames indexes the counties by their full Chinese name ("疏勒县"). A camp named
// "疏勒县职业技能教育培训中心" is the county's own camp and lies in it; a name naming
// no county, or two, decides nothing.
func (s *Set) countyNames() countyIndex {
	ix := countyIndex{}
	dup := map[string]bool{}
	for _, p := range s.Places {
		if p.Level != "county" {
			continue
		}
		n := p.Name("zh")
		if _, ok := ix[n]; ok {
			dup[n] = true
		}
		ix[n] = p.ID
	}
	for n := range dup {
		delete(ix, n)
	}
	return ix
}

func (ix countyIndex) find(tags map[string]string) model.ID {
	var found model.ID
	for _, t := range []string{"addr:county", "addr:city", "name", "name:zh", "name:zh-Hans"} {
		v := tags[t]
		if v == "" {
			continue
		}
		for name, id := range ix {
			if !strings.Contains(v, name) {
				continue
			}
			if !found.IsZero() && found != id {
				return model.ID{} // two counties named: undecided
			}
			found = id
		}
	}
	return found
}
