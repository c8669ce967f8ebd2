package store

import (
	"context"

	"github.com/tizim/tizim/internal/model"
)

// ReindexSearch rewrites the search rows of every person, testimony, source and event, in
// transactions of 500 records: for archives made before migration 0004, and after a change
// to the name engine's keys. It returns how many records it indexed.
func (s *Store) ReindexSearch(ctx context.Context, progress func(n int)) (int, error) {
	var ids []model.ID
	err := s.Read(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, `select id from records where kind in ('person', 'testimony', 'source', 'event') order by id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var b []byte
			if err := rows.Scan(&b); err != nil {
				return err
			}
			ids = append(ids, model.ID(b))
		}
		return rows.Err()
	})
	if err != nil {
		return 0, err
	}
	for i := 0; i < len(ids); i += 500 {
		err := s.Write(ctx, func(tx *Tx) error {
			for _, id := range ids[i:min(i+500, len(ids))] {
				rec, err := tx.Get(ctx, id, true) // with its sealed part: index rewrites the blind terms too
				if err != nil {
					return err
				}
				if err := tx.index(ctx, rec); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return i, err
		}
		if progress != nil {
			progress(min(i+500, len(ids)))
		}
	}
	return len(ids), nil
}
