package transfer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/model"
)

// openTable opens a CSV or XLSX file; pos reports how many bytes of it were read.
func openTable(o ImportOptions, format string) (t Table, size int64, pos func() int64, closeFn func() error, err error) {
	f, err := os.Open(o.Path)
	if err != nil {
		return nil, 0, nil, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, nil, nil, err
	}
	cr := &countingReader{r: f}
	if format == "xlsx" {
		x, err := OpenXLSX(cr, o.Sheet)
		if err != nil {
			f.Close()
			return nil, 0, nil, nil, err
		}
		return x, 0, func() int64 { return 0 }, func() error { return errors.Join(x.Close(), f.Close()) }, nil
	}
	c, err := OpenCSV(cr)
	if err != nil {
		f.Close()
		return nil, 0, nil, nil, err
	}
	return c, st.Size(), func() int64 { return cr.n }, f.Close, nil
}

// relativeRef is a row's relation to another person, checked in the first pass.
type relativeRef struct {
	row int
	ref string
}

func importTable(ctx context.Context, a *archive.Archive, o ImportOptions, res *ImportResult) error {
	places, facilities, err := a.Gazetteer(ctx, o.Actor)
	if err != nil {
		return err
	}
	gaz := NewGazetteer(places, facilities)
	keys, rels, err := checkTable(ctx, a, o, res, gaz)
	if err != nil {
		return err
	}
	if res.Invalid > 0 && !o.SkipInvalid || o.Report.Errors > 0 && !o.SkipInvalid {
		return fmt.Errorf("%w: %d error(s) in %d row(s)", ErrInvalid, o.Report.Errors, max(res.Invalid, 1))
	}
	if o.DryRun {
		return nil
	}
	run, resumed, err := a.StartImport(ctx, o.Actor, res.Run, o.Path)
	if err != nil {
		return err
	}
	res.Resumed = resumed
	if run.Phase <= 1 {
		// Which of the file's ids are new, read once rather than looked up row by row.
		known, err := a.KnownAbsent(ctx, o.Actor, keys.has)
		if err != nil {
			return err
		}
		if err := writeTable(ctx, a, o, res, gaz, keys, 1, run.RowsDone, known); err != nil {
			return err
		}
		run.RowsDone = 0
	}
	if len(rels) > 0 {
		if err := writeTable(ctx, a, o, res, gaz, keys, 2, run.RowsDone, nil); err != nil {
			return err
		}
	}
	_, err = a.FinishImport(ctx, o.Actor, res.Run)
	return err
}

