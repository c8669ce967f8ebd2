package names

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

// TestPrepareWithKeys checks the combined call against its parts on the golden records:
// the same prepared record (every feature and block key) and, per form, exactly Keys(form).
func TestPrepareWithKeys(t *testing.T) {
	recs, _ := goldenRecords(t)
	recs = append(recs, Record{Name: "  ", Forms: []string{"", "Серікжан Біләш", "·", "BILASH, Serikzhan", " \t"}},
		Record{}, Record{Name: "伊力哈木·土赫提", Forms: []string{"Ilham Tohti", "ئىلھام توختى"}, Place: "Kashgar", BirthYear: 1969})
	for i, r := range recs {
		p, keys := PrepareWithKeys(r)
		var got, want bytes.Buffer
		dumpPrepared(&got, p)
		dumpPrepared(&want, Prepare(r))
		if got.String() != want.String() {
			t.Fatalf("record %d: prepared\n got  %s\n want %s", i, got.String(), want.String())
		}
		forms := append([]string{r.Name}, r.Forms...)
		if len(keys) != len(forms) {
			t.Fatalf("record %d: %d key lists for %d forms", i, len(keys), len(forms))
		}
		for j, f := range forms {
			if w := Keys(f); !slices.Equal(keys[j], w) || (keys[j] == nil) != (w == nil) {
				t.Fatalf("record %d form %q: keys %q, want %q", i, f, keys[j], w)
			}
		}
	}
	if _, keys := PrepareWithKeys(Record{Name: "Серікжан Біләш"}); !strings.Contains(strings.Join(keys[0], " "), "p:serikjan") {
		t.Errorf("keys %q lack p:serikjan", keys[0])
	}
}
