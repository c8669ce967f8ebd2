package store

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/tizim/tizim/internal/model"
)

// The batch write path for records that already exist (ADR 0412, session 4): the consent
// phase of a JSONL restore republishes tens of thousands of persons, and saving each through
// Put cost a dozen statements a person. UpdateBatch writes what Put writes for an update —
// the version check, the previous version in the history with its reason, the new version,
// and the derived rows replaced — but in bulk.

// Update is one record to save with UpdateBatch, and why (the history's reason).
type Update struct {
	Rec    model.Record
	Reason string
}

// UpdateBatch saves new versions of stored records like Put, one after the other: each
// record's Version must be the stored one (else model.ErrConflict), the stored version goes
// to the history with the update's reason, Version is incremented, and the record's links,
// persons row, blind terms and search rows are replaced. A record that is not stored, or
// the same record twice, is an error: they are Put's business.
func (t *Tx) UpdateBatch(ctx context.Context, ups []Update, actor string) error {
	if len(ups) == 0 {
		return nil
	}
	now := t.s.now().UTC()
	ids := make([]model.ID, len(ups))
	seen := make(map[model.ID]bool, len(ups))
	for i, u := range ups {
		if err := u.Rec.Validate(); err != nil {
			return err
		}
		id := u.Rec.Head().ID
		if seen[id] {
			return fmt.Errorf("%s %s is twice in one batch of updates", u.Rec.Kind(), id)
		}
		seen[id] = true
		ids[i] = id
	}
	stored, err := t.versionsOf(ctx, ids)
	if err != nil {
		return err
	}
	byReason := map[string][]any{}
	var reasons []string
	for _, u := range ups {
		m := u.Rec.Head()
		v, ok := stored[m.ID]
		switch {
		case !ok:
			return fmt.Errorf("%s %s: %w", u.Rec.Kind(), m.ID, model.ErrNotFound)
		case v != m.Version:
			return fmt.Errorf("%s %s: %w", u.Rec.Kind(), m.ID, model.ErrConflict)
		}
		if _, ok := byReason[u.Reason]; !ok {
			reasons = append(reasons, u.Reason)
		}
		byReason[u.Reason] = append(byReason[u.Reason], m.ID[:])
	}
	// The history: the stored rows as they are, before they change, grouped by reason.
	for _, reason := range reasons {
		if err := chunked(byReason[reason], func(chunk []any) error {
			_, err := t.exec(ctx, `insert into versions (id, version, kind, data, secret, changed_at, changed_by, reason)
				select id, version, kind, data, secret, $1, $2, $3 from records where id in (`+placeholders(4, len(chunk))+`)`,
				append([]any{now.UnixMicro(), actor, reason}, chunk...)...)
			return err
		}); err != nil {
			return err
		}
	}
	es := make([]encoded, len(ups))
	for i, u := range ups {
		m := u.Rec.Head()
		m.Version++
		m.Updated, m.UpdatedBy = now, actor
		es[i] = encoded{rec: u.Rec}
	}
	if err := t.encodeAll(es); err != nil {
		return err
	}
	for _, e := range es {
		m := e.rec.Head()
		var ext any
		if m.ExternalID != "" {
			ext = m.ExternalID
		}
		if _, err := t.exec(ctx, `update records set external_id = $2, version = $3, data = $4, secret = $5, updated_at = $6, updated_by = $7 where id = $1`,
			m.ID[:], ext, m.Version, string(e.data), e.sealed, now.UnixMicro(), actor); err != nil {
			return fmt.Errorf("saving %s: %w", e.rec.Kind(), err)
		}
	}
	// The derived rows go and come back as the bulk insert path writes them (Put replaces
	// them one statement at a time; the rows are the same).
	all := make([]any, len(ids))
	for i, id := range ids {
		all[i] = id[:]
	}
	for _, q := range []string{
		`delete from links where src in (%s)`,
		`delete from persons where id in (%s)`,
		`delete from blind_terms where id in (%s)`,
		`delete from name_docs where id in (%s)`,
		`delete from text_docs where id in (%s)`,
	} {
		if err := chunked(all, func(chunk []any) error {
			_, err := t.exec(ctx, fmt.Sprintf(q, placeholders(1, len(chunk))), chunk...)
			return err
		}); err != nil {
			return err
		}
	}
	// Derived rows enter their indexes in id order, as a batch of new records does.
	slices.SortFunc(es, func(a, b encoded) int {
		x, y := a.rec.Head().ID, b.rec.Head().ID
		return bytes.Compare(x[:], y[:])
	})
	if err := t.indexBatch(ctx, es); err != nil {
		return err
	}
	return t.indexSearchBatch(ctx, es)
}

// chunked calls fn with args in chunks of at most 500.
func chunked(args []any, fn func([]any) error) error {
	for start := 0; start < len(args); start += 500 {
		if err := fn(args[start:min(start+500, len(args))]); err != nil {
			return err
		}
	}
	return nil
}

// versionsOf returns the stored version of each of ids that exists.
func (t *Tx) versionsOf(ctx context.Context, ids []model.ID) (map[model.ID]int, error) {
	out := make(map[model.ID]int, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id[:]
	}
	err := chunked(args, func(chunk []any) error {
		rows, err := t.query(ctx, `select id, version from records where id in (`+placeholders(1, len(chunk))+`)`, chunk...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var b []byte
			var v int
			if err := rows.Scan(&b, &v); err != nil {
				return err
			}
			out[model.ID(b)] = v
		}
		return rows.Err()
	})
	return out, err
}

// Exist reports which of ids are stored records, without reading them.
func (t *Tx) Exist(ctx context.Context, ids []model.ID) (map[model.ID]bool, error) {
	v, err := t.versionsOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[model.ID]bool, len(v))
	for id := range v {
		out[id] = true
	}
	return out, nil
}

// LinkedMany is Linked for many destinations at once: for each of dsts, the ids of the
// records that link to it with rel, in id order.
func (t *Tx) LinkedMany(ctx context.Context, dsts []model.ID, rel string) (map[model.ID][]model.ID, error) {
	out := make(map[model.ID][]model.ID, len(dsts))
	args := make([]any, len(dsts))
	for i, id := range dsts {
		args[i] = id[:]
	}
	err := chunked(args, func(chunk []any) error {
		rows, err := t.query(ctx, `select dst, src from links where rel = $1 and dst in (`+placeholders(2, len(chunk))+`) order by dst, src`,
			append([]any{rel}, chunk...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var d, s []byte
			if err := rows.Scan(&d, &s); err != nil {
				return err
			}
			out[model.ID(d)] = append(out[model.ID(d)], model.ID(s))
		}
		return rows.Err()
	})
	return out, err
}

// Kinds returns the kind of each of ids that is a stored record.
func (t *Tx) Kinds(ctx context.Context, ids []model.ID) (map[model.ID]model.Kind, error) {
	out := make(map[model.ID]model.Kind, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id[:]
	}
	err := chunked(args, func(chunk []any) error {
		rows, err := t.query(ctx, `select id, kind from records where id in (`+placeholders(1, len(chunk))+`)`, chunk...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var b []byte
			var k string
			if err := rows.Scan(&b, &k); err != nil {
				return err
			}
			out[model.ID(b)] = model.Kind(k)
		}
		return rows.Err()
	})
	return out, err
}
