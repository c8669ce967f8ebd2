package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/tizim/tizim/internal/model"
)

// The read side of the search tables (ADR 0500). The store returns rows; ranking, roles
// and what is public are decided above it.

// Posting is one person holding a name key, with the bit set of the forms that carry it.
type Posting struct {
	ID    model.ID
	Forms int64
}

// NameKeyRow is one person's entry in the name index as stored: its keys (DecodeKeys),
// publication level and change sequence, and the birth year and gender a query may state.
type NameKeyRow struct {
	ID        model.ID
	Level     int
	Keys      []byte
	Seq       int64
	BirthYear int
	Gender    string
}

// NameKeyRows calls fn for every person whose index entry changed after seq, in seq order:
// all of them the first time, then only what was written since.
func (t *Tx) NameKeyRows(ctx context.Context, after int64, fn func(NameKeyRow)) error {
	rows, err := t.query(ctx, `select d.id, d.level, d.keys, d.seq, coalesce(p.birth_year, 0), coalesce(p.gender, '')
		from name_docs d left join persons p on p.id = d.id where d.seq > $1 order by d.seq`, after)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r NameKeyRow
		var id []byte
		if err := rows.Scan(&id, &r.Level, &r.Keys, &r.Seq, &r.BirthYear, &r.Gender); err != nil {
			return err
		}
		r.ID = model.ID(id)
		fn(r)
	}
	return rows.Err()
}

// NameDoc is what search needs of a person to score and show it: the name forms as
// written and the persons query table's columns. It holds nothing confidential.
type NameDoc struct {
	ID            model.ID
	ExternalID    string
	Forms         []string
	Status        string
	Ethnicity     string
	Gender        string
	BirthYear     int
	DetainedYear  int
	Prefecture    string
	County        string
	Facility      model.ID
	EvidenceLevel int
	Publication   model.Publication
	PublicCode    string
	Synthetic     bool
}

const nameDocColumns = `p.id, coalesce(r.external_id, ''), coalesce(d.forms, p.name), p.status, p.ethnicity, p.gender, p.birth_year,
	p.detained_year, p.prefecture, p.county, p.facility, p.evidence_level, p.publication, coalesce(p.public_code, ''), r.synthetic
	from persons p join records r on r.id = p.id left join name_docs d on d.id = p.id`

func scanNameDocs(rows *sql.Rows) ([]NameDoc, error) {
	defer rows.Close()
	var out []NameDoc
	for rows.Next() {
		var d NameDoc
		var id, fac []byte
		var forms, pub string
		var synth int64
		if err := rows.Scan(&id, &d.ExternalID, &forms, &d.Status, &d.Ethnicity, &d.Gender, &d.BirthYear, &d.DetainedYear,
			&d.Prefecture, &d.County, &fac, &d.EvidenceLevel, &pub, &d.PublicCode, &synth); err != nil {
			return nil, err
		}
		d.ID, d.Forms, d.Publication, d.Synthetic = model.ID(id), strings.Split(forms, "\n"), model.Publication(pub), synth != 0
		if len(fac) == len(d.Facility) {
			d.Facility = model.ID(fac)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// NameDocs returns the documents of the given persons (in no particular order; unknown
// ids are left out).
func (t *Tx) NameDocs(ctx context.Context, ids []model.ID) ([]NameDoc, error) {
	var out []NameDoc
	err := chunked(idArgs(ids), func(chunk []any) error {
		rows, err := t.query(ctx, `select `+nameDocColumns+` where p.id in `+inList(1, len(chunk)), chunk...)
		if err != nil {
			return err
		}
		docs, err := scanNameDocs(rows)
		out = append(out, docs...)
		return err
	})
	return out, err
}

// TextHit is a record whose free text matched.
type TextHit struct {
	ID   model.ID
	Kind model.Kind
}

// SearchText runs a full-text query (words, all required) over the never-confidential text
// of records: FTS5 on SQLite, a tsvector on PostgreSQL. Best matches first.
func (t *Tx) SearchText(ctx context.Context, query string, limit int) ([]TextHit, error) {
	words := strings.Fields(query)
	if len(words) == 0 {
		return nil, nil
	}
	var rows *sql.Rows
	var err error
	if t.s.d.name() == "postgres" {
		rows, err = t.query(ctx, `select id, kind from text_docs where tsv @@ plainto_tsquery('simple', $1)
			order by ts_rank(tsv, plainto_tsquery('simple', $1)) desc limit $2`, query, limit)
	} else {
		// Every word quoted: user input is never FTS5 query syntax.
		for i, w := range words {
			words[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
		}
		rows, err = t.query(ctx, `select d.id, d.kind from text_fts f join text_docs d on d.n = f.rowid
			where text_fts match $1 order by f.rank limit $2`, strings.Join(words, " "), limit)
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []TextHit
	for rows.Next() {
		var b []byte
		var h TextHit
		if err := rows.Scan(&b, &h.Kind); err != nil {
			return nil, err
		}
		h.ID = model.ID(b)
		out = append(out, h)
	}
	return out, rows.Err()
}

// PointsAt returns the records a record points at with one of the relations (a
// testimony's and a source's "about", an event's "event").
func (t *Tx) PointsAt(ctx context.Context, src model.ID, rels ...string) ([]model.ID, error) {
	args := []any{src[:]}
	for _, r := range rels {
		args = append(args, r)
	}
	rows, err := t.query(ctx, `select dst from links where src = $1 and rel in (`+placeholders(2, len(rels))+`) order by dst`, args...)
	return collectIDs(rows, err)
}

// FindByPhone returns the persons with a phone number, through the blind index.
func (t *Tx) FindByPhone(ctx context.Context, number string) ([]model.ID, error) {
	d := PhoneDigits(number)
	if len(d) < 6 {
		return nil, nil
	}
	rows, err := t.query(ctx, `select id from blind_terms where term = $1`, t.s.keys.BlindTerm("phone", d))
	return collectIDs(rows, err)
}
