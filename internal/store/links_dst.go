package store

import (
	"context"

	"github.com/tizim/tizim/internal/model"
)

// A person's hometown and facility are columns of its persons row, not links (ADR 0423): a
// bulk import wrote two links rows a person for them. LinkedFrom, which must find every
// record that points at a place or facility, reads those columns as well as the links.

// personRefsTo returns the persons whose hometown or facility is dst. No index serves it: it
// reads the persons table, which only LinkedFrom does, and only for a place or facility.
func (t *Tx) personRefsTo(ctx context.Context, dst model.ID) ([]model.ID, error) {
	rows, err := t.query(ctx, `select id from persons where hometown = $1 or facility = $1 order by id`, dst[:])
	return collectIDs(rows, err)
}
