package store

import (
	"context"

	"github.com/tizim/tizim/internal/model"
)

// DeletedSince calls fn with the audit sequence number and id of every person deleted after
// the audit entry after (every delete of a record is audited in its own transaction, so the
// log is where a reader of the name index learns of deletes: Delete drops the person's
// name_docs row, which a reader of rows newer than a seq never sees), and returns the
// newest audit sequence number in this transaction's snapshot (after, when none is newer).
func (t *Tx) DeletedSince(ctx context.Context, after int64, fn func(seq int64, id model.ID)) (int64, error) {
	rows, err := t.query(ctx, `select seq, action, kind, record from audit where seq > $1 order by seq`, after)
	if err != nil {
		return after, err
	}
	defer rows.Close()
	last := after
	for rows.Next() {
		var seq int64
		var action, kind, record string
		if err := rows.Scan(&seq, &action, &kind, &record); err != nil {
			return after, err
		}
		last = seq
		if action != "delete" || kind != string(model.KindPerson) {
			continue
		}
		if id, err := model.ParseID(record); err == nil {
			fn(seq, id)
		}
	}
	if err := rows.Err(); err != nil {
		return after, err
	}
	return last, nil
}
