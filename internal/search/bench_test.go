package search

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/gob"
	"fmt"
	"math"
	"os"
	"runtime"
	"slices"
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
	o := Options{Limit: 10}
	if n, err := strconv.Atoi(os.Getenv("TIZIM_BENCH_CANDIDATES")); err == nil {
		o.Candidates = n // to measure what the number of candidates costs and gains
	}
	b.ResetTimer()
	for range b.N {
		var lat []time.Duration
		found := 0
		kinds := map[string][2]int{} // kind → found, asked
		for _, q := range qs {
			t := time.Now()
			hits, err := Rank(ctx, m, Parse(q.text, nil), o)
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
				kinds[q.kind] = [2]int{kinds[q.kind][0] + 1, kinds[q.kind][1] + 1}
			} else {
				kinds[q.kind] = [2]int{kinds[q.kind][0], kinds[q.kind][1] + 1}
				if os.Getenv("TIZIM_BENCH_MISSES") != "" {
					b.Logf("miss %q", q.text)
				}
			}
		}
		// recall per kind of variant (searchpeers extract writes how each was made)
		var ks []string
		for k := range kinds {
			if k != "" {
				ks = append(ks, k)
			}
		}
		sort.Strings(ks)
		for _, k := range ks {
			b.Logf("recall@10 %s %.3f (%d queries)", k, float64(kinds[k][0])/float64(kinds[k][1]), kinds[k][1])
		}
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
		b.ReportMetric(float64(found)/float64(len(qs)), "recall@10")
	}
	b.ReportMetric(float64(ms.HeapAlloc>>20), "heap-MB")
	// What a server keeps: the index without the documents (Live reads those from the
	// database for the candidates only).
	m.docs, ext = nil, nil
	runtime.GC()
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc>>20), "index-MB")
}

// loadNames reads names.tsv into a Memory index, in file order, computing keys on all
// cores. With TIZIM_BENCH_KEYCACHE set, the keys are read from that file when it exists and
// written to it when not (for working on ranking without waiting for the name engine; the
// benchmark's build time is measured without it).
func loadNames(tb testing.TB, path string) (*Memory, map[model.ID]string) {
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var lines [][]string
	for _, l := range strings.Split(string(b), "\n") {
		if c := strings.Split(l, "\t"); len(c) == 4 {
			lines = append(lines, c)
		}
	}
	docs := make([]store.NameDoc, len(lines))
	keys := make([]store.NameKeySet, len(lines))
	cache := os.Getenv("TIZIM_BENCH_KEYCACHE")
	cached := false
	if f, err := os.Open(cache); cache != "" && err == nil {
		err = gob.NewDecoder(bufio.NewReader(f)).Decode(&keys)
		f.Close()
		cached = err == nil && len(keys) == len(lines)
	}
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(lines); i += workers {
				c := lines[i]
				var forms []model.NameForm
				for _, t := range strings.Split(c[3], "|") {
					forms = append(forms, model.NameForm{Text: t})
				}
				var fs []string
				if cached {
					for _, f := range forms {
						if t := strings.Join(strings.Fields(f.Text), " "); t != "" {
							fs = append(fs, t)
						}
					}
				} else {
					keys[i], fs = store.NameKeys(forms)
				}
				year, _ := strconv.Atoi(c[1])
				sum := sha256.Sum256([]byte(c[0]))
				docs[i] = store.NameDoc{ID: model.ID(sum[:16]), ExternalID: c[0], Forms: fs, BirthYear: year, Gender: c[2], Publication: model.Public}
			}
		}()
	}
	wg.Wait()
	if cache != "" && !cached {
		if f, err := os.Create(cache); err == nil {
			w := bufio.NewWriter(f)
			if gob.NewEncoder(w).Encode(keys) == nil && w.Flush() == nil {
				f.Close()
			}
		}
	}
	m := NewMemory()
	ext := map[model.ID]string{}
	for i := range docs {
		m.AddDoc(docs[i], keys[i])
		ext[docs[i].ID] = docs[i].ExternalID
	}
	return m, ext
}

type benchQuery struct {
	text     string
	relevant map[string]bool
	kind     string // how searchpeers extract made the variant ("" in older files)
}

func readQueries(tb testing.TB, path string) []benchQuery {
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var out []benchQuery
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		q, rest, _ := strings.Cut(line, "\t")
		ids, kind, _ := strings.Cut(rest, "\t")
		r := map[string]bool{}
		for _, id := range strings.Split(ids, ",") {
			r[id] = true
		}
		out = append(out, benchQuery{q, r, kind})
	}
	return out
}

