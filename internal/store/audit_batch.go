package store

import (
	"context"
	"time"

	"github.com/tizim/tizim/internal/audit"
)

// AuditRecord is one entry to append with AuditBatch.
type AuditRecord struct {
	Actor, Action, Kind, Record, Detail string
}

// AuditBatch appends one entry per record, chained, with one
// update of the head row for the whole batch: the row is taken (and locked) by the same
// UPDATE … RETURNING that Audit uses, so concurrent appenders still serialise.
func (t *Tx) AuditBatch(ctx context.Context, recs []AuditRecord) error {
	if len(recs) == 0 {
		return nil
	}
	n := int64(len(recs))
	var last int64
	var prev []byte
	// The head row exists from migration 0006 on (seq 0, the genesis hash); taking it with
	// UPDATE … RETURNING locks it, so appenders serialise on both engines.
	if err := t.queryRow(ctx, `update audit_head set seq = seq + $1 where one = 1 returning seq, hash`, n).Scan(&last, &prev); err != nil {
		return err
	}
	at := t.s.now().UTC().Truncate(time.Microsecond)
	ins := newInserter(t, "audit", "seq, at, actor, action, kind, record, detail, prev, hash", 9)
	var cks [][2]any
	for i, r := range recs {
		e := &audit.Entry{Seq: last - n + 1 + int64(i), At: at, Actor: r.Actor, Action: r.Action, Kind: r.Kind,
			Record: r.Record, Detail: r.Detail, Prev: prev}
		e.Hash = audit.Sum(e)
		if err := ins.add(ctx, e.Seq, e.At.UnixMicro(), e.Actor, e.Action, e.Kind, e.Record, e.Detail, e.Prev, e.Hash); err != nil {
			return err
		}
		if e.Seq%t.s.ckEvery == 0 {
			cks = append(cks, [2]any{e.Seq, e.Hash})
		}
		prev = e.Hash
	}
	if err := ins.flush(ctx); err != nil {
		return err
	}
	if _, err := t.exec(ctx, `update audit_head set hash = $1 where one = 1`, prev); err != nil {
		return err
	}
	for _, c := range cks {
		if err := t.checkpoint(ctx, c[0].(int64), c[1].([]byte)); err != nil {
			return err
		}
	}
	return nil
}
