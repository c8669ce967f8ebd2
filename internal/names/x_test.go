package names
import ("testing";"time";"os";"encoding/csv";"runtime";"syscall")
func cpuNow() time.Duration { var ru syscall.Rusage; syscall.Getrusage(syscall.RUSAGE_SELF, &ru); return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()) }
func TestXHitRate(t *testing.T) {
	f, _ := os.Open("/tmp/nb/people200k.csv")
	rows, _ := csv.NewReader(f).ReadAll()
	var ns []string
	for _, r := range rows[1:] { ns = append(ns, r[2]) }
	for _, off := range []bool{false, true, false, true} {
		cachesOff = off
		runtime.GC()
		s, c := time.Now(), cpuNow()
		for _, n := range ns { Keys(n) }
		d, dc := time.Since(s), cpuNow()-c
		t.Logf("keys uncached=%v: %v wall, %v cpu per form", off, d/time.Duration(len(ns)), dc/time.Duration(len(ns)))
		s, c = time.Now(), cpuNow()
		for _, n := range ns { Prepare(Record{Name: n}) }
		d, dc = time.Since(s), cpuNow()-c
		t.Logf("prepare uncached=%v: %v wall, %v cpu per form", off, d/time.Duration(len(ns)), dc/time.Duration(len(ns)))
	}
	cachesOff = false
}