// TestDebugQuery prints, for TIZIM_BENCH_DEBUG (queries separated by ;), the index's
// candidates and where the right answers stand: for working on misses of BenchmarkVariants.
func TestDebugQuery(t *testing.T) {
	names, variants, dbg := os.Getenv("TIZIM_BENCH_NAMES"), os.Getenv("TIZIM_BENCH_VARIANTS"), os.Getenv("TIZIM_BENCH_DEBUG")
	if names == "" || variants == "" || dbg == "" {
		t.Skip("TIZIM_BENCH_NAMES, TIZIM_BENCH_VARIANTS and TIZIM_BENCH_DEBUG not set")
	}
	m, ext := loadNames(t, names)
	rel := map[string]map[string]bool{}
	for _, q := range readQueries(t, variants) {
		rel[q.text] = q.relevant
	}
	for _, text := range strings.Split(dbg, ";") {
		qk := keysOfQuery(text)
		t.Logf("query %q keys %+v", text, qk)
		for _, w := range qk.words {
			for _, nw := range m.x.nearWords(w) {
				t.Logf("  word %s ~ %s %.2f df %d", w, m.x.words[nw.word], nw.sim, len(m.x.lists[m.x.byKey[m.x.wordKey[nw.word]]].docs))
			}
		}
		cands := m.x.candidates(qk, filter{}, 2000)
		for i, c := range cands {
			mark := ""
			if rel[text][ext[c.ID]] {
				mark = " <== right"
			}
			if i < 15 || mark != "" {
				t.Logf("  %d %.3f %s %v%s", i, c.Score, ext[c.ID], m.docs[c.ID].Forms, mark)
			}
		}
		hits, _ := Rank(context.Background(), m, Parse(text, nil), Options{Limit: 10})
		for _, h := range hits {
			t.Logf("  hit %.3f %s %v %v", h.Score, ext[h.Doc.ID], h.Doc.Forms, rel[text][ext[h.Doc.ID]])
		}
	}
}

// TestTuneWeights reports, for a few settings of the key weights, how often a right answer
// is among the index's first candidates and among the ranked hits. Tuned on a query set of
// its own seed (bench/search.sh uses seed 1; tune with searchpeers extract --seed 2).
func TestTuneWeights(t *testing.T) {
	names, variants := os.Getenv("TIZIM_BENCH_NAMES"), os.Getenv("TIZIM_TUNE_VARIANTS")
	if names == "" || variants == "" {
		t.Skip("TIZIM_BENCH_NAMES and TIZIM_TUNE_VARIANTS not set")
	}
	m, ext := loadNames(t, names)
	qs := readQueries(t, variants)
	settings := [][5]float64{{3, 1, 1, 5, 0}}
	for _, s := range settings {
		wordWeight, skelWeight, pairWeight, minFuzzy2, intersectPool = s[0], s[1], s[2], int(s[3]), int(s[4])
		for _, k := range []int{16, 24, 32} {
			in, found := 0, 0
			var lat, rlat []time.Duration
			for _, q := range qs {
				qk := keysOfQuery(Parse(q.text, nil).Name)
				t0 := time.Now()
				cands := m.x.candidates(qk, filter{}, k)
				lat = append(lat, time.Since(t0))
				for _, c := range cands {
					if q.relevant[ext[c.ID]] {
						in++
						break
					}
				}
				t1 := time.Now()
				hits, _ := Rank(context.Background(), m, Parse(q.text, nil), Options{Limit: 10, Candidates: k})
				rlat = append(rlat, time.Since(t1))
				for _, h := range hits {
					if q.relevant[ext[h.Doc.ID]] {
						found++
						break
					}
				}
			}
			sort.Slice(rlat, func(i, j int) bool { return rlat[i] < rlat[j] })
			t.Logf("rank p50 %s p99 %s", rlat[len(rlat)/2], rlat[len(rlat)*99/100])
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			t.Logf("weights %v top %d: candidates %.3f hits %.3f (candidates p50 %s p99 %s)", s, k, float64(in)/float64(len(qs)), float64(found)/float64(len(qs)), lat[len(lat)/2], lat[len(lat)*99/100])
		}
	}
	wordWeight, skelWeight, pairWeight, minFuzzy2, intersectPool = 3, 1, 1, 5, 0
}

