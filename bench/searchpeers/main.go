// Command searchpeers runs the search benchmark's peers (PostgreSQL pg_trgm, SQLite FTS5
// trigram, Bleve fuzzy queries) over the same names and variant queries as tizim, and
// writes those names and queries in the first place (extract). It is a separate module so
// that tizim does not depend on Bleve; it reads the synthetic archive's JSONL itself and
// makes the variants with plain string operations, independent of tizim's name engine.
//
//	searchpeers extract --in synth.jsonl --names names.tsv --variants variants.tsv [--queries 1000]
//	searchpeers pgtrgm|fts5|bleve --names names.tsv --variants variants.tsv [--dir DIR] [--url URL]
//	searchpeers score --variants variants.tsv --results batch.jsonl   (tizim search --batch, end to end)
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: searchpeers extract|pgtrgm|fts5|bleve|score [flags]")
		os.Exit(2)
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	in := fs.String("in", "", "synthetic archive (JSONL)")
	namesPath := fs.String("names", "names.tsv", "names file: id, birth year, gender, forms separated by |")
	variants := fs.String("variants", "variants.tsv", "queries: query, relevant ids separated by ,")
	n := fs.Int("queries", 1000, "with extract: how many variant queries")
	seed := fs.Uint64("seed", 1, "with extract: random seed")
	dir := fs.String("dir", os.TempDir(), "where peers keep their index files")
	results := fs.String("results", "", "with score: the JSON lines of tizim search --batch")
	url := fs.String("url", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", "PostgreSQL for pgtrgm")
	fs.Parse(os.Args[2:])
	var err error
	switch os.Args[1] {
	case "extract":
		err = extract(*in, *namesPath, *variants, *n, *seed)
	case "score":
		err = scoreBatch(*variants, *results)
	case "pgtrgm", "fts5", "bleve":
		err = runPeer(os.Args[1], *namesPath, *variants, *dir, *url)
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "searchpeers:", err)
		os.Exit(1)
	}
}

// person is one line of names.tsv.
type person struct {
	id    string
	forms []string
}

func readNames(path string, each func(p person) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if len(c) < 4 {
			continue
		}
		if err := each(person{id: c[0], forms: strings.Split(c[3], "|")}); err != nil {
			return err
		}
	}
	return sc.Err()
}

type query struct {
	text     string
	relevant map[string]bool
	kind     string // how the variant was made (extract), "" in older files
}

// byKind tallies recall per kind of variant.
type byKind map[string][2]int // kind → found, asked

func (k byKind) add(kind string, found bool) {
	v := k[kind]
	v[1]++
	if found {
		v[0]++
	}
	k[kind] = v
}

// String is "kinds kind=recall/asked,…", sorted by kind; empty without kinds.
func (k byKind) String() string {
	var ks []string
	for kind := range k {
		if kind != "" {
			ks = append(ks, kind)
		}
	}
	if len(ks) == 0 {
		return ""
	}
	sort.Strings(ks)
	var parts []string
	for _, kind := range ks {
		parts = append(parts, fmt.Sprintf("%s=%.3f/%d", kind, float64(k[kind][0])/float64(k[kind][1]), k[kind][1]))
	}
	return "\tkinds " + strings.Join(parts, ",")
}

func readVariants(path string) ([]query, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []query
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		q, rest, _ := strings.Cut(line, "\t")
		ids, kind, _ := strings.Cut(rest, "\t")
		r := map[string]bool{}
		for _, id := range strings.Split(ids, ",") {
			r[id] = true
		}
		out = append(out, query{q, r, kind})
	}
	return out, nil
}

// searcher answers one query with ids, best first.
type searcher func(q string) ([]string, error)

func runPeer(name, namesPath, variantsPath, dir, url string) error {
	qs, err := readVariants(variantsPath)
	if err != nil {
		return err
	}
	start := time.Now()
	var s searcher
	var closeFn func()
	switch name {
	case "pgtrgm":
		s, closeFn, err = buildPG(namesPath, url)
	case "fts5":
		s, closeFn, err = buildFTS(namesPath, dir)
	case "bleve":
		s, closeFn, err = buildBleve(namesPath, dir)
	}
	if err != nil {
		return err
	}
	defer closeFn()
	build := time.Since(start)
	p50, p99, recall, kinds, err := measure(s, qs)
	if err != nil {
		return err
	}
	fmt.Printf("%s\tbuild %.0fs\tp50 %.2fms\tp99 %.2fms\trecall@10 %.3f\tqueries %d%s\n", name, build.Seconds(),
		ms(p50), ms(p99), recall, len(qs), kinds)
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// measure runs every query once (after one warm-up pass over the first hundred) and
// returns the latency percentiles and recall@10.
func measure(s searcher, qs []query) (p50, p99 time.Duration, recall float64, kinds byKind, err error) {
	for _, q := range qs[:min(100, len(qs))] {
		if _, err := s(q.text); err != nil {
			return 0, 0, 0, nil, err
		}
	}
	var lat []time.Duration
	found := 0
	kinds = byKind{}
	for _, q := range qs {
		t := time.Now()
		ids, err := s(q.text)
		lat = append(lat, time.Since(t))
		if err != nil {
			return 0, 0, 0, nil, err
		}
		ok := false
		for _, id := range ids[:min(10, len(ids))] {
			ok = ok || q.relevant[id]
		}
		if ok {
			found++
		}
		kinds.add(q.kind, ok)
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return lat[len(lat)/2], lat[len(lat)*99/100], float64(found) / float64(len(qs)), kinds, nil
}

// top keeps the first n distinct ids.
func top(ids []string, n int) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
			if len(out) == n {
				break
			}
		}
	}
	return out
}

var _ = strconv.Itoa
