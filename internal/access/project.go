package access

import (
	"github.com/tizim/tizim/internal/model"
)

// PublicPerson is everything the public may know about a person. Fields are filled per
// level by ProjectPerson; there is no field for anything that is always confidential.
type PublicPerson struct {
	Code          string            `json:"code"`
	Level         model.Publication `json:"level"`
	Names         []string          `json:"names,omitempty"` // public only
	Gender        string            `json:"gender,omitempty"`
	Ethnicity     string            `json:"ethnicity,omitempty"`
	Prefecture    string            `json:"prefecture,omitempty"` // name of the prefecture of the hometown
	Hometown      string            `json:"hometown,omitempty"`   // public only: county-level name
	BirthYear     int               `json:"birth_year,omitempty"` // public only
	Status        string            `json:"status"`
	DetainedYear  int               `json:"detained_year,omitempty"`
	DetainedOn    string            `json:"detained_on,omitempty"` // public only: the partial date
	EvidenceLevel int               `json:"evidence_level"`
	Facility      string            `json:"facility,omitempty"`    // public only
	Summary       string            `json:"summary,omitempty"`     // public only
	Timeline      []PublicEvent     `json:"timeline,omitempty"`    // public only
	Sources       []PublicSource    `json:"sources,omitempty"`     // public only, published sources
	Testimonies   []PublicTestimony `json:"testimonies,omitempty"` // public only, public testimonies
	Relatives     []PublicRelative  `json:"relatives,omitempty"`   // public only, public relatives
	Synthetic     bool              `json:"synthetic,omitempty"`
}

// PublicEvent is an event on a public timeline.
type PublicEvent struct {
	Type     string `json:"type"`
	Date     string `json:"date,omitempty"`
	Place    string `json:"place,omitempty"`
	Facility string `json:"facility,omitempty"`
	Charge   string `json:"charge,omitempty"`
	Term     string `json:"term,omitempty"`
	Court    string `json:"court,omitempty"`
}

// PublicSource is a published source.
type PublicSource struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Publisher string `json:"publisher,omitempty"`
	Date      string `json:"date,omitempty"`
	URL       string `json:"url,omitempty"`
}

// PublicTestimony is a testimony whose own consent is public.
type PublicTestimony struct {
	Code       string `json:"code"`
	Medium     string `json:"medium"`
	RecordedOn string `json:"recorded_on,omitempty"` // year only
	Language   string `json:"language,omitempty"`
	Summary    string `json:"summary,omitempty"`
	Transcript string `json:"transcript,omitempty"`
	Testifier  string `json:"testifier,omitempty"` // only when the testifier is public themselves
}

// PublicRelative is a relative who is public in their own right.
type PublicRelative struct {
	Type string `json:"type"`
	Code string `json:"code"`
	Name string `json:"name"`
}

// Related is what a person's projection may draw on, gathered by the archive. Anything
// here is filtered again by its own level before it is used.
type Related struct {
	PlaceName    func(id model.ID, level string) string // name of the place or its ancestor at level ("" if none)
	FacilityName func(id model.ID) string
	Events       []*model.Event
	Sources      []*model.Source
	Testimonies  []*model.Testimony
	Persons      map[model.ID]*model.Person // testifiers and relatives, to check their own level
	Relations    []*model.Relation
}

// ProjectPerson returns the public view of p, or nil when p is not published.
func ProjectPerson(p *model.Person, r Related) *PublicPerson {
	if p.Publication != model.Pseudonymous && p.Publication != model.Public || p.PublicCode == "" {
		return nil
	}
	name := func(f func(model.ID, string) string, id model.ID, level string) string {
		if f == nil || id.IsZero() {
			return ""
		}
		return f(id, level)
	}
	out := &PublicPerson{
		Code:          p.PublicCode,
		Level:         p.Publication,
		Gender:        string(p.Gender),
		Ethnicity:     string(p.Ethnicity),
		Prefecture:    name(r.PlaceName, p.Hometown, "prefecture"),
		Status:        string(p.Status),
		DetainedYear:  p.DetainedOn.Year(),
		EvidenceLevel: p.EvidenceLevel,
		Synthetic:     p.Synthetic,
	}
	if p.Publication != model.Public {
		return out
	}
	for _, n := range p.Names {
		out.Names = append(out.Names, n.Text)
	}
	out.Hometown = name(r.PlaceName, p.Hometown, "county")
	out.BirthYear = p.Birth.Year()
	out.DetainedOn = p.DetainedOn.String()
	if r.FacilityName != nil && !p.Facility.IsZero() {
		out.Facility = r.FacilityName(p.Facility)
	}
	out.Summary = p.Summary
	for _, e := range r.Events {
		// An event's place is named no finer than the county, as the hometown is: an arrest
		// "at the home village" must not name the village.
		place := name(r.PlaceName, e.Place, "county")
		if place == "" {
			place = name(r.PlaceName, e.Place, "prefecture")
		}
		pe := PublicEvent{Type: e.Type, Date: e.Date.String(), Place: place,
			Charge: e.Charge, Term: e.Term, Court: e.Court}
		if r.FacilityName != nil && !e.Facility.IsZero() {
			pe.Facility = r.FacilityName(e.Facility)
		}
		out.Timeline = append(out.Timeline, pe)
	}
	for _, s := range r.Sources {
		if s.Published {
			out.Sources = append(out.Sources, PublicSource{Type: s.Type, Title: s.Title, Publisher: s.Publisher, Date: s.Date.String(), URL: s.URL})
		}
	}
	for _, t := range r.Testimonies {
		if t.Publication != model.Public || t.PublicCode == "" {
			continue
		}
		pt := PublicTestimony{Code: t.PublicCode, Medium: t.Medium, Language: t.Language, Summary: t.Summary, Transcript: t.Transcript}
		if y := t.RecordedOn.Year(); y > 0 {
			pt.RecordedOn = model.Date{Y: y}.String()
		}
		if tp := r.Persons[t.Testifier]; tp != nil && tp.Publication == model.Public && tp.PublicCode != "" {
			pt.Testifier = tp.PrimaryName()
		}
		out.Testimonies = append(out.Testimonies, pt)
	}
	for _, rel := range r.Relations {
		// rel says "From is To's Type".
		other, typ := rel.From, rel.Type
		if rel.From == p.ID {
			other, typ = rel.To, inverse(rel.Type)
		}
		if op := r.Persons[other]; op != nil && op.Publication == model.Public && op.PublicCode != "" {
			out.Relatives = append(out.Relatives, PublicRelative{Type: typ, Code: op.PublicCode, Name: op.PrimaryName()})
		}
	}
	return out
}

// inverse turns "From is To's parent" into "To is From's child", and so on.
func inverse(kind string) string {
	switch kind {
	case "parent":
		return "child"
	case "child":
		return "parent"
	case "grandparent":
		return "grandchild"
	case "grandchild":
		return "grandparent"
	case "uncle_aunt":
		return "nephew_niece"
	case "nephew_niece":
		return "uncle_aunt"
	}
	return kind
}
