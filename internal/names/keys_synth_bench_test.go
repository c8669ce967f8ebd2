package names

import (
	"encoding/csv"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the process's user and system CPU time so far: on a machine shared with other
// jobs the benchmarks report it per operation (cpu-ns/op) beside the wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// synthForms reads the name forms of a `tizim synth` person CSV named by TIZIM_SYNTH_CSV
// (the name column and the names column split at " | "), in file order, as an import reads
// them; the benchmark is skipped without it.
func synthForms(b *testing.B) []string {
	b.Helper()
	path := os.Getenv("TIZIM_SYNTH_CSV")
	if path == "" {
		b.Skip("TIZIM_SYNTH_CSV not set")
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	var out []string
	for _, r := range rows[1:] {
		out = append(out, r[1])
		for _, n := range strings.Split(r[2], " | ") {
			if n != "" {
				out = append(out, n)
			}
		}
	}
	return out
}

// BenchmarkKeysSynth measures Keys over the forms of a synthetic import file, in order.
func BenchmarkKeysSynth(b *testing.B) {
	ns := synthForms(b)
	b.ResetTimer()
	c0 := cpuTime()
	for i := 0; i < b.N; i++ {
		Keys(ns[i%len(ns)])
	}
	b.ReportMetric(float64(cpuTime()-c0)/float64(b.N), "cpu-ns/op")
}

// BenchmarkKeysSynthReference is BenchmarkKeysSynth by the path before ADR 0413 (the
// readings as scoring tokens), to compare.
func BenchmarkKeysSynthReference(b *testing.B) {
	ns := synthForms(b)
	b.ResetTimer()
	c0 := cpuTime()
	for i := 0; i < b.N; i++ {
		keysOfReference(analyzeReadings(ns[i%len(ns)]))
	}
	b.ReportMetric(float64(cpuTime()-c0)/float64(b.N), "cpu-ns/op")
}
