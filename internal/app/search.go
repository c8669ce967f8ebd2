package app

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/tizim/tizim/internal/archive"
)

// runSearch: tizim search [--data DIR] [--json] [--limit N] [--text] [--public] QUERY,
// or --batch FILE (one query per line, one JSON line out per query, for researchers with a
// list of names and for benchmarks).
func runSearch(ctx context.Context, env *Env, args []string) (err error) {
	var c Config
	fs := flag.NewFlagSet("search", flag.ContinueOnError)
	addArchiveFlags(fs, env, &c)
	asJSON := fs.Bool("json", false, "print JSON")
	limit := fs.Int("limit", 10, "at most this many results per query")
	text := fs.Bool("text", false, "search the text of testimonies, sources and events instead of names")
	public := fs.Bool("public", false, "search as the public does: published entries and their public fields only")
	batch := fs.String("batch", "", "read one query per line from FILE (- for stdin); write JSON lines")
	reindex := fs.Bool("reindex", false, "rebuild the search index (archives made before tizim had one)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if !*reindex && (*batch == "") == (len(pos) == 0) {
		return usagef("give a QUERY, --batch FILE or --reindex")
	}
	o, err := open(ctx, &c)
	if err != nil {
		return err
	}
	defer closeArchive(o, &err)
	if *reindex {
		start := time.Now()
		n, err := o.Archive.Store().ReindexSearch(ctx, nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "search index rebuilt: %d records in %s\n", n, time.Since(start).Round(time.Millisecond))
		return nil
	}
	run := func(q string) (any, int, error) {
		req := archive.SearchRequest{Query: q, Limit: *limit, Text: *text}
		req.Facets.EvidenceLevel = -1
		if *public {
			r, err := o.Archive.PublicSearch(ctx, req)
			if err != nil {
				return nil, 0, err
			}
			return r, len(r.Hits), nil
		}
		r, err := o.Archive.Search(ctx, cliActor(), req)
		if err != nil {
			return nil, 0, err
		}
		return r, len(r.Hits), nil
	}
	if *batch != "" {
		return searchBatch(env, *batch, run)
	}
	res, _, err := run(strings.Join(pos, " "))
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	printHits(env.Stdout, res)
	return nil
}

func printHits(w io.Writer, res any) {
	switch r := res.(type) {
	case *archive.TeamResult:
		if len(r.Hits) == 0 {
			fmt.Fprintln(w, "no match")
		}
		for _, h := range r.Hits {
			ref := h.ExternalID
			if ref == "" {
				ref = h.ID.String()
			}
			fmt.Fprintf(w, "%.3f  %s  [%s]  %s %s", h.Score, h.Name, ref, h.Status, h.Publication)
			if h.BirthYear > 0 {
				fmt.Fprintf(w, " b.%d", h.BirthYear)
			}
			fmt.Fprintf(w, "\n       %s: %s\n", h.Match, strings.Join(h.Reasons, "; "))
		}
	case *archive.PublicResult:
		if len(r.Hits) == 0 {
			fmt.Fprintln(w, "no match")
		}
		for _, h := range r.Hits {
			name := "(name withheld)"
			if len(h.Person.Names) > 0 {
				name = h.Person.Names[0]
			}
			fmt.Fprintf(w, "%.3f  %s  [%s]  %s\n       %s\n", h.Score, name, h.Person.Code, h.Person.Status, strings.Join(h.Reasons, "; "))
		}
	}
}

// searchBatch runs one query per line and writes one JSON object per line: the query, the
// result and the time it took.
func searchBatch(env *Env, path string, run func(string) (any, int, error)) error {
	in := env.Stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	out := bufio.NewWriter(env.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	for sc.Scan() {
		q := strings.TrimSpace(sc.Text())
		if q == "" {
			continue
		}
		start := time.Now()
		res, n, err := run(q)
		if err != nil {
			return fmt.Errorf("query %q: %w", q, err)
		}
		if err := enc.Encode(map[string]any{"query": q, "result": res, "count": n,
			"micros": time.Since(start).Microseconds()}); err != nil {
			return err
		}
	}
	return sc.Err()
}
