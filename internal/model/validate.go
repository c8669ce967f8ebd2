package model

import (
	"errors"
	"fmt"
	"strings"
)

// ValidationError lists every problem found in one record, so a form or an import report
// can show them all at once.
type ValidationError struct {
	Kind     Kind
	Problems []string
}

func (e *ValidationError) Error() string {
	return fmt.Sprintf("%s: %s", e.Kind, strings.Join(e.Problems, "; "))
}

type checker struct {
	kind Kind
	errs []string
}

func (c *checker) add(err error) {
	if err != nil {
		c.errs = append(c.errs, err.Error())
	}
}

func (c *checker) req(field, v string) {
	if strings.TrimSpace(v) == "" {
		c.errs = append(c.errs, field+": required")
	}
}

func (c *checker) reqID(field string, id ID) {
	if id.IsZero() {
		c.errs = append(c.errs, field+": required")
	}
}

func (c *checker) str(field string, v string, vocab []string, optional bool) {
	c.add(oneOf(field, v, vocab, optional))
}

func (c *checker) err() error {
	if len(c.errs) == 0 {
		return nil
	}
	return &ValidationError{Kind: c.kind, Problems: c.errs}
}

// IsValidation reports whether err is a validation failure.
func IsValidation(err error) bool {
	var v *ValidationError
	return errors.As(err, &v)
}

// Validate implements Record.
func (p *Person) Validate() error {
	c := &checker{kind: KindPerson}
	if len(p.Names) == 0 {
		c.errs = append(c.errs, "names: at least one name form is required")
	}
	for i, n := range p.Names {
		if strings.TrimSpace(n.Text) == "" {
			c.errs = append(c.errs, fmt.Sprintf("names[%d]: empty", i))
		}
	}
	c.add(oneOf("gender", p.Gender, Genders, true))
	c.add(oneOf("ethnicity", p.Ethnicity, Ethnicities, true))
	c.add(oneOf("status", p.Status, Statuses, false))
	c.add(oneOf("publication", p.Publication, Publications, false))
	if p.EvidenceLevel < 0 || p.EvidenceLevel > 4 {
		c.errs = append(c.errs, fmt.Sprintf("evidence_level: %d is not 0–4", p.EvidenceLevel))
	}
	for _, cc := range p.Citizenship {
		if len(cc) != 2 || strings.ToUpper(cc) != cc {
			c.errs = append(c.errs, fmt.Sprintf("citizenship: %q is not a two-letter country code", cc))
		}
	}
	for i, d := range p.Secret.IDDocs {
		if strings.TrimSpace(d.Number) == "" {
			c.errs = append(c.errs, fmt.Sprintf("id_docs[%d]: number required", i))
		}
	}
	for _, s := range p.EvidenceItems {
		c.str("evidence_items.kind", s.Kind, SupportKinds, false)
	}
	return c.err()
}

// Validate implements Record.
func (r *Relation) Validate() error {
	c := &checker{kind: KindRelation}
	c.reqID("from", r.From)
	c.reqID("to", r.To)
	if r.From == r.To && !r.From.IsZero() {
		c.errs = append(c.errs, "a person cannot be related to themselves")
	}
	c.str("type", r.Type, Kinships, false)
	return c.err()
}

// Validate implements Record.
func (t *Testimony) Validate() error {
	c := &checker{kind: KindTestimony}
	if len(t.About) == 0 {
		c.errs = append(c.errs, "about: at least one person is required")
	}
	c.str("medium", t.Medium, Media, false)
	c.add(oneOf("publication", t.Publication, Publications, false))
	return c.err()
}

// Validate implements Record.
func (e *Evidence) Validate() error {
	c := &checker{kind: KindEvidence}
	c.str("kind", e.Type, EvidenceKinds, false)
	if e.SHA256 != "" && len(e.SHA256) != 64 {
		c.errs = append(c.errs, "sha256: must be 64 hex digits")
	}
	if e.Scrubbed && e.Original.IsZero() {
		c.errs = append(c.errs, "a scrubbed copy must name its original")
	}
	return c.err()
}

