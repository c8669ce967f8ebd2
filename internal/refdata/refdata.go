// Package refdata provides the reference data tizim loads into a new archive at `tizim init`:
// the Xinjiang administrative divisions (NBS 2023 codes, Chinese names and pinyin), GeoNames
// towns of Xinjiang, Kazakhstan and Kyrgyzstan, the re-education camps mapped in
// OpenStreetMap, and the US OFAC sanctions on Xinjiang agencies and officials, each as model
// records with a stable external id so that loading twice changes nothing.
//
// The data is embedded (see data/NOTICE.md for sources and licences). The package only reads
// it: it does no I/O beyond the embedded files, writes nothing, and never guesses a link it
// cannot derive from the data (a town without a clean prefecture match has no parent).
package refdata

import (
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"time"

	"github.com/tizim/tizim/internal/model"
)

//go:embed data
var files embed.FS

// createdBy marks every reference record in its Meta.
const createdBy = "refdata"

// Set is the loaded reference data, as model records ready to store.
type Set struct {
	// Sources are the data sets the other records cite (OSM export, OFAC list).
	Sources []*model.Source
	// Places are the province, prefectures, counties and townships, then the towns, each
	// level after the one it belongs to.
	Places        []*model.Place
	Facilities    []*model.Facility
	Organisations []*model.Organisation
	Officials     []*model.Official

	byCode map[string]*model.Place   // NBS code → division
	byExt  map[string]model.Record   // external id → record
	byID   map[model.ID]*model.Place // internal id → place
	// country is the ISO 3166 code of each town; the Place record has no country field.
	country map[model.ID]string
}

// Load reads the embedded data, stamping records as created now.
func Load() (*Set, error) { return LoadAt(time.Now().UTC()) }

// LoadAt reads the embedded data with Created/Updated set to now, so callers (and tests)
// control the clock. IDs derive from the external ids, so every archive names a reference
// place or facility by the same id.
func LoadAt(now time.Time) (*Set, error) {
	s := &Set{
		byCode:  map[string]*model.Place{},
		byExt:   map[string]model.Record{},
		byID:    map[model.ID]*model.Place{},
		country: map[model.ID]string{},
	}
	mk := func(ext string) model.Meta {
		return model.Meta{ID: model.DerivedID("tizim reference data", ext), ExternalID: ext, Version: 1,
			Created: now, CreatedBy: createdBy, Updated: now, UpdatedBy: createdBy}
	}
	steps := []struct {
		what string
		run  func(func(string) model.Meta) error
	}{
		{"admin divisions", s.loadDivisions},
		{"geonames towns", s.loadTowns},
		{"facilities", s.loadFacilities},
		{"sanctions", s.loadSanctions},
	}
	for _, st := range steps {
		if err := st.run(mk); err != nil {
			return nil, fmt.Errorf("refdata: %s: %w", st.what, err)
		}
	}
	for _, r := range s.Records() {
		if err := r.Validate(); err != nil {
			return nil, fmt.Errorf("refdata: %s: %w", r.Head().ExternalID, err)
		}
		if _, dup := s.byExt[r.Head().ExternalID]; dup {
			return nil, fmt.Errorf("refdata: duplicate external id %s", r.Head().ExternalID)
		}
		s.byExt[r.Head().ExternalID] = r
	}
	return s, nil
}

// Records returns every record in dependency order: sources, places (parents before
// children), facilities, organisations, then officials.
func (s *Set) Records() []model.Record {
	out := make([]model.Record, 0, len(s.Sources)+len(s.Places)+len(s.Facilities)+
		len(s.Organisations)+len(s.Officials))
	for _, r := range s.Sources {
		out = append(out, r)
	}
	for _, r := range s.Places {
		out = append(out, r)
	}
	for _, r := range s.Facilities {
		out = append(out, r)
	}
	for _, r := range s.Organisations {
		out = append(out, r)
	}
	for _, r := range s.Officials {
		out = append(out, r)
	}
	return out
}

// Province returns Xinjiang (NBS code 65).
func (s *Set) Province() *model.Place { return s.byCode["65"] }

// Prefectures returns the prefecture-level divisions, in code order.
func (s *Set) Prefectures() []*model.Place { return s.level("prefecture") }

// Counties returns the county-level divisions, in code order.
func (s *Set) Counties() []*model.Place { return s.level("county") }

// Townships returns the township-level divisions, in code order.
func (s *Set) Townships() []*model.Place { return s.level("township") }

// Towns returns the GeoNames towns, Xinjiang first, then Kazakhstan and Kyrgyzstan.
func (s *Set) Towns() []*model.Place { return s.level("town") }

// TownsIn returns the towns of one country ("CN", "KZ", "KG").
func (s *Set) TownsIn(country string) []*model.Place {
	var out []*model.Place
	for _, p := range s.Places {
		if p.Level == "town" && s.country[p.ID] == country {
			out = append(out, p)
		}
	}
	return out
}

func (s *Set) level(l string) []*model.Place {
	var out []*model.Place
	for _, p := range s.Places {
		if p.Level == l {
			out = append(out, p)
		}
	}
	return out
}

// PlaceByCode returns the division with this NBS code ("65", "6531", "653101", …), or nil.
func (s *Set) PlaceByCode(code string) *model.Place { return s.byCode[code] }

// Place returns the place with this internal id, or nil.
func (s *Set) Place(id model.ID) *model.Place { return s.byID[id] }

// ByExternalID returns the record with this external id ("nbs:650102", "geonames:1280037",
// "osm:way/646988930", "ofac:29220", …), or nil.
func (s *Set) ByExternalID(ext string) model.Record { return s.byExt[ext] }

// addPlace appends p and indexes it.
func (s *Set) addPlace(p *model.Place) {
	s.Places = append(s.Places, p)
	s.byID[p.ID] = p
	if p.Level != "town" && p.Code != "" {
		s.byCode[p.Code] = p
	}
}

// readCSV reads an embedded CSV (or TSV when sep is '\t') into rows keyed by header name.
func readCSV(name string, sep rune) ([]map[string]string, error) {
	f, err := files.Open("data/" + name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = sep
	r.FieldsPerRecord = -1
	if sep == '\t' {
		r.LazyQuotes = true // GeoNames quotes nothing; a stray " is part of a name
	}
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var rows []map[string]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		row := make(map[string]string, len(head))
		for i, h := range head {
			if i < len(rec) {
				row[h] = rec[i]
			}
		}
		rows = append(rows, row)
	}
}
