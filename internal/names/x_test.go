package names
import ("testing";"time")
func TestXCorpus(t *testing.T) {
	b := &testing.B{}
	_ = b
	ns := corpusNamesT(t)
	for pass := 0; pass < 3; pass++ {
		s := time.Now()
		for _, n := range ns { Keys(n) }
		t.Logf("pass %d: %v per form; token cache %d, ctoken cache %d", pass, time.Since(s)/time.Duration(len(ns)), tokenCache.len(), ctokenCache.len())
	}
}
func corpusNamesT(t *testing.T) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range readVariants(t) { if !seen[v.rec.Name] { seen[v.rec.Name] = true; out = append(out, v.rec.Name) } }
	for _, r := range yenteRecords(t, "negatives_global.csv") { if len(out) == 20000 { break }; if !seen[r.Name] { seen[r.Name] = true; out = append(out, r.Name) } }
	return out
}
