package archive

import (
	"context"
	"fmt"

	"github.com/tizim/tizim/internal/access"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
)

// Each streams every record of the archive (of one kind, or all when kind is empty) to fn,
// for exports and backups. The export is audited before the first record is read; with
// withSecret the confidential parts are opened too, which needs its own permission.
func (a *Archive) Each(ctx context.Context, who Actor, kind model.Kind, withSecret bool, purpose string, fn func(model.Record) error) error {
	op := OpExport
	if withSecret {
		op = OpExportConfidential
	}
	if err := who.need(op); err != nil {
		return err
	}
	if err := a.st.Write(ctx, func(tx *store.Tx) error {
		return tx.Audit(ctx, who.Name, "export", string(kind), "", fmt.Sprintf("%s; confidential parts: %t", purpose, withSecret))
	}); err != nil {
		return err
	}
	return a.st.Read(ctx, func(tx *store.Tx) error {
		// Records are decoded on all cores and still come in id order (AllParallel).
		for rec, err := range tx.AllParallel(ctx, kind, withSecret) {
			if err != nil {
				return err
			}
			if err := fn(rec); err != nil {
				return err
			}
		}
		return nil
	})
}

// EachPublic streams the full public view of every published person, in a stable order.
// It is what open-data exports are made of; it needs no permission and is audited.
func (a *Archive) EachPublic(ctx context.Context, who string, fn func(*access.PublicPerson) error) error {
	if err := a.st.Write(ctx, func(tx *store.Tx) error {
		return tx.Audit(ctx, who, "export", "person", "", "public projection")
	}); err != nil {
		return err
	}
	var after model.ID
	for {
		var page []*access.PublicPerson
		err := a.st.Read(ctx, func(tx *store.Tx) error {
			ids, err := tx.PersonIDs(ctx, store.PersonFilter{Publications: access.Published, After: after, Limit: 500})
			if err != nil {
				return err
			}
			for _, id := range ids {
				pp, err := a.project(ctx, tx, id, true)
				if err != nil {
					return err
				}
				if pp != nil {
					page = append(page, pp)
				}
				after = id
			}
			if len(ids) == 0 {
				after = model.ID{}
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, pp := range page {
			if err := fn(pp); err != nil {
				return err
			}
		}
		if after.IsZero() {
			return nil
		}
	}
}
