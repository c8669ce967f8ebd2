package store

import (
	"context"

	"github.com/tizim/tizim/internal/model"
)

// MergeEntry is a merge as listings show it: who merged what and when, and whether
// it was undone.
type MergeEntry struct {
	ID, Kept, Merged model.ID
	At               int64 // Unix microseconds
	By               string
	UndoneAt         int64
	UndoneBy         string
}

// Merges lists merges, undone ones included, newest first.
func (t *Tx) Merges(ctx context.Context, limit int) ([]MergeEntry, error) {
	rows, err := t.query(ctx, `select id, kept, merged, at, by_actor, undone_at, coalesce(undone_by, '') from merges
		order by at desc, id limit `+itoa(max(1, min(limit, 10000))))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []MergeEntry
	for rows.Next() {
		var m MergeEntry
		var id, k, g []byte
		if err := rows.Scan(&id, &k, &g, &m.At, &m.By, &m.UndoneAt, &m.UndoneBy); err != nil {
			return nil, err
		}
		m.ID, m.Kept, m.Merged = model.ID(id), model.ID(k), model.ID(g)
		out = append(out, m)
	}
	return out, rows.Err()
}
