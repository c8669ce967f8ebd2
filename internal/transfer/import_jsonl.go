package transfer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/pipe"
)

// importJSONL imports the full records of a JSONL export: phase 1 every record but consents
// (ids kept, so relations, events and testimonies still point at the right persons), phase
// 2 the consents, through RecordConsent's rules, once their subjects exist.
//
// Every pass reads the file in one goroutine and decodes lines on every core (pipe.Ordered);
// a write pass decodes only the lines of its phase, recognised by the kind that opens each
// line, and skips the lines the check found bad without reading them again (ADR 0412).
func importJSONL(ctx context.Context, a *archive.Archive, o ImportOptions, res *ImportResult) error {
	res.Detected = "JSONL records"
	bad, err := checkJSONL(ctx, a, o, res)
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
		if err := writeJSONL(ctx, a, o, res, bad, phase, from); err != nil {
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

// jsonlRow is one line of a JSONL file on its way through a pass.
type jsonlRow struct {
	line int
	raw  []byte
	pos  int64        // bytes of the file read when the line was
	err  error        // the line could not be read or decoded
	rec  model.Record // nil when the pass did not want the line
	verr error        // rec.Validate()
}

// readJSONL reads the lines of a JSONL file in order and hands them to fn, decoded and
// validated on cores (every core when nil) when want(line, kind) says so. kind is the kind the line opens
// with, or "" when that cannot be seen without decoding it (want is asked again with the
// decoded kind).
func readJSONL(ctx context.Context, r *JSONLReader, cr *countingReader, cores *pipe.Cores, want func(line int, kind model.Kind) bool, fn func(*jsonlRow) error) error {
	n := 0
	return pipe.OrderedOn(cores, 256, func(add func(jsonlRow) bool) error {
		for {
			raw, line, err := r.NextLine()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if !add(jsonlRow{line: line, raw: raw, err: err, pos: cr.n}) {
				return nil
			}
		}
	}, func(rows []jsonlRow) {
		for i := range rows {
			row := &rows[i]
			raw := row.raw
			row.raw = nil
			if row.err != nil || !want(row.line, PeekKind(raw)) {
				continue
			}
			rec, err := DecodeLine(raw)
			switch {
			case err != nil:
				row.err = fmt.Errorf("line %d: %w", row.line, err)
			case want(row.line, rec.Kind()):
				row.rec, row.verr = rec, rec.Validate()
			}
		}
	}, func(rows []jsonlRow) error {
		return eachRow(ctx, rows, &n, fn)
	})
}

// consentRef is what the check pass keeps of a consent to check its subject and giver.
type consentRef struct {
	line            int
	id, subj, giver model.ID
	kind            model.Kind
}

// checkJSONL is the first pass: every line decoded and checked, every problem reported,
// nothing written. It returns the lines that must not be written (bad lines).
func checkJSONL(ctx context.Context, a *archive.Archive, o ImportOptions, res *ImportResult) (map[int]bool, error) {
	r, size, cr, closeFn, err := openJSONL(o.Path)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	prog := o.Progress("checking", size)
	keys, exts := newKeySet(), newKeySet()
	bad := map[int]bool{}
	subjects := newKeySet() // persons and testimonies of good lines, the row says which
	var consents []consentRef
	var last, rows int64
	err = readJSONL(ctx, r, cr, nil, func(int, model.Kind) bool { return true }, func(row *jsonlRow) error {
		res.Rows++
		rows++
		rec, line := row.rec, row.line
		var probs []Problem
		switch {
		case row.err != nil:
			probs = append(probs, Problem{Row: line, Code: "unreadable_line", Message: row.err.Error()})
		case rec.Head().ID.IsZero():
			probs = append(probs, Problem{Row: line, Column: string(rec.Kind()), Code: "missing_id", Message: "a JSONL record needs its id"})
		default:
			if row.verr != nil {
				probs = append(probs, Problem{Row: line, Column: string(rec.Kind()), Code: "invalid", Message: row.verr.Error()})
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
			bad[line] = true
			if err := o.Report.Add(probs...); err != nil {
				return err
			}
		} else {
			switch c := rec.(type) {
			case *model.Person:
				subjects.see(jsonlKey(rec), 1)
			case *model.Testimony:
				subjects.see(jsonlKey(rec), 2)
			case *model.Consent:
				consents = append(consents, consentRef{line: line, id: c.ID, subj: c.Subject, giver: c.GivenBy, kind: c.SubjectKind})
			}
		}
		if rows%1024 == 0 {
			prog.Add(1024, row.pos-last)
			last = row.pos
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	prog.Add(rows%1024, cr.n-last)
	prog.Finish()
	if err := checkConsentRefs(ctx, a, o, res, consents, keys, subjects, bad); err != nil {
		return nil, err
	}
	return bad, nil
}

// checkConsentRefs reports, line by line, the consents whose subject (of the kind the
// consent names) or giver is neither on a good line of the file nor in the archive: phase 2
// could not record them (RecordConsent's checks).
func checkConsentRefs(ctx context.Context, a *archive.Archive, o ImportOptions, res *ImportResult, cs []consentRef, keys, subjects *keySet, bad map[int]bool) error {
	inFile := func(id model.ID) bool {
		first, ok := keys.first[keys.hash(id.String())]
		return ok && !bad[int(first)]
	}
	var ask []model.ID
	asked := map[model.ID]bool{}
	for _, c := range cs {
		for _, id := range []model.ID{c.subj, c.giver} {
			if !inFile(id) && !asked[id] {
				asked[id] = true
				ask = append(ask, id)
			}
		}
	}
	stored, err := a.RecordKinds(ctx, o.Actor, ask)
	if err != nil {
		return err
	}
	kindOf := func(id model.ID) (model.Kind, bool) {
		if inFile(id) {
			switch subjects.first[subjects.hash(id.String())] {
			case 1:
				return model.KindPerson, true
			case 2:
				return model.KindTestimony, true
			}
			return "", true // in the file, but not something that can have consent
		}
		k, ok := stored[id]
		return k, ok
	}
	for _, c := range cs {
		var probs []Problem
		switch k, ok := kindOf(c.subj); {
		case !ok:
			probs = append(probs, Problem{Row: c.line, Column: "subject", Code: "missing_subject",
				Message: fmt.Sprintf("consent %s is about %s, which is neither in the file (on a line without errors) nor in the archive", c.id, c.subj)})
		case k != c.kind:
			what := "a record that cannot have consent"
			if k != "" {
				what = "a " + string(k)
			}
			probs = append(probs, Problem{Row: c.line, Column: "subject", Code: "wrong_subject",
				Message: fmt.Sprintf("consent %s names a %s as its subject, but %s is %s", c.id, c.kind, c.subj, what)})
		}
		if _, ok := kindOf(c.giver); !ok {
			probs = append(probs, Problem{Row: c.line, Column: "given_by", Code: "missing_giver",
				Message: fmt.Sprintf("consent %s was given by %s, which is neither in the file (on a line without errors) nor in the archive", c.id, c.giver)})
		}
		if len(probs) > 0 {
			res.Invalid++
			bad[c.line] = true
			if err := o.Report.Add(probs...); err != nil {
				return err
			}
		}
	}
	return nil
}

func writeJSONL(ctx context.Context, a *archive.Archive, o ImportOptions, res *ImportResult, bad map[int]bool, phase int, from int64) error {
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
	// A line is written in the phase of its kind: consents in phase 2, the rest in phase 1.
	want := func(line int, kind model.Kind) bool {
		return int64(line) > from && !bad[line] && (kind == "" || (kind == model.KindConsent) == (phase == 2))
	}
	// Decoding shares the cores the store leaves to the work that feeds its writer.
	err = readJSONL(ctx, r, cr, a.Store().SpareCores(), want, func(row *jsonlRow) error {
		if int64(row.line) <= from {
			return nil
		}
		cur.upto = int64(row.line)
		cur.rows++
		switch {
		case bad[row.line]:
			if phase == 1 {
				cur.skipped++
			}
		case row.rec != nil:
			cur.recs = append(cur.recs, row.rec)
		}
		// Phase 2 counts its batches in consents, not lines: consents are a tenth of a file
		// or less, and a transaction of a few hundred would cost its commit for little.
		if (phase == 1 && cur.rows >= int64(o.Batch)) || (phase == 2 && len(cur.recs) >= o.Batch) {
			cur.bytes, last = row.pos-last, row.pos
			if err := w.send(ctx, cur); err != nil {
				return err
			}
			cur = batch{phase: phase}
		}
		return nil
	})
	if err == nil && cur.rows > 0 {
		cur.bytes = cr.n - last
		err = w.send(ctx, cur)
	}
	if err != nil {
		w.close()
		return err
	}
	err = w.close()
	prog.Finish()
	return err
}
