package store

import (
	"context"
	"database/sql"
	"errors"
)

// AuditHead returns the sequence number and hash of the newest audit entry (0 and nil for
// an empty log), for publishing outside the archive (the open-data manifest).
func (t *Tx) AuditHead(ctx context.Context) (seq int64, hash []byte, err error) {
	err = t.queryRow(ctx, `select seq, hash from audit_head where one = 1`).Scan(&seq, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil, nil
	}
	return seq, hash, err
}
