package model

import "fmt"

// The controlled vocabularies. Values are stable English codes stored in the database and
// exports; user interfaces translate them. Importers map free text onto these and report,
// never create, values they do not know.

// Status is where a person is, as far as the record shows.
type Status string

// The statuses of DESIGN.md.
const (
	StatusCamp         Status = "camp"
	StatusDetained     Status = "detained"
	StatusImprisoned   Status = "imprisoned"
	StatusForcedLabour Status = "forced_labour"
	StatusRestricted   Status = "restricted"
	StatusReleased     Status = "released"
	StatusAbroad       Status = "abroad"
	StatusDisappeared  Status = "disappeared"
	StatusDeceased     Status = "deceased"
	StatusUnknown      Status = "unknown"
)

// Statuses lists every status in display order.
var Statuses = []Status{StatusCamp, StatusDetained, StatusImprisoned, StatusForcedLabour,
	StatusRestricted, StatusReleased, StatusAbroad, StatusDisappeared, StatusDeceased, StatusUnknown}

// Ethnicity is the ethnic group as recorded.
type Ethnicity string

// Ethnicities lists the recognised groups.
var Ethnicities = []Ethnicity{"kazakh", "uyghur", "kyrgyz", "hui", "uzbek", "tatar", "tajik", "mongol", "han", "other"}

// Gender is recorded as m, f or left empty.
type Gender string

// Genders lists the recorded genders.
var Genders = []Gender{"m", "f"}

// Publication is how much of a record may leave the archive.
type Publication string

// The publication levels of DESIGN.md; internal is the default for everything new.
const (
	Internal     Publication = "internal"
	Pseudonymous Publication = "pseudonymous"
	Public       Publication = "public"
)

// Publications lists the levels from most to least protective.
var Publications = []Publication{Internal, Pseudonymous, Public}

// Kinship types for Relation.
var Kinships = []string{"parent", "child", "sibling", "spouse", "grandparent", "grandchild",
	"uncle_aunt", "nephew_niece", "cousin", "in_law", "other",
	"colleague", "neighbour", "co_detainee"}

// EventTypes lists what can happen to a person.
var EventTypes = []string{"detained", "transferred", "sentenced", "released", "disappeared", "died",
	"contact", "passport_confiscated", "left_country", "reunited", "official_claim"}

// Media of a testimony.
var Media = []string{"video_appeal", "audio", "written", "interview", "court_statement"}

// SourceKinds of a Source.
var SourceKinds = []string{"press", "report", "official_document", "leaked_file", "social_post", "official_statement", "other"}

// FacilityTypes of a detention site.
var FacilityTypes = []string{"camp", "detention_centre", "prison", "factory", "other"}

// ConsentMethods says how a consent was given.
var ConsentMethods = []string{"video", "signed", "verbal_witnessed", "written_message", "other"}

// ActionKinds of an advocacy step.
var ActionKinds = []string{"letter", "petition", "reunification_request", "wgeid_submission", "press_campaign", "meeting", "other"}

// EvidenceKinds of an evidence file.
var EvidenceKinds = []string{"video_appeal", "interview", "document", "photo", "audio", "article", "other"}

// SupportKinds: what can support an event or an evidence level.
var SupportKinds = []string{"testimony", "source", "evidence"}

// oneOf checks v against a vocabulary; the empty value is allowed when optional.
func oneOf[T ~string](field string, v T, vocab []T, optional bool) error {
	if v == "" && optional {
		return nil
	}
	for _, w := range vocab {
		if v == w {
			return nil
		}
	}
	return fmt.Errorf("%s: %q is not one of %v", field, string(v), vocab)
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return oneOf("status", s, Statuses, false) == nil }

// Valid reports whether p is a known publication level.
func (p Publication) Valid() bool { return oneOf("publication", p, Publications, false) == nil }

// Rank orders publication levels: internal 0, pseudonymous 1, public 2.
func (p Publication) Rank() int {
	for i, q := range Publications {
		if p == q {
			return i
		}
	}
	return 0
}
