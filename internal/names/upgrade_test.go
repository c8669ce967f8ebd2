package names

import (
	"slices"
	"testing"
)

// A word that reads as nothing the Turkic way (ئئ, a hamza carrier twice) beside a Kazakh
// or Uyghur Arabic word keeps its own reading: it made every later step panic, so a person
// with such a name form could not be saved or imported (found by the export/import property
// test).
func TestUpgradeKeepsAReading(t *testing.T) {
	for _, s := range []string{"اۇ ئئ", "ئئ اۇ", "ئۇ ئئ ئئ"} {
		for _, tok := range Analyze(s).Tokens {
			if len(tok.Phonemic) == 0 {
				t.Errorf("%q: token %q has no reading", s, tok.Text)
			}
		}
		if ks := Keys(s); s != "ئۇ ئئ ئئ" && !slices.Contains(ks, "p:yi") {
			t.Errorf("Keys(%q) = %q, want the second word's own reading p:yi among them", s, ks)
		}
		if m := Compare(Record{Name: s}, Record{Name: s}); m.Score < 0.9 {
			t.Errorf("%q against itself: %.2f", s, m.Score)
		}
	}
}