// checkTable is the first pass: every row converted and checked, every problem reported,
// nothing written.
func checkTable(ctx context.Context, a *archive.Archive, o ImportOptions, res *ImportResult, gaz *Gazetteer) (*keySet, []relativeRef, error) {
	t, size, pos, closeFn, err := openTable(o, res.Format)
	if err != nil {
		return nil, nil, err
	}
	defer closeFn()
	res.Detected = t.Describe()
	conv, hp := NewConverter(t.Header(), o.Mapping, gaz)
	if err := o.Report.Add(hp...); err != nil {
		return nil, nil, err
	}
	if !onlyWarnings(hp) {
		return nil, nil, fmt.Errorf("%w: %s", ErrInvalid, firstError(hp))
	}
	prog := o.Progress("checking", size)
	keys := newKeySet()
	var rels []relativeRef
	var last int64
	err = convertRows(ctx, t, conv, pos, 0, nil, func(r *readRow) error {
		res.Rows++
		if r.err != nil {
			res.Invalid++
			return o.Report.Add(Problem{Row: r.num, Code: "unreadable_row", Message: r.err.Error()})
		}
		row, probs, num := r.row, r.probs, r.num
		if row != nil {
			ext := row.Person.ExternalID
			if first, dup := keys.see(ext, num); dup {
				if strings.HasPrefix(ext, "row:") {
					probs = append(probs, Problem{Row: num, Code: "duplicate_row", Warning: true,
						Message: fmt.Sprintf("row %d repeats row %d exactly; it is imported once", num, first)})
				} else {
					probs = append(probs, Problem{Row: num, Column: conv.columnOf("id"), Code: "duplicate_id",
						Message: fmt.Sprintf("id %q is also used on row %d: each row needs its own id", ext, first)})
				}
			} else if row.RelativeOf != "" {
				rels = append(rels, relativeRef{num, row.RelativeOf})
			}
		}
		if !onlyWarnings(probs) {
			res.Invalid++
		}
		if err := o.Report.Add(probs...); err != nil {
			return err
		}
		if res.Rows%1024 == 0 {
			prog.Add(1024, r.pos-last)
			last = r.pos
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	prog.Add(res.Rows%1024, pos()-last)
	prog.Finish()
	return keys, rels, checkRelatives(ctx, a, o, res, keys, rels)
}

// checkRelatives reports relations to persons that are neither in the file nor in the archive.
func checkRelatives(ctx context.Context, a *archive.Archive, o ImportOptions, res *ImportResult, keys *keySet, rels []relativeRef) error {
	var missing []relativeRef
	for _, r := range rels {
		if !keys.has(r.ref) {
			missing = append(missing, r)
		}
	}
	for start := 0; start < len(missing); start += 1000 {
		chunk := missing[start:min(start+1000, len(missing))]
		refs := make([]string, len(chunk))
		for i, r := range chunk {
			refs[i] = r.ref
		}
		found, err := a.ResolveRefs(ctx, refs)
		if err != nil {
			return err
		}
		for _, r := range chunk {
			if _, ok := found[r.ref]; !ok {
				res.Invalid++
				if err := o.Report.Add(Problem{Row: r.row, Column: "relative_of", Code: "unknown_relative",
					Message: fmt.Sprintf("no person %q in this file or in the archive", r.ref)}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func firstError(ps []Problem) string {
	for _, p := range ps {
		if !p.Warning {
			return p.Message
		}
	}
	return ""
}

// writeTable is the writing pass: phase 1 writes persons (and the sources rows name),
// phase 2 the relations between them. Rows up to from were committed by an earlier run.
func writeTable(ctx context.Context, a *archive.Archive, o ImportOptions, res *ImportResult, gaz *Gazetteer, keys *keySet, phase int, from int64, known *archive.KnownAbsent) error {
	t, size, pos, closeFn, err := openTable(o, res.Format)
	if err != nil {
		return err
	}
	defer closeFn()
	conv, _ := NewConverter(t.Header(), o.Mapping, gaz)
	label := "importing"
	if phase == 2 {
		label = "relations"
	}
	prog := o.Progress(label, size)
	// The first phase's batches hold disjoint records (each row's key is written once, by its
	// first row; a source by the first batch naming it), so on PostgreSQL two are in flight.
	depth := 1
	if phase == 1 && a.Store().Engine() == "postgres" {
		depth = inFlight
	}
	w := startWriterN(ctx, a, o, res, prog, depth, known)
	sources := map[model.ID]bool{}
	cur := batch{phase: phase}
	var last int64
	var pending []*Row
	flush := func(p int64) error {
		if phase == 2 {
			recs, err := relations(ctx, a, pending)
			if err != nil {
				return err
			}
			cur.recs, pending = recs, nil
		}
		cur.bytes, last = p-last, p
		err := w.send(ctx, cur)
		cur = batch{phase: phase}
		return err
	}
	// Converting shares the cores the store leaves to the work that feeds its writer.
	err = convertRows(ctx, t, conv, pos, from, a.Store().SpareCores(), func(r *readRow) error {
		num, row := r.num, r.row
		if int64(num) <= from {
			return nil
		}
		cur.upto = int64(num)
		cur.rows++
		switch {
		case row == nil:
			if phase == 1 && (r.err != nil || r.cells != nil && !blank(r.cells)) {
				cur.skipped++ // counted once, in the first pass
			}
		case !keys.isFirst(row.Person.ExternalID, num):
			if phase == 1 {
				cur.skipped++
			}
		case phase == 1:
			if s := row.Source; s != nil && !sources[s.ID] {
				sources[s.ID] = true
				cur.recs = append(cur.recs, s)
			}
			cur.recs = append(cur.recs, row.Person)
		case row.RelativeOf != "":
			pending = append(pending, row)
		}
		if cur.rows >= int64(o.Batch) {
			return flush(r.pos)
		}
		return nil
	})
	if err != nil {
		w.close()
		return err
	}
	if cur.rows > 0 {
		if err := flush(pos()); err != nil {
			w.close()
			return err
		}
	}
	err = w.close()
	prog.Finish()
	return err
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// relations builds the relation records of a batch of rows, resolving both ends.
func relations(ctx context.Context, a *archive.Archive, rows []*Row) ([]model.Record, error) {
	var refs []string
	for _, r := range rows {
		refs = append(refs, r.Person.ExternalID, r.RelativeOf)
	}
	ids, err := a.ResolveRefs(ctx, refs)
	if err != nil {
		return nil, err
	}
	var out []model.Record
	for _, r := range rows {
		from, to := ids[r.Person.ExternalID], ids[r.RelativeOf]
		if from.IsZero() || to.IsZero() {
			continue // reported in the first pass
		}
		rel := &model.Relation{From: from, To: to, Type: r.Kinship}
		rel.ExternalID = "rel:" + r.Person.ExternalID + ">" + r.RelativeOf + ":" + r.Kinship
		out = append(out, rel)
	}
	return out, nil
}
