//go:build unix

package app

import (
	"bufio"
	"context"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/store"
)

// BenchmarkPublicSearchArchive runs the public name search as GET /api/v1/public/people?q=
// does, without HTTP and JSON, on an existing archive, on every core: the search's own cost,
// which moves less with other load on the machine than a server's rate under wrk does
// (docs/benchmarks.md, "Public site and API"). It reports CPU (user + system) per search
// besides the wall time.
//
//	TIZIM_BENCH_DATA=DIR TIZIM_BENCH_QUERIES=FILE go test -run '^$' -bench PublicSearchArchive -benchtime 20000x ./internal/app
//
// FILE holds one query a line, URL-encoded (`q=…` or the name alone), as
// bench/web/public.sh writes them; each search asks the next line. DIR is opened as tizim
// serve opens it (a writer too; it stays open to the end of the test binary): use one no
// server has open.
func BenchmarkPublicSearchArchive(b *testing.B) {
	dir, qfile := os.Getenv("TIZIM_BENCH_DATA"), os.Getenv("TIZIM_BENCH_QUERIES")
	if dir == "" || qfile == "" {
		b.Skip("set TIZIM_BENCH_DATA (an archive's data directory) and TIZIM_BENCH_QUERIES")
	}
	qs := benchQueries(b, qfile)
	ctx := context.Background()
	// The archive is opened once for the benchmark's runs (it runs once with b.N = 1 first).
	benchArchive.once.Do(func() {
		t0 := time.Now()
		benchArchive.o, benchArchive.err = open(ctx, &Config{DataDir: dir})
		if benchArchive.err == nil {
			_, benchArchive.err = benchArchive.o.Archive.WarmPublicSearch(ctx)
		}
		b.Logf("index and projections loaded in %v; %d queries", time.Since(t0).Round(time.Millisecond), len(qs))
	})
	o := benchArchive.o
	if benchArchive.err != nil {
		b.Fatal(benchArchive.err)
	}
	var next atomic.Int64
	var hits atomic.Int64
	cpu0 := cpuTime()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			q := qs[int(next.Add(1)-1)%len(qs)]
			// as the API asks without facet parameters: any evidence level
			res, err := o.Archive.PublicSearch(ctx, archive.SearchRequest{Query: q, Facets: store.FacetFilter{EvidenceLevel: -1}})
			if err != nil {
				b.Error(err)
				return
			}
			hits.Add(int64(len(res.Hits)))
		}
	})
	b.StopTimer()
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(b.N), "cpu-µs/op")
	b.ReportMetric(float64(hits.Load())/float64(b.N), "hits/op")
}

// benchArchive is the archive BenchmarkPublicSearchArchive opened (left open to the end
// of the test binary).
var benchArchive struct {
	once sync.Once
	o    *Opened
	err  error
}

// benchQueries reads a file of URL-encoded queries.
func benchQueries(b *testing.B, name string) []string {
	f, err := os.Open(name)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var qs []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if i := strings.Index(line, "q="); i >= 0 {
			line = line[i+2:]
			if j := strings.IndexByte(line, '&'); j >= 0 {
				line = line[:j]
			}
		}
		if q, err := url.QueryUnescape(line); err == nil && q != "" {
			qs = append(qs, q)
		}
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	if len(qs) == 0 {
		b.Fatalf("%s: no queries", name)
	}
	return qs
}

// cpuTime is the process's user and system time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
