package app

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/transfer"
)

func runImport(ctx context.Context, env *Env, args []string) (err error) {
	var c Config
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	addArchiveFlags(fs, env, &c)
	dry := fs.Bool("dry-run", false, "check every row and write the report; change nothing")
	reportPath := fs.String("report", "", "write problems row by row to this file (.csv or .json)")
	mappingPath := fs.String("mapping", "", "column mapping file (see --suggest-mapping)")
	suggest := fs.Bool("suggest-mapping", false, "write a mapping for FILE to edit (to --out or standard output) and stop")
	out := fs.String("out", "", "with --suggest-mapping: the mapping file to write")
	skip := fs.Bool("skip-invalid", false, "import the valid rows of a file with errors (the skipped rows are in the report)")
	sheet := fs.String("sheet", "", "for .xlsx: the sheet's name or number (default: the first)")
	batch := fs.Int("batch", 5000, "rows per transaction")
	every := fs.Duration("progress-every", 0, "how often to print a progress line (default 5s, or continuously on a terminal)")
	noDedupe := fs.Bool("no-duplicates-check", false, "do not compare the imported persons with the archive for likely duplicates")
	if err := parse(fs, args); err != nil {
		return err
	}
	if path := env.Getenv("TIZIM_CPUPROFILE"); path != "" {
		stop, err := startCPUProfile(path)
		if err != nil {
			return err
		}
		defer stop()
	}
	if env.Getenv("GOGC") == "" && env.Getenv("GOMEMLIMIT") == "" {
		// An import allocates much short-lived garbage (rows, records, encodings): collect
		// less often, within a fixed ceiling, so memory stays flat in the file size
		// (ADR 0412; about 6 % less CPU at 100,000 rows).
		defer debug.SetGCPercent(debug.SetGCPercent(300))
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(1 << 30))
	}
	files := fs.Args()
	if len(files) == 0 {
		return usagef("name at least one file to import")
	}
	for _, f := range files {
		if _, err := transfer.FormatOf(f); err != nil {
			return usagef("%v", err)
		}
	}
	var mapping *transfer.Mapping
	var mappingText []byte
	if *mappingPath != "" {
		b, err := os.ReadFile(*mappingPath)
		if err != nil {
			return err
		}
		mappingText = b
		if mapping, err = transfer.ReadMapping(bytes.NewReader(b)); err != nil {
			return err
		}
	}
	if *suggest {
		return suggestMapping(env, files[0], *sheet, mapping, *out)
	}
	o, err := open(ctx, &c)
	if err != nil {
		return err
	}
	defer closeArchive(o, &err)
	var report *transfer.Report
	if *reportPath != "" {
		// The report is written beside its final name and renamed into place when complete,
		// so a reader never finds half a report; a failure to finish it is the command's.
		rf, err := os.CreateTemp(filepath.Dir(*reportPath), "."+filepath.Base(*reportPath)+".tmp-*")
		if err != nil {
			return err
		}
		defer os.Remove(rf.Name())
		report = transfer.NewReport(rf, transfer.ReportIsJSON(*reportPath))
		defer func() {
			cerr := errors.Join(report.Close(), rf.Sync(), rf.Close())
			if cerr == nil {
				cerr = os.Rename(rf.Name(), *reportPath)
			}
			if cerr != nil {
				err = errors.Join(err, fmt.Errorf("writing the report %s: %w", *reportPath, cerr))
			}
		}()
	} else {
		report = transfer.NewReport(nil, false)
	}
	terminal := isTerminal(env.Stderr)
	who := cliActor()
	var newPersons []model.ID
	var runs []string
	for _, path := range files {
		report.File = filepath.Base(path)
		start := time.Now()
		res, err := transfer.Import(ctx, o.Archive, transfer.ImportOptions{
			Path: path, Sheet: *sheet, Mapping: mapping, MappingText: mappingText, DryRun: *dry, SkipInvalid: *skip,
			Report: report, Actor: who, Batch: *batch,
			Progress: func(label string, total int64) *transfer.Progress {
				return transfer.NewProgress(env.Stderr, terminal, filepath.Base(path)+": "+label, total).Every(*every)
			},
		})
		if err != nil {
			printProblems(env.Stderr, report, *reportPath)
			return fmt.Errorf("%s: %w", path, err)
		}
		took := time.Since(start).Round(time.Millisecond)
		if *dry {
			fmt.Fprintf(env.Stdout, "%s (%s): %d rows checked, %d with errors, %d warnings; dry run, nothing changed (%s)\n",
				path, res.Detected, res.Rows, res.Invalid, report.Warnings, took)
			continue
		}
		resumed := ""
		if res.Resumed {
			resumed = ", resumed an interrupted run"
		}
		fmt.Fprintf(env.Stdout, "%s (%s): %d rows: %d created, %d updated, %d unchanged, %d skipped%s (%s)\n",
			path, res.Detected, res.Rows, res.Created, res.Updated, res.Unchanged, res.Skipped, resumed, took)
		newPersons = append(newPersons, res.Persons...)
		runs = append(runs, res.Run[:12])
	}
	// One comparison with the archive for all the files: each pass reads every person.
	if !*noDedupe && len(newPersons) > 0 {
		if err := queueDuplicates(ctx, env, o, newPersons, strings.Join(runs, ",")); err != nil {
			return err
		}
	}
	if report.Errors+report.Warnings > 0 && *reportPath == "" {
		printProblems(env.Stderr, report, "")
	}
	return nil
}

// printProblems shows the first problems on the terminal.
func printProblems(w io.Writer, r *transfer.Report, path string) {
	for i, p := range r.First {
		if i == 10 {
			break
		}
		level := "error"
		if p.Warning {
			level = "warning"
		}
		fmt.Fprintf(w, "  row %d, %s: %s: %s\n", p.Row, orDash(p.Column), level, p.Message)
	}
	if n := r.Errors + r.Warnings; n > 10 {
		fmt.Fprintf(w, "  … %d problems in all\n", n)
	}
	if path != "" {
		fmt.Fprintf(w, "  the full report is in %s\n", path)
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func suggestMapping(env *Env, path, sheet string, m *transfer.Mapping, out string) error {
	format, _ := transfer.FormatOf(path)
	if format == "jsonl" {
		return usagef("a JSONL export needs no mapping")
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var t transfer.Table
	if format == "xlsx" {
		x, err := transfer.OpenXLSX(f, sheet)
		if err != nil {
			return err
		}
		defer x.Close()
		t = x
	} else if t, err = transfer.OpenCSV(f); err != nil {
		return err
	}
	if m == nil {
		m = &transfer.Mapping{}
	}
	return writeOut(out, env.Stdout, func(w io.Writer) error { return transfer.SuggestMapping(t, m, w) })
}

// startCPUProfile writes a CPU profile of the command to path (TIZIM_CPUPROFILE), for
// measuring the import and export paths (docs/benchmarks.md). The profile holds function
// names and timings only, never record contents.
func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// isTerminal reports whether w is a terminal, where a redrawn progress bar makes sense.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
