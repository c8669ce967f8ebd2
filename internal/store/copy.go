package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// copyRows writes rows into a table with PostgreSQL's COPY, on the write transaction's own
// connection and so inside the transaction: what COPY wrote commits or rolls back with
// everything else (ADR 0412). Only bulk writes of new records use it.
func (t *Tx) copyRows(ctx context.Context, table string, cols []string, rows [][]any) error {
	if t.conn == nil {
		return fmt.Errorf("copy into %s: not a PostgreSQL write transaction", table)
	}
	return t.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("copy into %s: the connection is a %T, not pgx", table, dc)
		}
		n, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
		if err != nil {
			return fmt.Errorf("copy into %s: %w", table, err)
		}
		if n != int64(len(rows)) {
			return fmt.Errorf("copy into %s: %d of %d rows written", table, n, len(rows))
		}
		return nil
	})
}
