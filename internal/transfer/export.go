// Package transfer moves records in and out of the archive as files: JSONL with full
// records and CSV with DESIGN.md's person columns, for the team (everything their role may
// export) or for the public (the public projection only, from package access).
//
// It writes plain bytes to an io.Writer; encrypting the output to an age recipient is the
// caller's choice (see Encrypt). It never decides what is public.
package transfer

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/tizim/tizim/internal/access"
	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/model"
)

// Line is one line of a JSONL export: a record of a kind, and its confidential part when
// the export includes them.
type Line struct {
	Kind   model.Kind      `json:"kind"`
	Record json.RawMessage `json:"record"`
	Secret json.RawMessage `json:"secret,omitempty"`
}

// Options says what to export.
type Options struct {
	Format     string // jsonl or csv
	Public     bool   // the public projection only
	WithSecret bool   // include confidential parts (team exports; needs the permission)
	Actor      archive.Actor
}

// Export writes the archive to w and returns how many records it wrote.
func Export(ctx context.Context, a *archive.Archive, w io.Writer, o Options) (int, error) {
	switch {
	case o.Public && o.Format == "jsonl":
		return exportPublicJSONL(ctx, a, w, o.Actor.Name)
	case o.Public && o.Format == "csv":
		return exportPublicCSV(ctx, a, w, o.Actor.Name)
	case o.Format == "jsonl":
		return exportJSONL(ctx, a, w, o)
	case o.Format == "csv":
		return exportCSV(ctx, a, w, o)
	}
	return 0, fmt.Errorf("unknown export format %q (jsonl, csv)", o.Format)
}

func exportJSONL(ctx context.Context, a *archive.Archive, w io.Writer, o Options) (int, error) {
	enc := json.NewEncoder(w)
	n := 0
	err := a.Each(ctx, o.Actor, "", o.WithSecret, "jsonl export", func(rec model.Record) error {
		b, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		l := Line{Kind: rec.Kind(), Record: b}
		if sr, ok := rec.(model.Secretive); ok && o.WithSecret {
			if l.Secret, err = json.Marshal(sr.SecretPart()); err != nil {
				return err
			}
		}
		n++
		return enc.Encode(l)
	})
	return n, err
}

func exportPublicJSONL(ctx context.Context, a *archive.Archive, w io.Writer, who string) (int, error) {
	enc := json.NewEncoder(w)
	n := 0
	err := a.EachPublic(ctx, who, func(pp *access.PublicPerson) error {
		b, err := json.Marshal(pp)
		if err != nil {
			return err
		}
		n++
		return enc.Encode(Line{Kind: model.KindPerson, Record: b})
	})
	return n, err
}

// PersonColumns are the person CSV columns of DESIGN.md.
var PersonColumns = []string{"id", "name", "names", "gender", "birth_date", "ethnicity", "citizenship", "hometown",
	"status", "detained_on", "last_contact", "facility", "consent", "evidence_level", "source", "notes"}

// safeCell neutralises cells that a spreadsheet would run as a formula.
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func writeRow(cw *csv.Writer, cells []string) error {
	for i := range cells {
		cells[i] = safeCell(cells[i])
	}
	return cw.Write(cells)
}

// PersonCSV writes persons as rows of PersonColumns.
type PersonCSV struct {
	cw    *csv.Writer
	label func(model.ID) string
	head  bool
}

// NewPersonCSV returns a writer; label names places and facilities (nil: their ids).
func NewPersonCSV(w io.Writer, label func(model.ID) string) *PersonCSV {
	return &PersonCSV{cw: csv.NewWriter(w), label: label}
}

// Write writes one person; notes (confidential) only when withSecret.
func (pw *PersonCSV) Write(p *model.Person, withSecret bool) error {
	if !pw.head {
		pw.head = true
		if err := pw.cw.Write(PersonColumns); err != nil {
			return err
		}
	}
	id := p.ExternalID
	if id == "" {
		id = p.ID.String()
	}
	var others []string
	for _, nf := range p.Names[1:] {
		others = append(others, nf.Text)
	}
	notes := ""
	if withSecret {
		notes = p.Secret.Notes
	}
	return writeRow(pw.cw, []string{id, p.PrimaryName(), strings.Join(others, " | "), string(p.Gender), p.Birth.String(),
		string(p.Ethnicity), strings.Join(p.Citizenship, " | "), pw.name(p.Hometown), string(p.Status),
		p.DetainedOn.String(), p.LastContact.String(), pw.name(p.Facility), string(p.Publication),
		strconv.Itoa(p.EvidenceLevel), "", notes})
}

func (pw *PersonCSV) name(id model.ID) string {
	if id.IsZero() {
		return ""
	}
	if pw.label != nil {
		if s := pw.label(id); s != "" {
			return s
		}
	}
	return id.String()
}

// Flush writes out buffered rows (and the header of an empty file).
func (pw *PersonCSV) Flush() error {
	if !pw.head {
		pw.head = true
		pw.cw.Write(PersonColumns)
	}
	pw.cw.Flush()
	return pw.cw.Error()
}

func exportCSV(ctx context.Context, a *archive.Archive, w io.Writer, o Options) (int, error) {
	labels := map[model.ID]string{}
	for _, k := range []model.Kind{model.KindPlace, model.KindFacility} {
		if err := a.Each(ctx, o.Actor, k, false, "csv export: place names", func(rec model.Record) error {
			switch r := rec.(type) {
			case *model.Place:
				labels[r.ID] = placeRef(r.Code, r.ExternalID, r.Name("zh"))
			case *model.Facility:
				if len(r.Names) > 0 {
					labels[r.ID] = r.Names[0].Text
				}
			}
			return nil
		}); err != nil {
			return 0, err
		}
	}
	pw := NewPersonCSV(w, func(id model.ID) string { return labels[id] })
	n := 0
	err := a.Each(ctx, o.Actor, model.KindPerson, o.WithSecret, "csv export", func(rec model.Record) error {
		n++
		return pw.Write(rec.(*model.Person), o.WithSecret)
	})
	if err != nil {
		return n, err
	}
	return n, pw.Flush()
}

// placeRef is how a CSV names a place: its official code when it has one, else its
// external id, else its name.
func placeRef(code, ext, name string) string {
	switch {
	case code != "":
		return code
	case ext != "":
		return ext
	}
	return name
}

func exportPublicCSV(ctx context.Context, a *archive.Archive, w io.Writer, who string) (int, error) {
	cw := csv.NewWriter(w)
	if err := cw.Write(PersonColumns); err != nil {
		return 0, err
	}
	n := 0
	err := a.EachPublic(ctx, who, func(pp *access.PublicPerson) error {
		name, others := "", ""
		if len(pp.Names) > 0 {
			name, others = pp.Names[0], strings.Join(pp.Names[1:], " | ")
		}
		birth := ""
		if pp.BirthYear > 0 {
			birth = strconv.Itoa(pp.BirthYear)
		}
		detained := pp.DetainedOn
		if detained == "" && pp.DetainedYear > 0 {
			detained = strconv.Itoa(pp.DetainedYear)
		}
		home := pp.Hometown
		if home == "" {
			home = pp.Prefecture
		}
		var srcs []string
		for _, s := range pp.Sources {
			srcs = append(srcs, s.Title)
		}
		n++
		return writeRow(cw, []string{pp.Code, name, others, pp.Gender, birth, pp.Ethnicity, "", home, pp.Status,
			detained, "", pp.Facility, string(pp.Level), strconv.Itoa(pp.EvidenceLevel), strings.Join(srcs, " | "), ""})
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	return n, err
}
