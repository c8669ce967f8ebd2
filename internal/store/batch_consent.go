package store

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/pipe"
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
	if err := t.TakeTurn(ctx); err != nil {
		return err
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
	if err := t.updateRecords(ctx, es, now, actor); err != nil {
		return err
	}
	if err := t.refdataChanged(ctx, recordsOf(es)...); err != nil {
		return err
	}
	// The derived rows go and come back as the bulk insert path writes them (Put replaces
	// them one statement at a time; the rows are the same). Links, blind terms and full
	// text that are already as they should be — all of them when only a level changed, as
	// when consent publishes a person — stay, and are neither deleted nor written again.
	rows := make([]searchRows, len(es))
	pipe.Each(len(es), func(i int) { rows[i] = t.s.searchRowsOf(es[i].rec) })
	kept, err := t.unchangedRows(ctx, es, rows)
	if err != nil {
		return err
	}
	prep := &Prepared{search: make(map[model.Record]*searchRows, len(es))}
	var all, changed []any
	for i, e := range es {
		prep.search[e.rec] = &rows[i]
		id := e.rec.Head().ID
		all = append(all, id[:])
		if !kept[id] {
			changed = append(changed, id[:])
		}
	}
	for _, d := range []struct {
		q   string
		ids []any
	}{
		{`delete from links where src in (%s)`, changed},
		{`delete from persons where id in (%s)`, all},
		{`delete from blind_terms where id in (%s)`, changed},
		{`delete from name_docs where id in (%s)`, all},
		{`delete from text_docs where id in (%s)`, changed},
	} {
		if err := chunked(d.ids, func(chunk []any) error {
			_, err := t.exec(ctx, fmt.Sprintf(d.q, placeholders(1, len(chunk))), chunk...)
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
	t.prep, t.kept = prep, kept
	defer func() { t.prep, t.kept = nil, nil }()
	if err := t.indexBatch(ctx, es); err != nil {
		return err
	}
	return t.indexSearchBatch(ctx, es)
}

// unchangedRows returns the records whose stored links, blind terms and full text are
// already those the record calls for (rows[i] are es[i]'s search rows).
func (t *Tx) unchangedRows(ctx context.Context, es []encoded, rows []searchRows) (map[model.ID]bool, error) {
	ids := make([]any, len(es))
	for i, e := range es {
		id := e.rec.Head().ID
		ids[i] = id[:]
	}
	links, terms := map[model.ID][]string{}, map[model.ID][]string{}
	bodies := map[model.ID]string{}
	textQuery := `select d.id, f.body from text_docs d join text_fts f on f.rowid = d.n where d.id in (%s)`
	if t.s.d.name() == "postgres" {
		textQuery = `select id, body from text_docs where id in (%s)`
	}
	if err := chunked(ids, func(chunk []any) error {
		r, err := t.query(ctx, `select src, rel, dst from links where src in (`+placeholders(1, len(chunk))+`)`, chunk...)
		if err != nil {
			return err
		}
		defer r.Close()
		for r.Next() {
			var src, dst []byte
			var rel string
			if err := r.Scan(&src, &rel, &dst); err != nil {
				return err
			}
			links[model.ID(src)] = append(links[model.ID(src)], rel+" "+string(dst))
		}
		return r.Err()
	}); err != nil {
		return nil, err
	}
	for _, q := range []struct {
		query string
		add   func(id model.ID, v string)
	}{
		{`select id, term from blind_terms where id in (%s)`, func(id model.ID, v string) { terms[id] = append(terms[id], v) }},
		{textQuery, func(id model.ID, v string) { bodies[id] = v }},
	} {
		if err := pairsByID(ctx, t, q.query, nil, ids, q.add); err != nil {
			return nil, err
		}
	}
	kept := map[model.ID]bool{}
	for i, e := range es {
		id := e.rec.Head().ID
		var wantLinks, wantTerms []string
		for _, l := range linksOf(e.rec) {
			wantLinks = append(wantLinks, l.rel+" "+string(l.dst[:]))
		}
		if p, ok := e.rec.(*model.Person); ok {
			for _, d := range p.Secret.IDDocs {
				wantTerms = append(wantTerms, t.s.keys.BlindTerm("id", NormaliseIDNumber(d.Number)))
			}
		}
		wantTerms = append(wantTerms, rows[i].phones...)
		body, hasText := bodies[id]
		if sameSet(links[id], wantLinks) && sameSet(terms[id], wantTerms) && hasText == (rows[i].body != "") && body == rows[i].body {
			kept[id] = true
		}
	}
	return kept, nil
}

// sameSet reports whether two lists hold the same strings, repeats aside.
func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}

// updateRecords writes the new versions' rows: one UPDATE a record on SQLite (a compiled
// statement, in process), one UPDATE … FROM (VALUES …) per 500 records on PostgreSQL, where
// each statement is a round trip.
func (t *Tx) updateRecords(ctx context.Context, es []encoded, now time.Time, actor string) error {
	row := func(e encoded) []any {
		m := e.rec.Head()
		var ext any
		if m.ExternalID != "" {
			ext = m.ExternalID
		}
		return []any{m.ID[:], ext, m.Version, string(e.data), e.sealed, now.UnixMicro(), actor}
	}
	if t.s.d.name() != "postgres" {
		for _, e := range es {
			if _, err := t.exec(ctx, `update records set external_id = $2, version = $3, data = $4, secret = $5, updated_at = $6, updated_by = $7 where id = $1`,
				row(e)...); err != nil {
				return fmt.Errorf("saving %s: %w", e.rec.Kind(), err)
			}
		}
		return nil
	}
	for start := 0; start < len(es); start += 500 {
		chunk := es[start:min(start+500, len(es))]
		var b strings.Builder
		args := make([]any, 0, 7*len(chunk))
		for i, e := range chunk {
			if i > 0 {
				b.WriteString(", ")
			}
			n := 7 * i
			if i == 0 { // the first row's types are the columns'
				b.WriteString("($1::bytea, $2::text, $3::integer, $4::text, $5::bytea, $6::bigint, $7::text)")
			} else {
				b.WriteString("(" + placeholders(n+1, 7) + ")")
			}
			args = append(args, row(e)...)
		}
		if _, err := t.exec(ctx, `update records r set external_id = v.ext, version = v.version, data = v.data, secret = v.secret,
			updated_at = v.at, updated_by = v.by from (values `+b.String()+`) as v(id, ext, version, data, secret, at, by) where r.id = v.id`, args...); err != nil {
			return fmt.Errorf("saving records: %w", err)
		}
	}
	return nil
}

// versionsOf returns the stored version of each of ids that exists.
func (t *Tx) versionsOf(ctx context.Context, ids []model.ID) (map[model.ID]int, error) {
	out := make(map[model.ID]int, len(ids))
	err := pairsByID(ctx, t, `select id, version from records where id in (%s)`, nil, idArgs(ids),
		func(id model.ID, v int) { out[id] = v })
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
	err := pairsByID(ctx, t, `select dst, src from links where rel = $1 and dst in (%s) order by dst, src`, []any{rel}, idArgs(dsts),
		func(dst model.ID, src []byte) { out[dst] = append(out[dst], model.ID(src)) })
	return out, err
}

// Kinds returns the kind of each of ids that is a stored record.
func (t *Tx) Kinds(ctx context.Context, ids []model.ID) (map[model.ID]model.Kind, error) {
	out := make(map[model.ID]model.Kind, len(ids))
	err := pairsByID(ctx, t, `select id, kind from records where id in (%s)`, nil, idArgs(ids),
		func(id model.ID, k string) { out[id] = model.Kind(k) })
	return out, err
}
