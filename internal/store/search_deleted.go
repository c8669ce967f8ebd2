package store

import (
	"context"

	"github.com/tizim/tizim/internal/model"
)

// DeletedSince calls fn with the audit sequence number and id of every person deleted after
// the audit entry after (every delete of a record is audited in its own transaction, so the
// log is where a reader of the name index learns of deletes: Delete drops the person's
// name_docs row, which a reader of rows newer than a seq never sees), and returns the
// sequence number of the newest such delete (after, when there is none). The log is filtered
// by the database: after a large import it holds a million entries that are not deletes.
func (t *Tx) DeletedSince(ctx context.Context, after int64, fn func(seq int64, id model.ID)) (int64, error) {
	rows, err := t.query(ctx, `select seq, record from audit where seq > $1 and action = 'delete' and kind = $2 order by seq`,
		after, string(model.KindPerson))
	if err != nil {
		return after, err
	}
	defer rows.Close()
	last := after
	for rows.Next() {
		var seq int64
		var record string
		if err := rows.Scan(&seq, &record); err != nil {
			return after, err
		}
		last = seq
		if id, err := model.ParseID(record); err == nil {
			fn(seq, id)
		}
	}
	if err := rows.Err(); err != nil {
		return after, err
	}
	return last, nil
}
