package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/tizim/tizim/internal/model"
)

// PersonFilter selects persons from the persons table.
type PersonFilter struct {
	Publications []model.Publication // empty: any
	Status       string
	Ethnicity    string
	Prefecture   string
	Query        string // case-insensitive substring of the primary name
	After        model.ID
	Limit        int
}

// PersonIDs returns the ids of the persons matching f, in id order, at most f.Limit.
func (t *Tx) PersonIDs(ctx context.Context, f PersonFilter) ([]model.ID, error) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + itoa(len(args))
	}
	if len(f.Publications) > 0 {
		var ps []string
		for _, p := range f.Publications {
			ps = append(ps, arg(string(p)))
		}
		where = append(where, "publication in ("+strings.Join(ps, ", ")+")")
	}
	if f.Status != "" {
		where = append(where, "status = "+arg(f.Status))
	}
	if f.Ethnicity != "" {
		where = append(where, "ethnicity = "+arg(f.Ethnicity))
	}
	if f.Prefecture != "" {
		where = append(where, "prefecture = "+arg(f.Prefecture))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		where = append(where, "name_fold like "+arg("%"+strings.ToLower(escapeLike(q))+"%")+" escape '\\'")
	}
	if !f.After.IsZero() {
		where = append(where, "id > "+arg(f.After[:]))
	}
	q := "select id from persons"
	if len(where) > 0 {
		q += " where " + strings.Join(where, " and ")
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	q += " order by id limit " + itoa(limit)
	rows, err := t.query(ctx, q, args...)
	return collectIDs(rows, err)
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// PersonByPublicCode finds a published person by public code.
func (t *Tx) PersonByPublicCode(ctx context.Context, code string) (model.ID, error) {
	var b []byte
	err := t.queryRow(ctx, `select id from persons where public_code = $1 and publication <> 'internal'`, code).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return model.ID{}, fmt.Errorf("person %q: %w", code, model.ErrNotFound)
	}
	return model.ID(b), err
}

// PersonCounts counts persons by one column of the persons table, restricted to the given
// publication levels. Only whitelisted columns can be grouped by.
func (t *Tx) PersonCounts(ctx context.Context, column string, pubs []model.Publication) (map[string]int, error) {
	switch column {
	case "status", "ethnicity", "prefecture", "detained_year", "evidence_level", "gender", "publication":
	default:
		return nil, fmt.Errorf("cannot count by %q", column)
	}
	var ps []string
	var args []any
	for _, p := range pubs {
		args = append(args, string(p))
		ps = append(ps, "$"+itoa(len(args)))
	}
	q := "select " + column + ", count(*) from persons"
	if len(ps) > 0 {
		q += " where publication in (" + strings.Join(ps, ", ") + ")"
	}
	q += " group by " + column
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k any
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		out[fmt.Sprint(k)] = n
	}
	return out, rows.Err()
}