// TestStageTimes reports the latency of the index's candidate stage alone and of the whole
// ranking, per query of TIZIM_TUNE_VARIANTS.
func TestStageTimes(t *testing.T) {
	names, variants := os.Getenv("TIZIM_BENCH_NAMES"), os.Getenv("TIZIM_TUNE_VARIANTS")
	if names == "" || variants == "" {
		t.Skip("TIZIM_BENCH_NAMES and TIZIM_TUNE_VARIANTS not set")
	}
	m, _ := loadNames(t, names)
	qs := readQueries(t, variants)
	var c1, c2 []time.Duration
	type slow struct {
		q string
		d time.Duration
	}
	var worst []slow
	for _, q := range qs {
		p := Parse(q.text, nil)
		t0 := time.Now()
		m.x.candidates(keysOfQuery(p.Name), filter{}, 40)
		t1 := time.Now()
		Rank(context.Background(), m, p, Options{Limit: 10})
		t2 := time.Now()
		c1, c2 = append(c1, t1.Sub(t0)), append(c2, t2.Sub(t1))
		worst = append(worst, slow{q.text, t2.Sub(t1)})
	}
	pct := func(l []time.Duration, p int) time.Duration {
		sort.Slice(l, func(i, j int) bool { return l[i] < l[j] })
		return l[len(l)*p/100]
	}
	t.Logf("candidates p50 %s p99 %s; rank p50 %s p99 %s", pct(c1, 50), pct(c1, 99), pct(c2, 50), pct(c2, 99))
	sort.Slice(worst, func(i, j int) bool { return worst[i].d > worst[j].d })
	for _, w := range worst[:10] {
		t.Logf("slow %s %q", w.d, w.q)
	}
}

// TestMisses lists the queries of TIZIM_TUNE_VARIANTS whose right answers are not among the
// first ten hits, with the best place a right answer has among the index's candidates.
func TestMisses(t *testing.T) {
	names, variants := os.Getenv("TIZIM_BENCH_NAMES"), os.Getenv("TIZIM_TUNE_VARIANTS")
	if names == "" || variants == "" || os.Getenv("TIZIM_BENCH_MISSES") == "" {
		t.Skip("TIZIM_BENCH_NAMES, TIZIM_TUNE_VARIANTS and TIZIM_BENCH_MISSES not set")
	}
	m, ext := loadNames(t, names)
	for _, q := range readQueries(t, variants) {
		p := Parse(q.text, nil)
		hits, _ := Rank(context.Background(), m, p, Options{Limit: 10})
		ok := false
		for _, h := range hits {
			ok = ok || q.relevant[ext[h.Doc.ID]]
		}
		if ok {
			continue
		}
		place, forms := -1, []string(nil)
		for i, c := range m.x.candidates(keysOfQuery(p.Name), filter{}, 5000) {
			if q.relevant[ext[c.ID]] {
				place, forms = i, m.docs[c.ID].Forms
				break
			}
		}
		top := ""
		if len(hits) > 0 {
			top = fmt.Sprintf("%.3f %v", hits[0].Score, hits[0].Doc.Forms)
		}
		// where the name engine would put the right answer if it saw every candidate
		engine := "not scored"
		if place >= 0 {
			all, _ := Rank(context.Background(), m, p, Options{Limit: place + 1000, Candidates: place + 1})
			for i, h := range all {
				if q.relevant[ext[h.Doc.ID]] {
					engine = fmt.Sprintf("engine place %d score %.3f", i, h.Score)
					break
				}
			}
		}
		t.Logf("miss %q: candidate place %d %v (%s); first hit %s", q.text, place, forms, engine, top)
	}
}

// TestCandidateStage reports the candidate stage alone (n = 32, no filter) per query of
// TIZIM_TUNE_VARIANTS, with TIZIM_BENCH_STAGE set: the first run of each query (its words'
// near words not yet remembered, as for a distinct query to a server) and the best of three.
func TestCandidateStage(t *testing.T) {
	names, variants := os.Getenv("TIZIM_BENCH_NAMES"), os.Getenv("TIZIM_TUNE_VARIANTS")
	if names == "" || variants == "" || os.Getenv("TIZIM_BENCH_STAGE") == "" {
		t.Skip("TIZIM_BENCH_NAMES, TIZIM_TUNE_VARIANTS and TIZIM_BENCH_STAGE not set")
	}
	m, _ := loadNames(t, names)
	qs := readQueries(t, variants)
	var first, best []time.Duration
	var sumFirst, sumBest time.Duration
	for _, q := range qs {
		qk := keysOfQuery(Parse(q.text, nil).Name)
		b := time.Duration(math.MaxInt64)
		for i := range 3 {
			t0 := time.Now()
			m.x.candidates(qk, filter{}, DefaultCandidates)
			d := time.Since(t0)
			if i == 0 {
				first = append(first, d)
				sumFirst += d
			}
			b = min(b, d)
		}
		best = append(best, b)
		sumBest += b
	}
	pct := func(l []time.Duration, p int) time.Duration {
		slices.Sort(l)
		return l[len(l)*p/100]
	}
	n := time.Duration(len(qs))
	t.Logf("first run: mean %s p50 %s p99 %s; best of three: mean %s p50 %s p99 %s",
		sumFirst/n, pct(first, 50), pct(first, 99), sumBest/n, pct(best, 50), pct(best, 99))
}
