package transfer

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/names"
)

// Problem is one line of an import report.
type Problem struct {
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Warning bool   `json:"warning,omitempty"` // the row is imported anyway
}

// Row is what one spreadsheet row becomes.
type Row struct {
	Num    int
	Person *model.Person
	Source *model.Source // the row's source, when it names one
	// RelativeOf and Kinship make a relation to another person (by id or external id).
	RelativeOf, Kinship string
}

// Converter turns rows of a table into persons, checking every cell.
type Converter struct {
	header []string
	fields []string
	m      *Mapping
	gaz    *Gazetteer
}

// NewConverter maps the header with m (nil: built-in recognition only). It returns the
// problems of the header itself: columns that will not be imported, or no name column.
func NewConverter(header []string, m *Mapping, gaz *Gazetteer) (*Converter, []Problem) {
	if m == nil {
		m = &Mapping{}
	}
	c := &Converter{header: header, fields: Recognise(header, m), m: m, gaz: gaz}
	var probs []Problem
	has := map[string]bool{}
	for i, f := range c.fields {
		switch {
		case f == "":
			probs = append(probs, Problem{Row: 1, Column: header[i], Code: "unknown_column", Warning: true,
				Message: fmt.Sprintf("column %q is not recognised and will not be imported; name it in a mapping file (tizim import --suggest-mapping FILE writes one)", header[i])})
		case f != "ignore" && has[f] && f != "names":
			probs = append(probs, Problem{Row: 1, Column: header[i], Code: "duplicate_column",
				Message: fmt.Sprintf("two columns are mapped to %s; map one of them to ignore", f)})
		}
		has[f] = true
	}
	if !has["name"] && !has["given"] && !has["family"] {
		probs = append(probs, Problem{Row: 1, Code: "no_name_column",
			Message: "no column holds names: name one \"name\" (or ФИО, Аты-жөні, 姓名) or give a mapping file"})
	}
	return c, probs
}

// Fields returns the field each column is mapped to ("" for none).
func (c *Converter) Fields() []string { return c.fields }

