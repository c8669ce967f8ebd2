package archive

import (
	"context"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
)

// RecordKinds returns the kind of each of ids that is a stored record, so an import's check
// can tell a consent whose subject or giver is missing before it writes anything. It reads
// no content.
func (a *Archive) RecordKinds(ctx context.Context, who Actor, ids []model.ID) (out map[model.ID]model.Kind, err error) {
	if err := who.need(OpRead); err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return map[model.ID]model.Kind{}, nil
	}
	err = a.st.Read(ctx, func(tx *store.Tx) error {
		out, err = tx.Kinds(ctx, ids)
		return err
	})
	return out, err
}
