package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/tizim/tizim/internal/model"
)

// FacetFilter selects persons by the persons table's columns, for lists and facet counts.
type FacetFilter struct {
	Publications  []model.Publication // empty: any
	Status        string
	Ethnicity     string
	Prefecture    string
	County        string
	DetainedYear  int // 0: any
	EvidenceLevel int // -1: any
	Facility      model.ID
}

// where builds the filter's condition on the persons table aliased p.
func (f FacetFilter) where(args *[]any) string {
	arg := func(v any) string {
		*args = append(*args, v)
		return "$" + itoa(len(*args))
	}
	var w []string
	if len(f.Publications) > 0 {
		var ps []string
		for _, p := range f.Publications {
			ps = append(ps, arg(string(p)))
		}
		w = append(w, "p.publication in ("+strings.Join(ps, ", ")+")")
	}
	for _, c := range []struct{ col, v string }{{"status", f.Status}, {"ethnicity", f.Ethnicity},
		{"prefecture", f.Prefecture}, {"county", f.County}} {
		if c.v != "" {
			w = append(w, "p."+c.col+" = "+arg(c.v))
		}
	}
	if f.DetainedYear != 0 {
		w = append(w, "p.detained_year = "+arg(f.DetainedYear))
	}
	if f.EvidenceLevel >= 0 {
		w = append(w, "p.evidence_level = "+arg(f.EvidenceLevel))
	}
	if !f.Facility.IsZero() {
		w = append(w, "p.facility = "+arg(f.Facility[:]))
	}
	if len(w) == 0 {
		return "true"
	}
	return strings.Join(w, " and ")
}

// FacetColumns are the persons table's columns that can be counted by.
var FacetColumns = []string{"status", "ethnicity", "prefecture", "county", "detained_year", "evidence_level", "facility"}

// FacetCounts counts the persons matching f by one column. Values are strings (a
// facility's id in its text form); persons without a value are left out.
func (t *Tx) FacetCounts(ctx context.Context, column string, f FacetFilter) (map[string]int, error) {
	ok := false
	for _, c := range FacetColumns {
		ok = ok || c == column
	}
	if !ok {
		return nil, fmt.Errorf("cannot count by %q", column)
	}
	var args []any
	rows, err := t.query(ctx, "select p."+column+", count(*) from persons p where "+f.where(&args)+" group by p."+column, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var v any
		var n int
		if err := rows.Scan(&v, &n); err != nil {
			return nil, err
		}
		var k string
		switch x := v.(type) {
		case nil:
		case []byte:
			if column == "facility" && len(x) == len(model.ID{}) {
				k = model.ID(x).String()
			} else {
				k = string(x)
			}
		default:
			k = fmt.Sprint(x)
		}
		if k != "" && k != "0" || column == "evidence_level" && k == "0" {
			out[k] += n
		}
	}
	return out, rows.Err()
}

// ListNameDocs returns the documents of the persons matching f in id order, after the
// given id, at most limit.
func (t *Tx) ListNameDocs(ctx context.Context, f FacetFilter, after model.ID, limit int) ([]NameDoc, error) {
	var args []any
	w := f.where(&args)
	if !after.IsZero() {
		args = append(args, after[:])
		w += " and p.id > $" + itoa(len(args))
	}
	rows, err := t.query(ctx, `select `+nameDocColumns+` where `+w+` order by p.id limit `+itoa(max(1, min(limit, 1000))), args...)
	if err != nil {
		return nil, err
	}
	return scanNameDocs(rows)
}