// Convert builds a person from one row. Errors leave the person nil; warnings do not.
func (c *Converter) Convert(cells []string, num int) (*Row, []Problem) {
	var probs []Problem
	bad := func(col int, code, msg string) {
		probs = append(probs, Problem{Row: num, Column: c.header[col], Code: code, Message: msg})
	}
	warn := func(col int, code, msg string) {
		probs = append(probs, Problem{Row: num, Column: c.header[col], Code: code, Message: msg, Warning: true})
	}
	p := &model.Person{Status: model.StatusUnknown, Publication: model.Internal}
	r := &Row{Num: num, Person: p}
	var name, given, father, family string
	var others []string
	empty := true
	for i, f := range c.fields {
		if i >= len(cells) {
			break
		}
		v := strings.TrimSpace(cells[i])
		if v == "" || f == "" || f == "ignore" {
			continue
		}
		empty = false
		switch f {
		case "id":
			p.ExternalID = v
		case "name":
			name = v
		case "given":
			given = v
		case "father":
			father = v
		case "family":
			family = v
		case "names":
			for _, s := range strings.Split(v, "|") {
				if s = strings.TrimSpace(s); s != "" {
					others = append(others, s)
				}
			}
		case "gender", "ethnicity", "status", "kinship":
			code, ok := c.m.Vocab(f, v)
			if !ok {
				bad(i, "unknown_value", fmt.Sprintf("%q is not a known %s (%s); add a line `value %s %s = CODE` to the mapping file", v, f, strings.Join(vocabCodes[f], ", "), f, v))
				continue
			}
			switch f {
			case "gender":
				p.Gender = model.Gender(code)
			case "ethnicity":
				p.Ethnicity = model.Ethnicity(code)
			case "status":
				p.Status = model.Status(code)
			case "kinship":
				r.Kinship = code
			}
		case "birth_date", "detained_on", "last_contact":
			d, err := ParseLocalDate(v)
			if err != nil {
				bad(i, "bad_date", err.Error())
				continue
			}
			switch f {
			case "birth_date":
				p.Birth = d
			case "detained_on":
				p.DetainedOn = d
			case "last_contact":
				p.LastContact = d
			}
		case "citizenship":
			for _, cc := range strings.FieldsFunc(v, func(r rune) bool { return r == '|' || r == ',' || r == ';' || unicode.IsSpace(r) }) {
				cc = strings.ToUpper(cc)
				if len(cc) != 2 || cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z' {
					bad(i, "bad_country", fmt.Sprintf("%q is not a two-letter country code (CN, KZ, KG…)", cc))
					continue
				}
				p.Citizenship = append(p.Citizenship, cc)
			}
		case "hometown", "facility":
			var id model.ID
			var err error
			if f == "hometown" {
				id, err = c.gaz.Place(v)
			} else {
				id, err = c.gaz.Facility(v)
			}
			if err != nil {
				bad(i, "unknown_"+f, err.Error())
				continue
			}
			if f == "hometown" {
				p.Hometown = id
			} else {
				p.Facility = id
			}
		case "consent":
			if fold(v) != "internal" {
				warn(i, "consent_not_applied", fmt.Sprintf("%q: publication comes only from consent records (who agreed, how and when), so this person is imported as internal; record the consent in tizim", v))
			}
		case "evidence_level":
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > 4 {
				bad(i, "bad_evidence_level", fmt.Sprintf("%q is not an evidence level: write 0, 1, 2, 3 or 4", v))
				continue
			}
			p.EvidenceLevel = n
		case "source":
			r.Source = &model.Source{Type: "other", Title: v}
			r.Source.ID = model.DerivedID("tizim import source", v)
			r.Source.ExternalID = "source:" + r.Source.ID.String()[:8] + r.Source.ID.String()[24:]
		case "notes":
			p.Secret.Notes = v
		case "occupation":
			p.Occupation = v
		case "religion":
			p.Religion = v
		case "summary":
			p.Summary = v
		case "id_number":
			typ := "other"
			if ok, _, _ := names.ValidPRCID(v); ok {
				typ = "prc_resident_id"
			}
			p.Secret.IDDocs = append(p.Secret.IDDocs, model.IdentityDoc{Type: typ, Number: v})
		case "address":
			p.Secret.Address = v
		case "contact":
			kind := "other"
			if strings.Trim(v, "+0123456789 -()") == "" {
				kind = "phone"
			}
			p.Secret.Contacts = append(p.Secret.Contacts, model.Contact{Kind: kind, Value: v})
		case "relative_of":
			r.RelativeOf = v
		}
	}
	if empty {
		return nil, nil
	}
	c.names(p, name, given, father, family, others)
	if len(p.Names) == 0 {
		probs = append(probs, Problem{Row: num, Column: c.columnOf("name"), Code: "missing_name", Message: "the row has no name: every person needs at least one name"})
	}
	if r.Source != nil {
		for i := range p.Names {
			p.Names[i].Source = r.Source.ID
		}
	}
	if p.ExternalID == "" {
		p.ExternalID = RowKey(cells)
	}
	if (r.RelativeOf == "") != (r.Kinship == "") {
		probs = append(probs, Problem{Row: num, Column: c.columnOf("kinship"), Code: "incomplete_relation", Message: "a relation needs both relative_of (whose relative) and kinship (how related)"})
	}
	if len(probs) == 0 || onlyWarnings(probs) {
		if err := p.Validate(); err != nil {
			probs = append(probs, Problem{Row: num, Code: "invalid", Message: err.Error()})
		}
	}
	if !onlyWarnings(probs) {
		return nil, probs
	}
	return r, probs
}

func (c *Converter) names(p *model.Person, name, given, father, family string, others []string) {
	if name == "" {
		name = strings.Join(strings.Fields(given+" "+father+" "+family), " ")
	}
	if p.Names == nil && (name != "" || len(others) > 0) { // never an empty slice for nil
		p.Names = make([]model.NameForm, 0, 1+len(others)) // one allocation, not a growing slice
	}
	if name != "" {
		nf := model.NameForm{Text: name, Kind: "primary", Given: given, Father: father, Family: family}
		if c.m.SplitNames && given == "" && father == "" && family == "" {
			if parts := strings.Fields(name); len(parts) > 1 {
				nf.Given, nf.Father = parts[0], strings.Join(parts[1:], " ")
			}
		}
		p.Names = append(p.Names, nf)
	}
	for _, o := range others {
		p.Names = append(p.Names, model.NameForm{Text: o, Kind: "alias"})
	}
}

func (c *Converter) columnOf(field string) string {
	for i, f := range c.fields {
		if f == field {
			return c.header[i]
		}
	}
	return ""
}

func onlyWarnings(ps []Problem) bool {
	for _, p := range ps {
		if !p.Warning {
			return false
		}
	}
	return true
}

// RowKey is the stable key of a row without an id: a digest of its cells, so importing the
// same file again finds the same rows.
func RowKey(cells []string) string {
	h := sha256.New()
	for _, c := range cells {
		h.Write([]byte(strings.TrimSpace(c)))
		h.Write([]byte{0x1f})
	}
	return "row:" + hex.EncodeToString(h.Sum(nil)[:12])
}
