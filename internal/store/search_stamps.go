package store

import "context"

// SearchStamps are the counters a reader of the name index compares to learn, in one query,
// whether anything it keeps may have changed: the seq of the newest name_docs row, the
// newest audit entry (deletes are learnt from the log) and the reference generation.
type SearchStamps struct {
	Names, Audit, Refs int64
}

// SearchStamps reads the stamps of this transaction's snapshot. Each only grows. (The
// counters' names are arguments so that the statement is compiled once: queryRow keeps
// statements with arguments only.)
func (t *Tx) SearchStamps(ctx context.Context) (SearchStamps, error) {
	var s SearchStamps
	err := t.queryRow(ctx, `select coalesce((select v from counters where name = $1), 0),
		coalesce((select seq from audit_head where one = 1), 0),
		coalesce((select v from counters where name = $2), 0)`, "name_docs", "refdata").Scan(&s.Names, &s.Audit, &s.Refs)
	return s, err
}
