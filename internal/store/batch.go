package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tizim/tizim/internal/model"
)

// The batch write path (ADR 0400): bulk imports write thousands of records per transaction,
// so rows go in as multi-row INSERTs through statements prepared once per transaction, and
// the JSON encoding and sealing of records run on all cores. What is written is exactly what
// Put writes, row for row: records, persons, links, blind terms.

// batchRows is how many rows one multi-row INSERT carries; 64 rows × 15 columns stays far
// below both engines' limits on bound parameters.
const batchRows = 64

// encoded is a record ready for its rows.
type encoded struct {
	rec    model.Record
	data   []byte
	sealed []byte
}

// PutBatch inserts or updates records like Put, faster for many. Records whose id already
// exists go through Put (with its version check and history); new ones are inserted in
// bulk. Callers audit each record (AuditBatch).
func (t *Tx) PutBatch(ctx context.Context, recs []model.Record, actor, reason string) error {
	now := t.s.now().UTC()
	existing, err := t.existingIDs(ctx, recs)
	if err != nil {
		return err
	}
	ids := newIDs(recs, existing, now)
	var fresh []encoded
	for i, rec := range recs {
		if err := rec.Validate(); err != nil {
			return fmt.Errorf("%s %s: %w", rec.Kind(), rec.Head().ExternalID, err)
		}
		m := rec.Head()
		if !m.ID.IsZero() && existing[m.ID] {
			if err := t.Put(ctx, rec, actor, reason); err != nil {
				return err
			}
			continue
		}
		if m.ID.IsZero() {
			m.ID, ids = ids[0], ids[1:]
		}
		m.Version = 1
		if m.Created.IsZero() {
			m.Created = now
		}
		if m.CreatedBy == "" {
			m.CreatedBy = actor
		}
		// Each record is stamped a microsecond after the one before, so records saved in one
		// batch keep the order they were given in, as if saved one by one (the latest of two
		// consents of the same date is the one saved last: access.Level).
		m.Updated, m.UpdatedBy = now.Add(time.Duration(i)*time.Microsecond), actor
		existing[m.ID] = true // the same id twice in one batch is an update the second time
		fresh = append(fresh, encoded{rec: rec})
	}
	return t.insertEncoded(ctx, fresh, now, actor)
}

