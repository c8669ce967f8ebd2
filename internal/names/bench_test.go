package names

import "testing"

var benchPairs = [][2]string{
	{"Серікжан Біләш", "Serikzhan Bilash"},
	{"Серікжан Біләшұлы", "BILASH Serikjan"},
	{"伊力哈木·土赫提", "Ilham Tohti"},
	{"Гүлбахар Жәлилқызы", "Gulbahar Jalilova"},
	{"سەرىكجان ٴبىلاش", "Serıkjan Bıläş"},
	{"Aybala Abukyzy", "Айбала Әбуқызы"},
}

// BenchmarkComparePrepared measures scoring one pair of pre-analysed records (target ≤ 2 µs).
func BenchmarkComparePrepared(b *testing.B) {
	var ps [][2]*Prepared
	for _, p := range benchPairs {
		ps = append(ps, [2]*Prepared{Prepare(Record{Name: p[0], BirthYear: 1975}), Prepare(Record{Name: p[1], BirthYear: 1976})})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := ps[i%len(ps)]
		ComparePrepared(p[0], p[1])
	}
}

// BenchmarkPrepare measures analysing one record for comparison.
func BenchmarkPrepare(b *testing.B) {
	for i := 0; i < b.N; i++ {
		Prepare(Record{Name: benchPairs[i%len(benchPairs)][i%2], BirthYear: 1975})
	}
}

// BenchmarkKeys measures the blocking keys of one name form.
func BenchmarkKeys(b *testing.B) {
	for i := 0; i < b.N; i++ {
		Keys(benchPairs[i%len(benchPairs)][i%2])
	}
}

// BenchmarkScorePrepared is the dedupe inner loop: the score without reasons.
func BenchmarkScorePrepared(b *testing.B) {
	var ps [][2]*Prepared
	for _, p := range benchPairs {
		ps = append(ps, [2]*Prepared{Prepare(Record{Name: p[0], BirthYear: 1975}), Prepare(Record{Name: p[1], BirthYear: 1976})})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := ps[i%len(ps)]
		scorePrepared(p[0], p[1])
	}
}

// BenchmarkKeysParallel is BenchmarkKeys on every core, as import computes keys: it shows
// contention on anything the engine shares between goroutines.
func BenchmarkKeysParallel(b *testing.B) {
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			Keys(benchPairs[i%len(benchPairs)][i%2])
			i++
		}
	})
}

// corpusNames are 20,000 distinct name forms of the fixtures in many scripts (the yente
// negatives and the Kazakh variant set), for benchmarks that a cache of repeated strings
// cannot flatter: each form comes round again only after 20,000 others.
func corpusNames(b *testing.B) []string {
	b.Helper()
	var out []string
	seen := map[string]bool{}
	for _, v := range readVariants(b) {
		if !seen[v.rec.Name] {
			seen[v.rec.Name] = true
			out = append(out, v.rec.Name)
		}
	}
	for _, r := range yenteRecords(b, "negatives_global.csv") {
		if len(out) == 20000 {
			break
		}
		if !seen[r.Name] {
			seen[r.Name] = true
			out = append(out, r.Name)
		}
	}
	return out
}

// BenchmarkKeysCorpus measures Keys over many distinct forms.
func BenchmarkKeysCorpus(b *testing.B) {
	ns := corpusNames(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Keys(ns[i%len(ns)])
	}
}

// BenchmarkPrepareCorpus measures Prepare over many distinct forms.
func BenchmarkPrepareCorpus(b *testing.B) {
	ns := corpusNames(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Prepare(Record{Name: ns[i%len(ns)], BirthYear: 1975})
	}
}

// BenchmarkKeysCorpusUncached is BenchmarkKeysCorpus with the token caches off: the cost of
// a name whose words the engine has not seen.
func BenchmarkKeysCorpusUncached(b *testing.B) {
	cachesOff = true
	defer func() { cachesOff = false }()
	BenchmarkKeysCorpus(b)
}

// BenchmarkKeysUncached is BenchmarkKeys with the token caches off.
func BenchmarkKeysUncached(b *testing.B) {
	cachesOff = true
	defer func() { cachesOff = false }()
	BenchmarkKeys(b)
}

// BenchmarkPrepareWithKeys measures preparing one record and the keys of its forms in one
// analysis (compare with BenchmarkPrepare + BenchmarkKeys, which read the form twice).
func BenchmarkPrepareWithKeys(b *testing.B) {
	for i := 0; i < b.N; i++ {
		PrepareWithKeys(Record{Name: benchPairs[i%len(benchPairs)][i%2], BirthYear: 1975})
	}
}

// BenchmarkKeysKazakh measures Keys over the 2,400 forms of the Kazakh variant set
// (600 people in Kazakh and Russian-style Cyrillic, Arabic script, ICU and BGN romanisations,
// typos): words recur as in a real archive's names.
func BenchmarkKeysKazakh(b *testing.B) {
	var ns []string
	for _, v := range readVariants(b) {
		ns = append(ns, v.rec.Name)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Keys(ns[i%len(ns)])
	}
}
