package transfer

import (
	"context"
	"errors"
	"io"

	"github.com/tizim/tizim/internal/pipe"
)

// readRow is one row of a table as read and converted.
type readRow struct {
	cells []string
	num   int
	err   error // the row could not be read
	row   *Row  // nil: not converted (unreadable, blank, invalid, or before from)
	probs []Problem
	pos   int64 // bytes of the file read up to this row
}

// convertRows reads t in one goroutine, converts its rows on cores (every core when nil;
// Convert only reads the mapping and the gazetteer) and calls fn with each row in file
// order, in the caller's goroutine. Rows numbered up to from are passed on unconverted. Both
// passes of an import use it: the conversion of a row costs more than reading it (ADR 0412).
func convertRows(ctx context.Context, t Table, conv *Converter, pos func() int64, from int64, cores *pipe.Cores, fn func(*readRow) error) error {
	n := 0
	return pipe.OrderedOn(cores, 512, func(add func(readRow) bool) error {
		for {
			cells, num, err := t.Next()
			if errors.Is(err, io.EOF) {
				return nil
			}
			// The reader may reuse its slice of cells (CSV does): keep a copy.
			if !add(readRow{cells: append([]string(nil), cells...), num: num, err: err, pos: pos()}) {
				return nil
			}
		}
	}, func(c []readRow) {
		for i := range c {
			if r := &c[i]; r.err == nil && int64(r.num) > from {
				r.row, r.probs = conv.Convert(r.cells, r.num)
			}
		}
	}, func(c []readRow) error {
		return eachRow(ctx, c, &n, fn)
	})
}

// eachRow calls fn on each of rows in turn, and stops with ctx's error once it is done
// (checked every 4096 rows, n counting them across calls).
func eachRow[T any](ctx context.Context, rows []T, n *int, fn func(*T) error) error {
	for i := range rows {
		if *n++; *n%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if err := fn(&rows[i]); err != nil {
			return err
		}
	}
	return nil
}