// newIDs makes the ids of the batch's records that have none, in ascending order. They are
// ordinary random UUIDv7s of the batch's time, sorted: records then enter every index keyed
// by id (records, persons, links, name_docs, the audit's record column) in key order, at the
// right edge of each B-tree, instead of at random places (ADR 0412).
func newIDs(recs []model.Record, existing map[model.ID]bool, now time.Time) []model.ID {
	n := 0
	for _, r := range recs {
		if r.Head().ID.IsZero() {
			n++
		}
	}
	ids := make([]model.ID, 0, n)
	for len(ids) < n {
		id := model.NewID(now)
		if !existing[id] {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(a, b model.ID) int { return bytes.Compare(a[:], b[:]) })
	return ids
}

// insertEncoded encodes and inserts new records with their index rows.
func (t *Tx) insertEncoded(ctx context.Context, fresh []encoded, now time.Time, actor string) error {
	if err := t.encodeAll(fresh); err != nil {
		return err
	}
	ins := newInserter(t, "records", "id, kind, external_id, version, data, secret, synthetic, created_at, created_by, updated_at, updated_by", 11)
	for _, e := range fresh {
		m := e.rec.Head()
		var ext any
		if m.ExternalID != "" {
			ext = m.ExternalID
		}
		if err := ins.add(ctx, m.ID[:], string(e.rec.Kind()), ext, m.Version, string(e.data), e.sealed, boolInt(m.Synthetic),
			m.Created.UnixMicro(), m.CreatedBy, m.Updated.UnixMicro(), actor); err != nil {
			return fmt.Errorf("saving %s: %w", e.rec.Kind(), err)
		}
	}
	if err := ins.flush(ctx); err != nil {
		return fmt.Errorf("saving records: %w", err)
	}
	if err := t.refdataChanged(ctx, recordsOf(fresh)...); err != nil {
		return err
	}
	if err := t.indexBatch(ctx, fresh); err != nil {
		return err
	}
	return t.indexSearchBatch(ctx, fresh)
}

// recordsOf returns the records of es.
func recordsOf(es []encoded) []model.Record {
	out := make([]model.Record, len(es))
	for i, e := range es {
		out[i] = e.rec
	}
	return out
}

// existingIDs returns which of the records' ids are already stored.
func (t *Tx) existingIDs(ctx context.Context, recs []model.Record) (map[model.ID]bool, error) {
	out := map[model.ID]bool{}
	var ids []any
	flush := func() error {
		if len(ids) == 0 {
			return nil
		}
		rows, err := t.query(ctx, `select id from records where id in (`+placeholders(1, len(ids))+`)`, ids...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var b []byte
			if err := rows.Scan(&b); err != nil {
				return err
			}
			out[model.ID(b)] = true
		}
		ids = ids[:0]
		return rows.Err()
	}
	for _, r := range recs {
		if id := r.Head().ID; !id.IsZero() {
			ids = append(ids, id[:])
			if len(ids) == 500 {
				if err := flush(); err != nil {
					return nil, err
				}
			}
		}
	}
	return out, flush()
}

// encodeAll marshals and seals records on all cores.
func (t *Tx) encodeAll(es []encoded) error {
	workers := runtime.GOMAXPROCS(0)
	if len(es) < 256 {
		workers = 1
	}
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(es); i += workers {
				e := &es[i]
				var err error
				if e.data, err = recordJSON(e.rec); err == nil {
					e.sealed, err = t.seal(e.rec)
				}
				if err != nil {
					errs[w] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// placeholders returns "$from, $from+1, …" for n values.
func placeholders(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + itoa(from+i))
	}
	return b.String()
}

// inserter buffers the rows of one table and writes them in bulk: on SQLite batchRows at a
// time through a multi-row INSERT prepared once for the transaction, on PostgreSQL by COPY
// (copyRows) in chunks of copyChunk rows.
type inserter struct {
	t      *Tx
	table  string
	names  []string
	head   string
	cols   int
	args   []any
	full   *sql.Stmt
	suffix string
	rows   [][]any             // PostgreSQL: rows waiting for COPY
	seen   map[string]struct{} // PostgreSQL with onConflict: the rows already queued
}

// copyChunk is how many rows one COPY carries at most, which bounds what is held for it.
const copyChunk = 8192

func newInserter(t *Tx, table, cols string, n int) *inserter {
	return &inserter{t: t, table: table, names: strings.Split(cols, ", "), head: "insert into " + table + " (" + cols + ") values ", cols: n}
}

// onConflict adds a clause such as "on conflict do nothing". It is only used for rows whose
// key includes a record that is new in this transaction (links and blind terms of new
// records), so a conflict can only come from the same row twice in the batch: COPY, which
// has no such clause, gets each distinct row once instead.
func (in *inserter) onConflict(s string) *inserter {
	in.suffix = " " + s
	if in.copying() {
		in.seen = map[string]struct{}{}
	}
	return in
}

func (in *inserter) copying() bool { return in.t.conn != nil }

func (in *inserter) add(ctx context.Context, vals ...any) error {
	if in.copying() {
		if in.seen != nil {
			k := rowKey(vals)
			if _, dup := in.seen[k]; dup {
				return nil
			}
			in.seen[k] = struct{}{}
		}
		in.rows = append(in.rows, vals)
		if len(in.rows) < copyChunk {
			return nil
		}
		err := in.t.copyRows(ctx, in.table, in.names, in.rows)
		in.rows = in.rows[:0]
		return err
	}
	in.args = append(in.args, vals...)
	if len(in.args) < batchRows*in.cols {
		return nil
	}
	if in.full == nil {
		st, err := in.t.tx.PrepareContext(ctx, in.t.s.d.rebind(in.query(batchRows)))
		if err != nil {
			return err
		}
		in.full = st
	}
	_, err := in.full.ExecContext(ctx, in.args...)
	in.args = in.args[:0]
	return err
}

// rowKey is a row's values as one string, to drop repeated rows before COPY.
func rowKey(vals []any) string {
	var b []byte
	for _, v := range vals {
		var s string
		switch x := v.(type) {
		case []byte:
			s = string(x)
		case string:
			s = x
		default:
			s = fmt.Sprint(x)
		}
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return string(b)
}

func (in *inserter) query(rows int) string {
	var b strings.Builder
	b.WriteString(in.head)
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(" + placeholders(r*in.cols+1, in.cols) + ")")
	}
	b.WriteString(in.suffix)
	return b.String()
}

func (in *inserter) flush(ctx context.Context) error {
	if in.copying() {
		if len(in.rows) >= batchRows {
			err := in.t.copyRows(ctx, in.table, in.names, in.rows)
			in.rows = in.rows[:0]
			return err
		}
		// A few rows (a single audit entry, a small batch) go in as one INSERT: COPY
		// costs an extra round trip to learn the column types.
		for _, r := range in.rows {
			in.args = append(in.args, r...)
		}
		in.rows = in.rows[:0]
	}
	if in.full != nil {
		defer in.full.Close()
	}
	if len(in.args) == 0 {
		return nil
	}
	_, err := in.t.exec(ctx, in.query(len(in.args)/in.cols), in.args...)
	in.args = in.args[:0]
	return err
}