// Validate implements Record.
func (s *Source) Validate() error {
	c := &checker{kind: KindSource}
	c.req("title", s.Title)
	c.str("type", s.Type, SourceKinds, false)
	return c.err()
}

// Validate implements Record.
func (e *Event) Validate() error {
	c := &checker{kind: KindEvent}
	c.str("type", e.Type, EventTypes, false)
	if len(e.Persons) == 0 {
		c.errs = append(c.errs, "persons: at least one person is required")
	}
	for _, s := range e.Support {
		c.str("support.kind", s.Kind, SupportKinds, false)
		if s.Confidence < 0 || s.Confidence > 1 {
			c.errs = append(c.errs, "support.confidence: must be between 0 and 1")
		}
	}
	return c.err()
}

// Validate implements Record.
func (p *Place) Validate() error {
	c := &checker{kind: KindPlace}
	if len(p.Names) == 0 {
		c.errs = append(c.errs, "names: at least one name is required")
	}
	c.str("level", p.Level, []string{"country", "province", "prefecture", "county", "township", "town"}, false)
	if !p.ValidFrom.IsZero() && !p.ValidTo.IsZero() && p.ValidTo.Compare(p.ValidFrom) < 0 {
		c.errs = append(c.errs, "valid_to is before valid_from")
	}
	if p.Lat < -90 || p.Lat > 90 || p.Lon < -180 || p.Lon > 180 {
		c.errs = append(c.errs, "coordinates out of range")
	}
	return c.err()
}

// Validate implements Record.
func (f *Facility) Validate() error {
	c := &checker{kind: KindFacility}
	if len(f.Names) == 0 {
		c.errs = append(c.errs, "names: at least one name is required")
	}
	c.str("type", f.Type, FacilityTypes, false)
	return c.err()
}

// Validate implements Record.
func (o *Organisation) Validate() error {
	c := &checker{kind: KindOrganisation}
	if len(o.Names) == 0 {
		c.errs = append(c.errs, "names: at least one name is required")
	}
	return c.err()
}

// Validate implements Record.
func (o *Official) Validate() error {
	c := &checker{kind: KindOfficial}
	if len(o.Names) == 0 {
		c.errs = append(c.errs, "names: at least one name is required")
	}
	return c.err()
}

// Validate implements Record.
func (a *Action) Validate() error {
	c := &checker{kind: KindAction}
	c.str("kind", a.Type, ActionKinds, false)
	return c.err()
}

// Validate implements Record.
func (c0 *Consent) Validate() error {
	c := &checker{kind: KindConsent}
	c.reqID("subject", c0.Subject)
	c.reqID("given_by", c0.GivenBy)
	if c0.SubjectKind != KindPerson && c0.SubjectKind != KindTestimony {
		c.errs = append(c.errs, "subject_kind: must be person or testimony")
	}
	c.add(oneOf("level", c0.Level, Publications, false))
	c.str("method", c0.Method, ConsentMethods, false)
	if c0.Date.IsZero() {
		c.errs = append(c.errs, "date: required")
	}
	if !c0.Withdrawn.IsZero() && c0.Withdrawn.Compare(c0.Date) < 0 {
		c.errs = append(c.errs, "withdrawn: before the consent was given")
	}
	return c.err()
}

// New returns an empty record of the given kind, for decoding.
func New(k Kind) (Record, error) {
	switch k {
	case KindPerson:
		return &Person{}, nil
	case KindRelation:
		return &Relation{}, nil
	case KindTestimony:
		return &Testimony{}, nil
	case KindEvidence:
		return &Evidence{}, nil
	case KindSource:
		return &Source{}, nil
	case KindEvent:
		return &Event{}, nil
	case KindPlace:
		return &Place{}, nil
	case KindFacility:
		return &Facility{}, nil
	case KindOrganisation:
		return &Organisation{}, nil
	case KindOfficial:
		return &Official{}, nil
	case KindAction:
		return &Action{}, nil
	case KindConsent:
		return &Consent{}, nil
	}
	return nil, fmt.Errorf("unknown record kind %q", k)
}
