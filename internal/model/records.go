package model

import "time"

// Relation links two persons: kinship or association.
type Relation struct {
	Meta
	From  ID     `json:"from"`
	To    ID     `json:"to"`
	Type  string `json:"type"` // From is To's <Type>: parent means From is a parent of To
	Notes string `json:"notes,omitempty"`
}

// Translation of a testimony.
type Translation struct {
	Language string `json:"language"`
	Text     string `json:"text"`
	By       string `json:"by,omitempty"`
}

// Testimony is an account by a testifier about one or more persons.
type Testimony struct {
	Meta
	Testifier    ID            `json:"testifier,omitempty"`
	About        []ID          `json:"about"`
	RecordedOn   Date          `json:"recorded_on,omitempty"`
	RecordedAt   ID            `json:"recorded_at,omitempty"` // a Place
	Language     string        `json:"language,omitempty"`
	Medium       string        `json:"medium"`
	Transcript   string        `json:"transcript,omitempty"`
	Translations []Translation `json:"translations,omitempty"`
	Summary      string        `json:"summary,omitempty"`
	RecordedBy   string        `json:"recorded_by,omitempty"`
	Evidence     []ID          `json:"evidence,omitempty"`
	Publication  Publication   `json:"publication"`
	PublicCode   string        `json:"public_code,omitempty"`
	// Secret holds what stays confidential whatever is published: where the testifier can
	// be reached, where it was recorded exactly, the interviewer's notes.
	Secret TestimonySecret `json:"-"`
}

// TestimonySecret is the confidential part of a testimony.
type TestimonySecret struct {
	TestifierContact []Contact `json:"testifier_contact,omitempty"`
	Location         string    `json:"location,omitempty"`
	Notes            string    `json:"notes,omitempty"`
}

// Kind implements Record.
func (*Testimony) Kind() Kind { return KindTestimony }

// Evidence is a file kept unchanged; this is its metadata. Derivatives name their original.
type Evidence struct {
	Meta
	Type         string    `json:"kind"`
	Title        string    `json:"title,omitempty"`
	MediaType    string    `json:"media_type,omitempty"`
	Size         int64     `json:"size,omitempty"`
	SHA256       string    `json:"sha256,omitempty"`
	ReceivedFrom string    `json:"received_from,omitempty"`
	ReceivedAt   time.Time `json:"received_at,omitempty"`
	About        []ID      `json:"about,omitempty"`
	Original     ID        `json:"original,omitempty"`   // set on a derivative
	Derivation   string    `json:"derivation,omitempty"` // scrubbed, transcode, thumbnail, redacted
	Scrubbed     bool      `json:"scrubbed,omitempty"`   // only scrubbed derivatives may be published
	Notes        string    `json:"notes,omitempty"`
}

// Kind implements Record.
func (*Evidence) Kind() Kind { return KindEvidence }

// Source is a press article, report, official document, leak, post, or official statement.
type Source struct {
	Meta
	Type        string `json:"type"`
	Title       string `json:"title"`
	Publisher   string `json:"publisher,omitempty"`
	Author      string `json:"author,omitempty"`
	Date        Date   `json:"date,omitempty"`
	Language    string `json:"language,omitempty"`
	URL         string `json:"url,omitempty"`
	Archived    ID     `json:"archived,omitempty"` // an Evidence
	Reliability string `json:"reliability,omitempty"`
	About       []ID   `json:"about,omitempty"`
	Published   bool   `json:"published"` // a source may be cited publicly (press is, a leak may not be)
}

// Kind implements Record.
func (*Source) Kind() Kind { return KindSource }

// Event is something that happened to one or more persons.
type Event struct {
	Meta
	Type        string    `json:"type"`
	Persons     []ID      `json:"persons"`
	Date        Date      `json:"date,omitempty"`
	Place       ID        `json:"place,omitempty"`
	Facility    ID        `json:"facility,omitempty"`
	Agency      ID        `json:"agency,omitempty"` // an Organisation
	Officials   []ID      `json:"officials,omitempty"`
	Charge      string    `json:"charge,omitempty"`
	Term        string    `json:"term,omitempty"`
	Court       string    `json:"court,omitempty"`
	Description string    `json:"description,omitempty"`
	Support     []Support `json:"support,omitempty"`
}

// Kind implements Record.
func (*Event) Kind() Kind { return KindEvent }

