package store

import (
	"bytes"
	"context"
	"slices"

	"github.com/tizim/tizim/internal/model"
)

// PublishedIDs is PersonIDs for a filter on several publication levels, done as one
// PersonIDs per level, merged. With "publication in (a, b) order by id", both engines read
// every matching index entry and sort them before the limit applies — on a register of a
// million that is most of the table for each page of fifty; one level at a time, the
// (publication, id) index yields ids in order and each query stops after the limit.
func (t *Tx) PublishedIDs(ctx context.Context, f PersonFilter) ([]model.ID, error) {
	if len(f.Publications) <= 1 {
		return t.PersonIDs(ctx, f)
	}
	var all []model.ID
	for _, p := range f.Publications {
		g := f
		g.Publications = []model.Publication{p}
		ids, err := t.PersonIDs(ctx, g)
		if err != nil {
			return nil, err
		}
		all = append(all, ids...)
	}
	cmp := func(a, b model.ID) int { return bytes.Compare(a[:], b[:]) }
	slices.SortFunc(all, cmp)
	all = slices.CompactFunc(all, func(a, b model.ID) bool { return a == b })
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 1000 // as PersonIDs
	}
	return all[:min(len(all), limit)], nil
}
