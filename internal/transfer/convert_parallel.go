package transfer

import (
	"context"
	"errors"
	"io"
	"runtime"
	"sync"
)

// readRow is one row of a table as read and converted.
type readRow struct {
	cells []string
	num   int
	err   error // the row could not be read
	row   *Row  // nil: not converted (unreadable, blank, invalid, or before from)
	probs []Problem
	pos   int64 // bytes of the file read up to this row's chunk
}

// convertRows reads t in one goroutine, converts its rows on every core (Convert only reads
// the mapping and the gazetteer) and calls fn with each row in file order, in the caller's
// goroutine. Rows numbered up to from are passed on unconverted. Both passes of an import
// use it: the conversion of a row costs more than reading it (ADR 0412).
func convertRows(ctx context.Context, t Table, conv *Converter, pos func() int64, from int64, fn func(*readRow) error) error {
	type chunk struct {
		rows []readRow
		done chan struct{}
	}
	const chunkRows = 512
	workers := runtime.GOMAXPROCS(0)
	todo := make(chan *chunk, workers)
	order := make(chan *chunk, 2*workers)
	stop := make(chan struct{})
	go func() { // the reader
		defer close(todo)
		defer close(order)
		c := &chunk{done: make(chan struct{})}
		send := func() bool {
			p := pos()
			for i := range c.rows {
				c.rows[i].pos = p
			}
			select {
			case order <- c:
			case <-stop:
				return false
			}
			select {
			case todo <- c:
			case <-stop:
				return false
			}
			c = &chunk{done: make(chan struct{})}
			return true
		}
		for {
			cells, num, err := t.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			// The reader may reuse its slice of cells (CSV does): keep a copy.
			c.rows = append(c.rows, readRow{cells: append([]string(nil), cells...), num: num, err: err})
			if len(c.rows) == chunkRows && !send() {
				return
			}
		}
		if len(c.rows) > 0 {
			send()
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range todo {
				for i := range c.rows {
					r := &c.rows[i]
					if r.err == nil && int64(r.num) > from {
						r.row, r.probs = conv.Convert(r.cells, r.num)
					}
				}
				close(c.done)
			}
		}()
	}
	defer wg.Wait()
	defer close(stop)
	n := 0
	for c := range order {
		<-c.done
		for i := range c.rows {
			if n++; n%4096 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			if err := fn(&c.rows[i]); err != nil {
				return err
			}
		}
	}
	return nil
}
