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

func exportCSV(ctx context.Context, a *archive.Archive, w io.Writer, o Options) (int, error) {
	cw := csv.NewWriter(w)
	if err := cw.Write(PersonColumns); err != nil {
		return 0, err
	}
	n := 0
	err := a.Each(ctx, o.Actor, model.KindPerson, o.WithSecret, "csv export", func(rec model.Record) error {
		p := rec.(*model.Person)
		id := p.ExternalID
		if id == "" {
			id = p.ID.String()
		}
		var others []string
		for _, nf := range p.Names[1:] {
			others = append(others, nf.Text)
		}
		notes := ""
		if o.WithSecret {
			notes = p.Secret.Notes
		}
		n++
		return writeRow(cw, []string{id, p.PrimaryName(), strings.Join(others, " | "), string(p.Gender), p.Birth.String(),
			string(p.Ethnicity), strings.Join(p.Citizenship, " | "), idOrEmpty(p.Hometown), string(p.Status),
			p.DetainedOn.String(), p.LastContact.String(), idOrEmpty(p.Facility), string(p.Publication),
			strconv.Itoa(p.EvidenceLevel), "", notes})
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	return n, err
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

func idOrEmpty(id model.ID) string {
	if id.IsZero() {
		return ""
	}
	return id.String()
}
