package cli

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/tizim/tizim/internal/names"
)

// RunNames explains how the name engine reads each NAME: script and writing system per
// token, phonemic readings, romanisations and blocking keys.
func RunNames(stdin io.Reader, stdout, stderr io.Writer, args []string) int {
	fs := flag.NewFlagSet("names", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print one JSON object per name")
	fs.Usage = func() { fmt.Fprintln(stderr, "usage: tizim names [--json] NAME...") }
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	for _, n := range fs.Args() {
		a := names.Analyze(n)
		if *asJSON {
			if err := enc.Encode(a); err != nil {
				fmt.Fprintln(stderr, "tizim names:", err)
				return 1
			}
			continue
		}
		printAnalysis(stdout, a)
	}
	return 0
}

func printAnalysis(w io.Writer, a names.Analysis) {
	fmt.Fprintf(w, "%s\n  script: %s\n", a.Input, a.Script)
	for _, t := range a.Tokens {
		role := t.Role
		if role == "" {
			role = "-"
		}
		fmt.Fprintf(w, "  token %-16s %-16s %-11s phonemic: %s", t.Text, t.System, role, strings.Join(t.Phonemic, " / "))
		if t.Pinyin != "" {
			fmt.Fprintf(w, "  pinyin: %s", t.Pinyin)
		}
		fmt.Fprintln(w)
	}
	for _, k := range sortedKeys(a.Romanizations) {
		fmt.Fprintf(w, "  %-13s %s\n", k+":", a.Romanizations[k])
	}
	fmt.Fprintf(w, "  keys:         %s\n\n", strings.Join(a.Keys, " "))
}

func sortedKeys(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// RunCompare scores one name pair, or every pair of a CSV file with --pairs.
func RunCompare(stdin io.Reader, stdout, stderr io.Writer, args []string) int {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	pairs := fs.String("pairs", "", "CSV file with name1,name2 columns (- for stdin)")
	out := fs.String("out", "", "output CSV (default stdout)")
	threshold := fs.Float64("threshold", names.DefaultThreshold, "score at or above which a pair is a match")
	asJSON := fs.Bool("json", false, "print the match as JSON (single pair)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: tizim compare NAME1 NAME2 | --pairs FILE.csv [--out OUT.csv] [--threshold X]")
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *threshold < 0 || *threshold > 1 {
		fmt.Fprintln(stderr, "tizim compare: --threshold must be between 0 and 1")
		return 2
	}
	if *pairs == "" {
		if fs.NArg() != 2 {
			fs.Usage()
			return 2
		}
		m := names.Compare(names.Record{Name: fs.Arg(0)}, names.Record{Name: fs.Arg(1)})
		if *asJSON {
			enc := json.NewEncoder(stdout)
			enc.SetEscapeHTML(false)
			_ = enc.Encode(m)
			return 0
		}
		fmt.Fprintf(stdout, "score %.4f  match %v\n", m.Score, m.Score >= *threshold)
		for _, r := range m.Reasons {
			fmt.Fprintf(stdout, "  - %s\n", r)
		}
		return 0
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return 2
	}
	if err := comparePairs(stdin, stdout, *pairs, *out, *threshold); err != nil {
		fmt.Fprintln(stderr, "tizim compare:", err)
		return 1
	}
	return 0
}

func comparePairs(stdin io.Reader, stdout io.Writer, in, out string, threshold float64) error {
	r, closeIn, err := openInput(stdin, in)
	if err != nil {
		return err
	}
	defer closeIn()
	w, closeOut, err := openOutput(stdout, out)
	if err != nil {
		return err
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return fmt.Errorf("%s: reading header: %w", in, err)
	}
	header = trimBOM(header)
	i1, i2 := indexOf(header, "name1"), indexOf(header, "name2")
	if i1 < 0 || i2 < 0 {
		return fmt.Errorf("%s: header must contain name1 and name2", in)
	}
	cw := csv.NewWriter(w)
	_ = cw.Write(append(append([]string{}, header...), "score", "match"))
	for line := 2; ; line++ {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w", in, err)
		}
		var a, b string
		if i1 < len(row) {
			a = row[i1]
		}
		if i2 < len(row) {
			b = row[i2]
		}
		m := names.Compare(names.Record{Name: a}, names.Record{Name: b})
		_ = cw.Write(append(row, strconv.FormatFloat(m.Score, 'f', 4, 64), strconv.FormatBool(m.Score >= threshold)))
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return closeOut()
}

func openInput(stdin io.Reader, path string) (io.Reader, func(), error) {
	if path == "-" {
		return stdin, func() {}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	return f, func() { f.Close() }, nil
}

func openOutput(stdout io.Writer, path string) (io.Writer, func() error, error) {
	if path == "" || path == "-" {
		return stdout, func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, err
	}
	return f, f.Close, nil
}

func indexOf(header []string, name string) int {
	for i, h := range header {
		if strings.EqualFold(strings.TrimSpace(h), name) {
			return i
		}
	}
	return -1
}

func trimBOM(header []string) []string {
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	return header
}

// RunDedupe clusters the records of a CSV file (id, name, optional birth_year or
// birth_date, gender, place, id_number) and writes id,cluster,score,reason.
func RunDedupe(stdin io.Reader, stdout, stderr io.Writer, args []string) int {
	fs := flag.NewFlagSet("dedupe", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "input CSV with id and name columns (- for stdin)")
	out := fs.String("out", "", "output CSV (default stdout)")
	threshold := fs.Float64("threshold", names.DefaultThreshold, "score at or above which two records are linked")
	stats := fs.Bool("stats", false, "print blocking statistics to stderr")
	blockCap := fs.Int("block-cap", 0, "largest block compared whole (default: the engine's); larger ones split by birth year and place")
	maxCand := fs.Int("max-candidates", 0, "compare each record with at most this many earlier ones, those sharing its rarest keys (0: all)")
	fs.Usage = func() { fmt.Fprintln(stderr, "usage: tizim dedupe --in FILE.csv [--out OUT.csv] [--threshold X]") }
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *in == "" || fs.NArg() != 0 || *threshold <= 0 || *threshold > 1 {
		fs.Usage()
		return 2
	}
	if err := dedupe(stdin, stdout, stderr, *in, *out, *threshold, *blockCap, *maxCand, *stats); err != nil {
		fmt.Fprintln(stderr, "tizim dedupe:", err)
		return 1
	}
	return 0
}

func dedupe(stdin io.Reader, stdout, stderr io.Writer, in, out string, threshold float64, blockCap, maxCand int, stats bool) error {
	r, closeIn, err := openInput(stdin, in)
	if err != nil {
		return err
	}
	defer closeIn()
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return fmt.Errorf("%s: reading header: %w", in, err)
	}
	header = trimBOM(append([]string{}, header...))
	col := func(n string) int { return indexOf(header, n) }
	iID, iName := col("id"), col("name")
	if iID < 0 || iName < 0 {
		return fmt.Errorf("%s: header must contain id and name", in)
	}
	iYear, iDate, iGender, iPlace, iNum, iNames := col("birth_year"), col("birth_date"), col("gender"), col("place"), col("id_number"), col("names")
	get := func(row []string, i int) string {
		if i < 0 || i >= len(row) {
			return ""
		}
		return strings.TrimSpace(row[i])
	}
	d := names.NewDeduper(threshold)
	if blockCap > 0 {
		d.BlockCap = blockCap
	}
	d.MaxCandidates = maxCand
	var ids []string
	for {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w", in, err)
		}
		rec := names.Record{Name: get(row, iName), BirthDate: get(row, iDate), Gender: get(row, iGender),
			Place: get(row, iPlace), IDNumber: get(row, iNum)}
		if y := get(row, iYear); y != "" {
			rec.BirthYear, _ = strconv.Atoi(strings.TrimLeft(y, "~"))
		}
		if alt := get(row, iNames); alt != "" {
			rec.Forms = strings.Split(alt, " | ")
		}
		ids = append(ids, strings.Clone(get(row, iID)))
		d.Add(rec)
	}
	d.Run()
	w, closeOut, err := openOutput(stdout, out)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"id", "cluster", "score", "reason"})
	// reasons are recomputed per linked record: in chunks on all cores, written in order
	const chunk = 8192
	rows := make([][4]string, chunk)
	workers := runtime.GOMAXPROCS(0)
	for start := 0; start < len(ids); start += chunk {
		end := min(start+chunk, len(ids))
		var wg sync.WaitGroup
		for wk := 0; wk < workers; wk++ {
			wg.Add(1)
			go func(wk int) {
				defer wg.Done()
				for i := start + wk; i < end; i += workers {
					c, score, reasons := d.Result(i)
					rows[i-start] = [4]string{ids[i], ids[c], strconv.FormatFloat(score, 'f', 4, 64), strings.Join(reasons, "; ")}
				}
			}(wk)
		}
		wg.Wait()
		for _, r := range rows[:end-start] {
			_ = cw.Write(r[:])
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	if stats {
		s := d.Stats
		fmt.Fprintf(stderr, "records %d blocks %d compared %d linked %d refused %d capped-blocks %d capped-records %d largest-block %d\n",
			s.Records, s.Blocks, s.Compared, s.Linked, s.Refused, s.CappedBlocks, s.CappedRecords, s.LargestBlock)
	}
	return closeOut()
}
