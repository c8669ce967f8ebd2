package store

import (
	"context"
	"database/sql"
	"errors"
	"iter"
	"time"

	"github.com/tizim/tizim/internal/audit"
)

// Audit appends one entry to the tamper-evident log in this transaction (AuditBatch with a
// single record), and a signed checkpoint every CheckpointEvery entries.
func (t *Tx) Audit(ctx context.Context, actor, action, kind, record, detail string) error {
	return t.AuditBatch(ctx, []AuditRecord{{Actor: actor, Action: action, Kind: kind, Record: record, Detail: detail}})
}

func (t *Tx) checkpoint(ctx context.Context, seq int64, hash []byte) error {
	sig := t.s.keys.Sign(audit.CheckpointMessage(seq, hash))
	_, err := t.exec(ctx, `insert into audit_checkpoints (seq, hash, at, sig) values ($1, $2, $3, $4) on conflict do nothing`,
		seq, hash, t.s.now().UnixMicro(), sig)
	return err
}

// Checkpoint signs the current head of the log; called when a server or command closes, so
// that the newest entries are pinned too.
func (s *Store) Checkpoint(ctx context.Context) error {
	return s.Write(ctx, func(t *Tx) error {
		var seq int64
		var hash []byte
		err := t.queryRow(ctx, `select seq, hash from audit_head where one = 1`).Scan(&seq, &hash)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && seq == 0) {
			return nil // nothing logged yet
		}
		if err != nil {
			return err
		}
		return t.checkpoint(ctx, seq, hash)
	})
}

// AuditEntries iterates over the log in sequence order (newest first when desc).
func (t *Tx) AuditEntries(ctx context.Context, desc bool, limit int) iter.Seq2[*audit.Entry, error] {
	q := `select seq, at, actor, action, kind, record, detail, prev, hash from audit order by seq`
	if desc {
		q += ` desc`
	}
	if limit > 0 {
		q += ` limit ` + itoa(limit)
	}
	return t.auditQuery(ctx, q)
}

// auditQuery iterates over the audit entries a query selects (in the column order above).
func (t *Tx) auditQuery(ctx context.Context, q string, args ...any) iter.Seq2[*audit.Entry, error] {
	return func(yield func(*audit.Entry, error) bool) {
		rows, err := t.query(ctx, q, args...)
		if err != nil {
			yield(nil, err)
			return
		}
		defer rows.Close()
		for rows.Next() {
			e := &audit.Entry{}
			var at int64
			if err := rows.Scan(&e.Seq, &at, &e.Actor, &e.Action, &e.Kind, &e.Record, &e.Detail, &e.Prev, &e.Hash); err != nil {
				yield(nil, err)
				return
			}
			e.At = time.UnixMicro(at).UTC()
			if !yield(e, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(nil, err)
		}
	}
}

// VerifyAudit checks the whole log against its chain, head and signed checkpoints.
func (t *Tx) VerifyAudit(ctx context.Context, max int) ([]audit.Problem, error) {
	var cps []audit.Checkpoint
	rows, err := t.query(ctx, `select seq, hash, at, sig from audit_checkpoints order by seq`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var c audit.Checkpoint
		var at int64
		if err := rows.Scan(&c.Seq, &c.Hash, &at, &c.Sig); err != nil {
			rows.Close()
			return nil, err
		}
		c.At = time.UnixMicro(at)
		cps = append(cps, c)
	}
	rows.Close()
	var headSeq int64
	var headHash []byte
	err = t.queryRow(ctx, `select seq, hash from audit_head where one = 1`).Scan(&headSeq, &headHash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	return audit.Verify(t.AuditEntries(ctx, false, 0), cps, t.s.keys.PublicKey(), headSeq, headHash, max)
}

// Integrity runs the engine's own structural check of the database.
func (s *Store) Integrity(ctx context.Context) ([]string, error) {
	return s.d.integrity(ctx, s.w)
}
