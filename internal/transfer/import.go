package transfer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
)

// ImportOptions says how to import one file.
type ImportOptions struct {
	Path        string
	Sheet       string // for .xlsx: a sheet name or number
	Mapping     *Mapping
	MappingText []byte // the mapping file as given; part of the run's identity
	DryRun      bool   // check and report only
	SkipInvalid bool   // import the valid rows of a file with errors
	Report      *Report
	Actor       archive.Actor
	Batch       int // rows per transaction (default 5000)
	// Progress returns a progress display for a pass (nil: none).
	Progress func(label string, total int64) *Progress
}

// ImportResult says what an import found and did.
type ImportResult struct {
	Run                                  string
	Format, Detected                     string
	Rows                                 int64 // data rows (or JSONL lines) read
	Invalid                              int64 // rows with errors
	Created, Updated, Unchanged, Skipped int64
	Resumed                              bool
	Persons                              []model.ID // persons created or updated, for duplicate checks
}

// ErrInvalid is returned when a file has errors and SkipInvalid was not given: nothing
// was imported, and the report says why.
var ErrInvalid = errors.New("the file has errors, so nothing was imported")

// FormatOf names the reader for a file name: csv, xlsx or jsonl.
func FormatOf(path string) (string, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv", ".tsv", ".txt":
		return "csv", nil
	case ".xlsx":
		return "xlsx", nil
	case ".jsonl", ".ndjson":
		return "jsonl", nil
	}
	return "", fmt.Errorf("%s: tizim imports .csv, .xlsx and .jsonl files", filepath.Base(path))
}

// Import checks a whole file, then (unless DryRun, or errors without SkipInvalid) writes it
// in batches through archive.ImportBatch (ImportBatchInTurn, two at once, for a table's first
// phase on PostgreSQL: ADR 0417). The same command run again after a crash resumes
// after the last committed batch; run again after success it changes nothing.
func Import(ctx context.Context, a *archive.Archive, o ImportOptions) (*ImportResult, error) {
	format, err := FormatOf(o.Path)
	if err != nil {
		return nil, err
	}
	if o.Batch <= 0 {
		o.Batch = 5000
	}
	// The place cache is shared by the batches a pipeline writes at once; it locks itself.
	ctx = store.WithPlaceCache(ctx)
	if o.Report == nil {
		o.Report = NewReport(nil, false)
	}
	if o.Progress == nil {
		o.Progress = func(string, int64) *Progress { return nil }
	}
	res := &ImportResult{Format: format}
	if res.Run, err = runID(o); err != nil {
		return nil, err
	}
	if format == "jsonl" {
		return res, importJSONL(ctx, a, o, res)
	}
	return res, importTable(ctx, a, o, res)
}

