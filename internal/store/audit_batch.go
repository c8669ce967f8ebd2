package store

import (
	"context"
	"strings"
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
	if err := t.TakeTurn(ctx); err != nil {
		return err
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
	return t.checkpoints(ctx, cks)
}

// checkpoints signs and stores the checkpoints of a batch, as checkpoint does one by one,
// with one INSERT for up to checkpointRows of them: a batch of 5,000 entries has about
// twenty, and on PostgreSQL each statement is a round trip.
func (t *Tx) checkpoints(ctx context.Context, cks [][2]any) error {
	at := t.s.now().UnixMicro()
	for len(cks) > 0 {
		n := min(len(cks), checkpointRows)
		var q strings.Builder
		q.WriteString("insert into audit_checkpoints (seq, hash, at, sig) values ")
		args := make([]any, 0, 4*n)
		for i, c := range cks[:n] {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(" + placeholders(4*i+1, 4) + ")")
			seq, hash := c[0].(int64), c[1].([]byte)
			args = append(args, seq, hash, at, t.s.keys.Sign(audit.CheckpointMessage(seq, hash)))
		}
		q.WriteString(" on conflict do nothing")
		if _, err := t.exec(ctx, q.String(), args...); err != nil {
			return err
		}
		cks = cks[n:]
	}
	return nil
}

// checkpointRows is how many checkpoints one INSERT stores at most (4 values each, well
// under either engine's limit on bound values).
const checkpointRows = 500