// PlaceName is a place's name in one language or script.
type PlaceName struct {
	Text string `json:"text"`
	Lang string `json:"lang,omitempty"`
}

// Place is a node of the administrative hierarchy or a town.
type Place struct {
	Meta
	Level     string      `json:"level"` // country, province, prefecture, county, township, town
	Code      string      `json:"code,omitempty"`
	ValidFrom Date        `json:"valid_from,omitempty"`
	ValidTo   Date        `json:"valid_to,omitempty"`
	Parent    ID          `json:"parent,omitempty"`
	Names     []PlaceName `json:"names"`
	Lat       float64     `json:"lat,omitempty"`
	Lon       float64     `json:"lon,omitempty"`
}

// Kind implements Record.
func (*Place) Kind() Kind { return KindPlace }

// Name returns the place's name in lang, else its first name.
func (p *Place) Name(lang string) string {
	for _, n := range p.Names {
		if n.Lang == lang {
			return n.Text
		}
	}
	if len(p.Names) > 0 {
		return p.Names[0].Text
	}
	return ""
}

// Facility is a detention site.
type Facility struct {
	Meta
	Names   []PlaceName `json:"names"`
	Type    string      `json:"type"`
	Place   ID          `json:"place,omitempty"`
	Lat     float64     `json:"lat,omitempty"`
	Lon     float64     `json:"lon,omitempty"`
	Sources []ID        `json:"sources,omitempty"`
	Notes   string      `json:"notes,omitempty"`
}

// Kind implements Record.
func (*Facility) Kind() Kind { return KindFacility }

// Sanction is a sanction imposed on an organisation or official.
type Sanction struct {
	Authority string `json:"authority"` // e.g. US OFAC
	Program   string `json:"program"`
	Listed    Date   `json:"listed,omitempty"`
	Reference string `json:"reference,omitempty"`
	Source    ID     `json:"source,omitempty"`
}

// Organisation is an agency, bureau or company linked to events.
type Organisation struct {
	Meta
	Names     []PlaceName `json:"names"`
	Type      string      `json:"type,omitempty"`
	Place     ID          `json:"place,omitempty"`
	Sanctions []Sanction  `json:"sanctions,omitempty"`
}

// Kind implements Record.
func (*Organisation) Kind() Kind { return KindOrganisation }

// Official is a person acting for the state, linked to events.
type Official struct {
	Meta
	Names        []NameForm `json:"names"`
	Title        string     `json:"title,omitempty"`
	Organisation ID         `json:"organisation,omitempty"`
	Sanctions    []Sanction `json:"sanctions,omitempty"`
}

// Kind implements Record.
func (*Official) Kind() Kind { return KindOfficial }

// Action is an advocacy or family step.
type Action struct {
	Meta
	Type     string `json:"kind"`
	Date     Date   `json:"date,omitempty"`
	By       string `json:"by,omitempty"`
	To       string `json:"to,omitempty"`
	About    []ID   `json:"about,omitempty"`
	Summary  string `json:"summary,omitempty"`
	Reply    string `json:"reply,omitempty"`
	Outcome  string `json:"outcome,omitempty"`
	FollowUp Date   `json:"follow_up,omitempty"`
}

// Kind implements Record.
func (*Action) Kind() Kind { return KindAction }

// Consent records who agreed to what being published, and how. Publication levels of
// persons and testimonies are derived from these records, never set directly.
type Consent struct {
	Meta
	Subject     ID          `json:"subject"`      // the Person or Testimony
	SubjectKind Kind        `json:"subject_kind"` // person or testimony
	GivenBy     ID          `json:"given_by"`     // the Person who agreed
	OnBehalf    bool        `json:"on_behalf"`    // a relative agreeing for a person who cannot
	Level       Publication `json:"level"`
	Date        Date        `json:"date"`
	Method      string      `json:"method"`
	Witness     string      `json:"witness,omitempty"`
	Withdrawn   Date        `json:"withdrawn,omitempty"`
	Notes       string      `json:"notes,omitempty"`
}

// Kind implements Record.
func (*Consent) Kind() Kind { return KindConsent }

// Active reports whether the consent is still in force.
func (c *Consent) Active() bool { return c.Withdrawn.IsZero() }

// Kind implements Record.
func (*Relation) Kind() Kind { return KindRelation }
