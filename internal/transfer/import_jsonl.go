package transfer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/model"
)

// importJSONL imports the full records of a JSONL export: phase 1 every record but consents
// (ids kept, so relations, events and testimonies still point at the right persons), phase
// 2 the consents, through RecordConsent's rules, once their subjects exist.
func importJSONL(ctx context.Context, a *archive.Archive, o ImportOptions, res *ImportResult) error {
	res.Detected = "JSONL records"
	keys, exts, err := checkJSONL(ctx, o, res)
	if err != nil {
		return err
	}
	if o.Report.Errors > 0 && !o.SkipInvalid {
		return fmt.Errorf("%w: %d error(s) in %d line(s)", ErrInvalid, o.Report.Errors, res.Invalid)
	}
	if o.DryRun {
		return nil
	}
	run, resumed, err := a.StartImport(ctx, o.Actor, res.Run, o.Path)
	if err != nil {
		return err
	}
	res.Resumed = resumed
	from := run.RowsDone
	for phase := max(run.Phase, 1); phase <= 2; phase++ {
		if err := writeJSONL(ctx, a, o, res, keys, exts, phase, from); err != nil {
			return err
		}
		from = 0
	}
	_, err = a.FinishImport(ctx, o.Actor, res.Run)
	return err
}

func openJSONL(path string) (*JSONLReader, int64, *countingReader, func() error, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, nil, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, nil, nil, err
	}
	cr := &countingReader{r: f}
	return NewJSONLReader(cr), st.Size(), cr, f.Close, nil
}

// jsonlKey is the identity of a record in a file: its id.
func jsonlKey(rec model.Record) string { return rec.Head().ID.String() }

func checkJSONL(ctx context.Context, o ImportOptions, res *ImportResult) (ids, exts *keySet, err error) {
	r, size, cr, closeFn, err := openJSONL(o.Path)
	if err != nil {
		return nil, nil, err
	}
	defer closeFn()
	prog := o.Progress("checking", size)
	keys, exts := newKeySet(), newKeySet()
	var last int64
	for n := 0; ; n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		rec, line, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		res.Rows++
		var probs []Problem
		switch {
		case err != nil:
			probs = append(probs, Problem{Row: line, Code: "unreadable_line", Message: err.Error()})
		case rec.Head().ID.IsZero():
			probs = append(probs, Problem{Row: line, Column: string(rec.Kind()), Code: "missing_id", Message: "a JSONL record needs its id"})
		default:
			if verr := rec.Validate(); verr != nil {
				probs = append(probs, Problem{Row: line, Column: string(rec.Kind()), Code: "invalid", Message: verr.Error()})
			}
			if first, dup := keys.see(jsonlKey(rec), line); dup {
				probs = append(probs, Problem{Row: line, Column: "id", Code: "duplicate_id", Message: fmt.Sprintf("id %s is also on line %d", rec.Head().ID, first)})
			}
			if ext := rec.Head().ExternalID; ext != "" {
				if first, dup := exts.see(ext, line); dup {
					probs = append(probs, Problem{Row: line, Column: "external_id", Code: "duplicate_id", Message: fmt.Sprintf("external id %q is also on line %d", ext, first)})
				}
			}
		}
		if len(probs) > 0 {
			res.Invalid++
			if err := o.Report.Add(probs...); err != nil {
				return nil, nil, err
			}
		}
		if n%1024 == 1023 {
			prog.Add(1024, cr.n-last)
			last = cr.n
		}
	}
	prog.Add(res.Rows%1024, cr.n-last)
	prog.Finish()
	return keys, exts, nil
}

func writeJSONL(ctx context.Context, a *archive.Archive, o ImportOptions, res *ImportResult, keys, exts *keySet, phase int, from int64) error {
	r, size, cr, closeFn, err := openJSONL(o.Path)
	if err != nil {
		return err
	}
	defer closeFn()
	label := "importing"
	if phase == 2 {
		label = "consents"
	}
	prog := o.Progress(label, size)
	w := startWriter(ctx, a, o, res, prog)
	cur := batch{phase: phase}
	var last int64
	for {
		rec, line, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if int64(line) <= from {
			continue
		}
		cur.upto = int64(line)
		cur.rows++
		isConsent := err == nil && rec.Kind() == model.KindConsent
		switch {
		case err != nil || rec.Head().ID.IsZero() || rec.Validate() != nil || !keys.isFirst(jsonlKey(rec), line) ||
			(rec.Head().ExternalID != "" && !exts.isFirst(rec.Head().ExternalID, line)):
			if phase == 1 {
				cur.skipped++
			}
		case isConsent == (phase == 2):
			cur.recs = append(cur.recs, rec)
		}
		if cur.rows >= int64(o.Batch) {
			cur.bytes, last = cr.n-last, cr.n
			if err := w.send(ctx, cur); err != nil {
				w.close()
				return err
			}
			cur = batch{phase: phase}
		}
	}
	if cur.rows > 0 {
		cur.bytes = cr.n - last
		if err := w.send(ctx, cur); err != nil {
			w.close()
			return err
		}
	}
	err = w.close()
	prog.Finish()
	return err
}
