package store

import (
	"context"
	"iter"

	"github.com/tizim/tizim/internal/audit"
)

// Pending is an object whose upload started and whose file row was not yet written: an
// ingest in progress, or the leftover of one that crashed.
type Pending struct {
	Object    string
	Host      string
	PID       int
	StartedAt int64 // Unix microseconds
}

// AddPending records, in its own committed transaction, that an upload is about to start.
func (s *Store) AddPending(ctx context.Context, p Pending) error {
	return s.Write(ctx, func(t *Tx) error {
		if p.StartedAt == 0 {
			p.StartedAt = s.now().UnixMicro()
		}
		_, err := t.exec(ctx, `insert into evidence_pending (object, host, pid, started_at) values ($1, $2, $3, $4)`,
			p.Object, p.Host, p.PID, p.StartedAt)
		return err
	})
}

// RemovePending forgets an upload that was abandoned and whose object was deleted.
func (s *Store) RemovePending(ctx context.Context, object string) error {
	return s.Write(ctx, func(t *Tx) error {
		_, err := t.exec(ctx, `delete from evidence_pending where object = $1`, object)
		return err
	})
}

// PendingUploads lists the uploads in progress or abandoned.
func (t *Tx) PendingUploads(ctx context.Context) ([]Pending, error) {
	rows, err := t.query(ctx, `select object, host, pid, started_at from evidence_pending order by started_at`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Pending
	for rows.Next() {
		var p Pending
		if err := rows.Scan(&p.Object, &p.Host, &p.PID, &p.StartedAt); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// RecordAudit iterates over the audit entries about one record, oldest first: the custody
// log of an evidence file.
func (t *Tx) RecordAudit(ctx context.Context, record string) iter.Seq2[*audit.Entry, error] {
	return t.auditQuery(ctx, `select seq, at, actor, action, kind, record, detail, prev, hash from audit where record = $1 order by seq`, record)
}
