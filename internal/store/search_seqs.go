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
	return t.rawRecords(ctx, `select r.id, r.kind, r.data, d.seq from records r join name_docs d on d.id = r.id where r.id in `, ids, true)
}
