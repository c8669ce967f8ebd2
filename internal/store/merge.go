package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/tizim/tizim/internal/model"
)

// The bookkeeping of person merges (archive.Merge). A merge changes records through Put
// like any edit; what is here lets an undo put every changed row back exactly as it was,
// so that an export after the undo is byte for byte the export before the merge.

// RowSnapshot is a record's stored row as it was before a merge changed it. The sealed
// part stays sealed: a snapshot never holds a confidential field in the clear.
type RowSnapshot struct {
	ID        model.ID `json:"id"`
	Version   int      `json:"version"`
	Data      string   `json:"data"`
	Secret    []byte   `json:"secret,omitempty"`
	UpdatedAt int64    `json:"updated_at"`
	UpdatedBy string   `json:"updated_by"`
	// After is the version the merge left; an undo refuses when the record has moved on
	// since, because putting the old row back would silently drop that later edit.
	After int `json:"after"`
}

// Snapshot reads a record's row as stored.
func (t *Tx) Snapshot(ctx context.Context, id model.ID) (RowSnapshot, error) {
	s := RowSnapshot{ID: id}
	err := t.queryRow(ctx, `select version, data, secret, updated_at, updated_by from records where id = $1`, id[:]).
		Scan(&s.Version, &s.Data, &s.Secret, &s.UpdatedAt, &s.UpdatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return s, fmt.Errorf("record %s: %w", id, model.ErrNotFound)
	}
	return s, err
}

// RestoreRow puts a snapshot back: the row as it was, without the history rows the merge
// added (they described states that no longer exist), and the derived tables rebuilt from it.
func (t *Tx) RestoreRow(ctx context.Context, s RowSnapshot) error {
	var kind string
	var cur int
	err := t.queryRow(ctx, `select kind, version from records where id = $1`, s.ID[:]).Scan(&kind, &cur)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("record %s was deleted after the merge: %w", s.ID, model.ErrConflict)
	}
	if err != nil {
		return err
	}
	if cur != s.After {
		return fmt.Errorf("%s %s was edited after the merge (version %d, the merge left %d); undo the later change first: %w",
			kind, s.ID, cur, s.After, model.ErrConflict)
	}
	if _, err := t.exec(ctx, `delete from versions where id = $1 and version >= $2`, s.ID[:], s.Version); err != nil {
		return err
	}
	if _, err := t.exec(ctx, `update records set version = $2, data = $3, secret = $4, updated_at = $5, updated_by = $6 where id = $1`,
		s.ID[:], s.Version, s.Data, s.Secret, s.UpdatedAt, s.UpdatedBy); err != nil {
		return err
	}
	rec, err := t.decode(kind, s.Data, s.Secret, true)
	if err != nil {
		return err
	}
	if err := t.refdataChanged(ctx, rec); err != nil {
		return err
	}
	return t.index(ctx, rec)
}

// Unlist removes a person from the persons table and the blind index, which every list,
// search, public page and statistic reads: the record itself and its history stay.
func (t *Tx) Unlist(ctx context.Context, id model.ID) error {
	for _, q := range []string{`delete from persons where id = $1`, `delete from blind_terms where id = $1`} {
		if _, err := t.exec(ctx, q, id[:]); err != nil {
			return err
		}
	}
	return t.personsChanged(ctx)
}

// MergedInto returns the person id was merged into by a merge still in force.
func (t *Tx) MergedInto(ctx context.Context, id model.ID) (kept, merge model.ID, ok bool, err error) {
	var k, m []byte
	err = t.queryRow(ctx, `select kept, id from merges where merged = $1 and undone_at = 0`, id[:]).Scan(&k, &m)
	if errors.Is(err, sql.ErrNoRows) {
		return kept, merge, false, nil
	}
	if err != nil {
		return kept, merge, false, err
	}
	return model.ID(k), model.ID(m), true, nil
}

// MergedPersons returns every person merged into another by a merge still in force.
func (t *Tx) MergedPersons(ctx context.Context) (map[model.ID]model.ID, error) {
	rows, err := t.query(ctx, `select merged, kept from merges where undone_at = 0`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[model.ID]model.ID{}
	for rows.Next() {
		var m, k []byte
		if err := rows.Scan(&m, &k); err != nil {
			return nil, err
		}
		out[model.ID(m)] = model.ID(k)
	}
	return out, rows.Err()
}

// ReviewState is a queue row's decision, kept by a merge so an undo can put it back.
type ReviewState struct {
	Queued    bool   `json:"queued"`
	Status    string `json:"status,omitempty"`
	DecidedAt int64  `json:"decided_at,omitempty"`
	DecidedBy string `json:"decided_by,omitempty"`
}

// ReviewStateOf returns the queue row of a pair, if any.
func (t *Tx) ReviewStateOf(ctx context.Context, x, y model.ID) (ReviewState, error) {
	a, b := ReviewPair(x, y)
	var s ReviewState
	err := t.queryRow(ctx, `select status, decided_at, decided_by from review_queue where a = $1 and b = $2`, a[:], b[:]).
		Scan(&s.Status, &s.DecidedAt, &s.DecidedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return s, nil
	}
	s.Queued = err == nil
	return s, err
}

// RestoreReviewState puts a pair's queue row back as s describes it (removing a row that
// only the merge added).
func (t *Tx) RestoreReviewState(ctx context.Context, x, y model.ID, s ReviewState) error {
	a, b := ReviewPair(x, y)
	if !s.Queued {
		_, err := t.exec(ctx, `delete from review_queue where a = $1 and b = $2`, a[:], b[:])
		return err
	}
	_, err := t.exec(ctx, `update review_queue set status = $3, decided_at = $4, decided_by = $5 where a = $1 and b = $2`,
		a[:], b[:], s.Status, s.DecidedAt, s.DecidedBy)
	return err
}
