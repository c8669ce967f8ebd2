package model

import "time"

// Meta is what every record carries: identity, version and who touched it when.
type Meta struct {
	ID         ID        `json:"id"`
	ExternalID string    `json:"external_id,omitempty"` // the id column of an imported file
	Version    int       `json:"version"`
	Created    time.Time `json:"created"`
	CreatedBy  string    `json:"created_by,omitempty"`
	Updated    time.Time `json:"updated"`
	UpdatedBy  string    `json:"updated_by,omitempty"`
	Synthetic  bool      `json:"synthetic,omitempty"` // made by tizim synth, never real
}

// Head returns the record's metadata; every record type embeds Meta.
func (m *Meta) Head() *Meta { return m }

// Record is any archive record.
type Record interface {
	Head() *Meta
	Kind() Kind
	Validate() error
}

// Kind names a record type; it is the table tag and the audit log's subject kind.
type Kind string

// The record kinds.
const (
	KindPerson       Kind = "person"
	KindRelation     Kind = "relation"
	KindTestimony    Kind = "testimony"
	KindEvidence     Kind = "evidence"
	KindSource       Kind = "source"
	KindEvent        Kind = "event"
	KindPlace        Kind = "place"
	KindFacility     Kind = "facility"
	KindOrganisation Kind = "organisation"
	KindOfficial     Kind = "official"
	KindAction       Kind = "action"
	KindConsent      Kind = "consent"
)

// Kinds lists every record kind.
var Kinds = []Kind{KindPerson, KindRelation, KindTestimony, KindEvidence, KindSource, KindEvent,
	KindPlace, KindFacility, KindOrganisation, KindOfficial, KindAction, KindConsent}

// NameForm is one way a name is written, kept exactly as written.
type NameForm struct {
	Text   string `json:"text"`
	Script string `json:"script,omitempty"` // ISO 15924: Cyrl, Latn, Arab, Hani (detected)
	System string `json:"system,omitempty"` // BCP 47-like tag: kk, kk-Arab, ru, ug, ug-Latn, zh, en…
	Kind   string `json:"kind,omitempty"`   // primary, alias, patronymic, official_zh, pinyin
	Given  string `json:"given,omitempty"`
	Father string `json:"father,omitempty"` // father's given name or patronymic
	Family string `json:"family,omitempty"`
	Source ID     `json:"source,omitempty"`
}

// IdentityDoc is an identity document. Always confidential.
type IdentityDoc struct {
	Type    string `json:"type"` // prc_resident_id, passport, kz_iin, other
	Number  string `json:"number"`
	Country string `json:"country,omitempty"`
	Notes   string `json:"notes,omitempty"`
}

// Contact is a way to reach a person (a testifier, a relative abroad). Always confidential.
type Contact struct {
	Kind  string `json:"kind"` // phone, email, messenger, address, other
	Value string `json:"value"`
	Notes string `json:"notes,omitempty"`
}

// PersonSecret holds the fields of a person that are confidential at every publication
// level. The store keeps them encrypted as one sealed value; package access never reads it.
type PersonSecret struct {
	IDDocs   []IdentityDoc `json:"id_docs,omitempty"`
	Contacts []Contact     `json:"contacts,omitempty"`
	Address  string        `json:"address,omitempty"` // exact address, village
	Notes    string        `json:"notes,omitempty"`   // the team's confidential notes
}

// IsZero reports whether nothing confidential is recorded.
func (s PersonSecret) IsZero() bool {
	return len(s.IDDocs) == 0 && len(s.Contacts) == 0 && s.Address == "" && s.Notes == ""
}

// Person is anyone in the record: a detained person, a relative, a witness, an official.
type Person struct {
	Meta
	Names         []NameForm `json:"names"`
	Gender        Gender     `json:"gender,omitempty"`
	Birth         Date       `json:"birth,omitempty"`
	Ethnicity     Ethnicity  `json:"ethnicity,omitempty"`
	Citizenship   []string   `json:"citizenship,omitempty"` // ISO 3166 alpha-2
	Occupation    string     `json:"occupation,omitempty"`
	Religion      string     `json:"religion,omitempty"`
	Hometown      ID         `json:"hometown,omitempty"` // a Place
	Status        Status     `json:"status"`
	StatusReason  string     `json:"status_reason,omitempty"` // set when an editor overrides
	DetainedOn    Date       `json:"detained_on,omitempty"`
	LastContact   Date       `json:"last_contact,omitempty"`
	Facility      ID         `json:"facility,omitempty"`
	EvidenceLevel int        `json:"evidence_level"`
	EvidenceItems []Support  `json:"evidence_items,omitempty"` // what supports the level
	Summary       string     `json:"summary,omitempty"`        // public-facing narrative when public
	// Publication is derived from Consent records by the archive; PublicCode is assigned
	// when the person is first published and kept for good.
	Publication Publication  `json:"publication"`
	PublicCode  string       `json:"public_code,omitempty"`
	Secret      PersonSecret `json:"-"`
}

// Kind implements Record.
func (*Person) Kind() Kind { return KindPerson }

// PrimaryName is the first name form flagged primary, else the first one.
func (p *Person) PrimaryName() string {
	for _, n := range p.Names {
		if n.Kind == "primary" {
			return n.Text
		}
	}
	if len(p.Names) > 0 {
		return p.Names[0].Text
	}
	return ""
}

// Support is an item that supports a claim, with a confidence in [0,1].
type Support struct {
	Kind       string  `json:"kind"` // testimony, source, evidence
	ID         ID      `json:"id"`
	Confidence float64 `json:"confidence,omitempty"`
}

// Secretive is a record with a confidential part. That part is never in the record's JSON
// (its field is tagged json:"-"): the store seals it separately, and only code that asks for
// it by this method sees it.
type Secretive interface {
	Record
	SecretPart() any // a pointer to the confidential struct
}

// SecretPart implements Secretive.
func (p *Person) SecretPart() any { return &p.Secret }

// SecretPart implements Secretive.
func (t *Testimony) SecretPart() any { return &t.Secret }
