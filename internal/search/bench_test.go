package search

import (
	"bufio"
	"context"
	"crypto/sha256"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
)

// BenchmarkVariants measures the engine on the search benchmark's data (bench/search.sh):
// TIZIM_BENCH_NAMES (names.tsv from searchpeers extract) and TIZIM_BENCH_VARIANTS (the
// variant queries with their right answers). It reports p50/p99 latency per query and
// recall@10, over an in-memory index with the store's keys; without the files it is skipped.
func BenchmarkVariants(b *testing.B) {
	names, variants := os.Getenv("TIZIM_BENCH_NAMES"), os.Getenv("TIZIM_BENCH_VARIANTS")
	if names == "" || variants == "" {
		b.Skip("TIZIM_BENCH_NAMES and TIZIM_BENCH_VARIANTS not set (see bench/search.sh)")
	}
	start := time.Now()
	m, ext := loadNames(b, names)
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	b.Logf("indexed %d persons in %s, heap %d MB", m.Len(), time.Since(start).Round(time.Second), ms.HeapAlloc>>20)
	qs := readQueries(b, variants)
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		var lat []time.Duration
		found := 0
		for _, q := range qs {
			t := time.Now()
			hits, err := Rank(ctx, m, Parse(q.text, nil), Options{Limit: 10})
			lat = append(lat, time.Since(t))
			if err != nil {
				b.Fatal(err)
			}
			ok := false
			for _, h := range hits {
				if q.relevant[ext[h.Doc.ID]] {
					ok = true
					break
				}
			}
			if ok {
				found++
			} else if os.Getenv("TIZIM_BENCH_MISSES") != "" {
				b.Logf("miss %q", q.text)
			}
		}
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
		b.ReportMetric(float64(found)/float64(len(qs)), "recall@10")
	}
	b.ReportMetric(float64(ms.HeapAlloc>>20), "heap-MB")
}

// loadNames reads names.tsv into a Memory index, computing keys on all cores.
func loadNames(tb testing.TB, path string) (*Memory, map[model.ID]string) {
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	type row struct {
		doc  store.NameDoc
		keys map[int64]int64
	}
	lines := make(chan []string, 1024)
	rows := make(chan row, 1024)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range lines {
				var forms []model.NameForm
				for _, t := range strings.Split(c[3], "|") {
					forms = append(forms, model.NameForm{Text: t})
				}
				keys, fs := store.NameKeys(forms)
				year, _ := strconv.Atoi(c[1])
				sum := sha256.Sum256([]byte(c[0]))
				rows <- row{store.NameDoc{ID: model.ID(sum[:16]), ExternalID: c[0], Forms: fs, BirthYear: year, Gender: c[2], Publication: model.Public}, keys}
			}
		}()
	}
	go func() {
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			if c := strings.Split(sc.Text(), "\t"); len(c) == 4 {
				lines <- c
			}
		}
		close(lines)
		wg.Wait()
		close(rows)
	}()
	m := NewMemory()
	ext := map[model.ID]string{}
	for r := range rows {
		m.AddDoc(r.doc, r.keys)
		ext[r.doc.ID] = r.doc.ExternalID
	}
	return m, ext
}

type benchQuery struct {
	text     string
	relevant map[string]bool
}

func readQueries(tb testing.TB, path string) []benchQuery {
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var out []benchQuery
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		q, ids, _ := strings.Cut(line, "\t")
		r := map[string]bool{}
		for _, id := range strings.Split(ids, ",") {
			r[id] = true
		}
		out = append(out, benchQuery{q, r})
	}
	return out
}
