package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/tizim/tizim/internal/model"
)

// ReviewItem is a pair of persons that may be the same person (migration 0002).
type ReviewItem struct {
	A, B      model.ID
	Score     float64
	Reasons   string
	Origin    string
	Status    string // open, merged, separated
	CreatedAt int64
	DecidedBy string
}

// ReviewPair orders a pair so (a, b) and (b, a) are one row.
func ReviewPair(a, b model.ID) (model.ID, model.ID) {
	if string(b[:]) < string(a[:]) {
		return b, a
	}
	return a, b
}

// QueueReview adds a pair unless it is already queued or decided: a pair an editor
// separated is never queued again.
func (t *Tx) QueueReview(ctx context.Context, it ReviewItem) (bool, error) {
	a, b := ReviewPair(it.A, it.B)
	res, err := t.exec(ctx, `insert into review_queue (a, b, score, reasons, origin, created_at) values ($1, $2, $3, $4, $5, $6)
		on conflict (a, b) do nothing`, a[:], b[:], it.Score, it.Reasons, it.Origin, t.s.now().UnixMicro())
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// Reviews lists pairs with a status (all when empty), highest score first.
func (t *Tx) Reviews(ctx context.Context, status string, limit int) ([]ReviewItem, error) {
	q := `select a, b, score, reasons, origin, status, created_at, decided_by from review_queue`
	var args []any
	if status != "" {
		q += ` where status = $1`
		args = append(args, status)
	}
	q += ` order by score desc, a, b limit ` + itoa(max(1, min(limit, 10000)))
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ReviewItem
	for rows.Next() {
		var it ReviewItem
		var a, b []byte
		if err := rows.Scan(&a, &b, &it.Score, &it.Reasons, &it.Origin, &it.Status, &it.CreatedAt, &it.DecidedBy); err != nil {
			return nil, err
		}
		it.A, it.B = model.ID(a), model.ID(b)
		out = append(out, it)
	}
	return out, rows.Err()
}

// DecideReview sets a pair's status, adding the pair when an editor decides on a pair
// nobody queued.
func (t *Tx) DecideReview(ctx context.Context, x, y model.ID, status, actor string) error {
	a, b := ReviewPair(x, y)
	now := t.s.now().UnixMicro()
	_, err := t.exec(ctx, `insert into review_queue (a, b, score, reasons, origin, status, created_at, decided_at, decided_by)
		values ($1, $2, 0, '', 'editor', $3, $4, $4, $5)
		on conflict (a, b) do update set status = $3, decided_at = $4, decided_by = $5`, a[:], b[:], status, now, actor)
	return err
}

// MergeRecord is what undoing a merge needs.
type MergeRecord struct {
	ID           model.ID
	Kept, Merged model.ID
	KeptVersion  int
	Moved        string // JSON
	UndoneAt     int64
}

// SaveMerge records a merge.
func (t *Tx) SaveMerge(ctx context.Context, m MergeRecord, actor string) error {
	_, err := t.exec(ctx, `insert into merges (id, kept, merged, kept_version, moved, at, by_actor) values ($1, $2, $3, $4, $5, $6, $7)`,
		m.ID[:], m.Kept[:], m.Merged[:], m.KeptVersion, m.Moved, t.s.now().UnixMicro(), actor)
	return err
}

// Merge loads a merge by id.
func (t *Tx) Merge(ctx context.Context, id model.ID) (MergeRecord, error) {
	m := MergeRecord{ID: id}
	var k, g []byte
	err := t.queryRow(ctx, `select kept, merged, kept_version, moved, undone_at from merges where id = $1`, id[:]).Scan(&k, &g, &m.KeptVersion, &m.Moved, &m.UndoneAt)
	if errors.Is(err, sql.ErrNoRows) {
		return m, fmt.Errorf("merge %s: %w", id, model.ErrNotFound)
	}
	m.Kept, m.Merged = model.ID(k), model.ID(g)
	return m, err
}

// MarkMergeUndone records that a merge was undone.
func (t *Tx) MarkMergeUndone(ctx context.Context, id model.ID, actor string) error {
	_, err := t.exec(ctx, `update merges set undone_at = $2, undone_by = $3 where id = $1`, id[:], t.s.now().UnixMicro(), actor)
	return err
}

// LinkedFrom returns the records that point at dst in any way: through links, and, when dst
// is not a person, as a person's hometown or facility (ADR 0423) — of the persons listed in
// the persons table: one merged away (Unlist) is not found by its places. Only merges of
// persons call it today, and a person is nobody's hometown or facility.
func (t *Tx) LinkedFrom(ctx context.Context, dst model.ID) ([]model.ID, error) {
	var kind string
	if err := t.queryRow(ctx, `select kind from records where id = $1`, dst[:]).Scan(&kind); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	rows, err := t.query(ctx, `select src from links where dst = $1 order by src`, dst[:])
	ids, err := collectIDs(rows, err)
	if err != nil || kind == string(model.KindPerson) {
		return ids, err
	}
	more, err := t.personRefsTo(ctx, dst)
	if err != nil {
		return nil, err
	}
	ids = append(ids, more...)
	slices.SortFunc(ids, func(a, b model.ID) int { return bytes.Compare(a[:], b[:]) })
	return slices.Compact(ids), nil
}
