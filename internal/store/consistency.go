package store

import (
	"context"
	"fmt"
)

// derivedChecks are the rules the derived tables keep with records, as queries that count the
// rows breaking them. The store writes and deletes derived rows in the record's own
// transaction; since migration 0008 no foreign key enforces it, so tizim verify does.
var derivedChecks = []struct{ query, problem string }{
	{`select count(*) from persons p where not exists (select 1 from records r where r.id = p.id and r.kind = 'person')`,
		"persons row(s) without their person record"},
	{`select count(*) from records r where r.kind = 'person' and not exists (select 1 from persons p where p.id = r.id)
		and r.id not in (select merged from merges where undone_at = 0)`,
		"person record(s) without their persons row"}, // a merged person is unlisted (Tx.Unlist)
	{`select count(*) from name_docs d where not exists (select 1 from records r where r.id = d.id and r.kind = 'person')`,
		"name index row(s) without their person record"},
	{`select count(*) from records r where r.kind = 'person' and not exists (select 1 from name_docs d where d.id = r.id)`,
		"person record(s) missing from the name index"},
	{`select count(*) from text_docs t where not exists (select 1 from records r where r.id = t.id)`,
		"full-text row(s) without their record"},
}

// Consistency checks that every derived row has its record and every person its rows, and
// returns the problems found.
func (s *Store) Consistency(ctx context.Context) ([]string, error) {
	var out []string
	err := s.Read(ctx, func(tx *Tx) error {
		for _, c := range derivedChecks {
			var n int64
			if err := tx.queryRow(ctx, c.query).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				out = append(out, fmt.Sprintf("%d %s", n, c.problem))
			}
		}
		return nil
	})
	return out, err
}
