package store

import (
	"context"

	"github.com/tizim/tizim/internal/model"
)

// RawPersonsWithSeq is RawRecords for persons, with the seq of each one's name_docs row read
// in the same query: a write of a person gives its row a new seq, so the seq names the
// version of the record read (a cache of what is derived from it may be keyed by it).
// Persons without a name_docs row are left out.
func (t *Tx) RawPersonsWithSeq(ctx context.Context, ids []model.ID) ([]RawRecord, []int64, error) {
	var out []RawRecord
	var seqs []int64
	err := chunked(idArgs(ids), func(chunk []any) error {
		rows, err := t.query(ctx, `select r.id, r.kind, r.data, d.seq from records r join name_docs d on d.id = r.id
			where r.id in `+inList(1, len(chunk)), chunk...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id []byte
			var r RawRecord
			var seq int64
			if err := rows.Scan(&id, &r.Kind, &r.Data, &seq); err != nil {
				return err
			}
			r.ID = model.ID(id)
			out, seqs = append(out, r), append(seqs, seq)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, nil, err
	}
	return out, seqs, nil
}