// runID identifies a run by the file's content, the mapping and the options, so the same
// command finds its own unfinished run and a changed file starts a new one.
func runID(o ImportOptions) (string, error) {
	f, err := os.Open(o.Path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	fmt.Fprintf(h, "tizim import v1\x00%s\x00%t\x00", o.Sheet, o.SkipInvalid)
	h.Write(o.MappingText)
	h.Write([]byte{0})
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("reading %s: %w", o.Path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// keySet remembers the first row of each record key (id or row digest) in a file, in
// 12 bytes a row, so duplicates are found without keeping the rows.
type keySet struct {
	seed  maphash.Seed
	first map[uint64]int32
}

func newKeySet() *keySet { return &keySet{seed: maphash.MakeSeed(), first: map[uint64]int32{}} }

// see returns the first row that had key, recording row if it is the first.
func (k *keySet) see(key string, row int) (first int, dup bool) {
	h := maphash.String(k.seed, key)
	if f, ok := k.first[h]; ok {
		return int(f), true
	}
	k.first[h] = int32(row)
	return row, false
}

// isFirst reports whether row is the row that first had key.
func (k *keySet) isFirst(key string, row int) bool {
	return k.first[maphash.String(k.seed, key)] == int32(row)
}

func (k *keySet) hash(key string) uint64 { return maphash.String(k.seed, key) }

func (k *keySet) has(key string) bool {
	_, ok := k.first[maphash.String(k.seed, key)]
	return ok
}

// batch is one transaction's worth of records.
type batch struct {
	phase         int
	upto, skipped int64
	rows, bytes   int64
	recs          []model.Record
	prep          *store.Prepared
}

// writer commits batches in a pipeline (ADR 0412): the caller reads and converts rows into a
// batch, one goroutine prepares the batch before (the name engine's keys and other search
// rows, on all cores), and another writes the prepared batches one transaction each, so
// reading, preparing and writing overlap. It stops at the first failure.
type writer struct {
	ch      chan batch
	stopped chan struct{}
	err     error
}

func startWriter(ctx context.Context, a *archive.Archive, o ImportOptions, res *ImportResult, prog *Progress) *writer {
	return startWriterN(ctx, a, o, res, prog, 1, nil)
}

// inFlight is how many batches a table import's first phase has in flight on PostgreSQL
// (ADR 0417): the next batch's records are written on a second connection while the server
// still works on this batch's, and commits wait their turn.
const inFlight = 2

// startWriterN is startWriter with up to depth batches written at once, each in its own
// transaction, committed in order (archive.ImportBatchInTurn); depth 1 is one at a time
// (archive.ImportBatch). Only batches with disjoint records may be written so.
//
// known, when not nil, is which external ids of the file were not stored when the import
// began (archive.KnownAbsent).
func startWriterN(ctx context.Context, a *archive.Archive, o ImportOptions, res *ImportResult, prog *Progress, depth int, known *archive.KnownAbsent) *writer {
	w := &writer{ch: make(chan batch, 1), stopped: make(chan struct{})}
	ready := make(chan batch, 1)
	go func() {
		defer close(ready)
		for b := range w.ch {
			b.prep = a.PrepareImport(b.recs)
			select {
			case ready <- b:
			case <-w.stopped:
				return
			}
		}
	}()
	// done is one batch's outcome: closed once it has committed or failed, after the one
	// before it has; err is its failure, or the failure of a batch before it.
	type done struct {
		ch  chan struct{}
		err error
	}
	go func() {
		defer close(w.stopped)
		prev := &done{ch: make(chan struct{})}
		close(prev.ch)
		slots := make(chan struct{}, depth)
		var failed atomic.Bool
		for b := range ready {
			slots <- struct{}{}
			if failed.Load() {
				break
			}
			cur := &done{ch: make(chan struct{})}
			go func(b batch, prev, cur *done) {
				defer func() { <-slots }()
				defer close(cur.ch)
				var c archive.ImportCounts
				var err error
				if depth == 1 {
					<-prev.ch
					c, err = a.ImportBatch(ctx, o.Actor, res.Run, b.phase, b.upto, b.skipped, b.recs, b.prep, known)
				} else {
					turn := func() error {
						<-prev.ch
						if prev.err != nil {
							return errEarlierBatch
						}
						return nil
					}
					c, err = a.ImportBatchInTurn(ctx, o.Actor, res.Run, b.phase, b.upto, b.skipped, b.recs, b.prep, known, turn)
				}
				<-prev.ch // a batch that failed before its turn still reports in order
				switch {
				case prev.err != nil:
					cur.err = prev.err
				case err != nil:
					cur.err = fmt.Errorf("writing the rows up to %d: %w", b.upto, err)
				}
				if cur.err != nil {
					failed.Store(true)
					return
				}
				res.Created += c.Created
				res.Updated += c.Updated
				res.Unchanged += c.Unchanged
				res.Skipped += b.skipped
				for _, r := range b.recs {
					if p, ok := r.(*model.Person); ok && !p.ID.IsZero() && len(res.Persons) < maxDedupe {
						res.Persons = append(res.Persons, p.ID)
					}
				}
				prog.Add(b.rows, b.bytes)
			}(b, prev, cur)
			prev = cur
			// With one batch at a time, wait for it here, so that a failure stops the loop
			// before the next batch is taken; with more, the next slot's wait does.
			if depth == 1 {
				<-cur.ch
			}
		}
		<-prev.ch
		w.err = prev.err
	}()
	return w
}

// errEarlierBatch rolls back a batch whose predecessor in the pipeline failed; the import
// reports the predecessor's error.
var errEarlierBatch = errors.New("an earlier batch failed")

// maxDedupe bounds how many imported persons one run queues for duplicate checks.
const maxDedupe = 2_000_000

func (w *writer) send(ctx context.Context, b batch) error {
	select {
	case w.ch <- b:
		return nil
	case <-w.stopped:
		return w.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// close waits for the last batch and returns the first failure.
func (w *writer) close() error {
	close(w.ch)
	<-w.stopped
	return w.err
}
