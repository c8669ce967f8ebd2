package names

import (
	"math/rand/v2"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// TestBMPScriptTable checks the rune→script table against the range-table loop it
// replaces, for every rune of the Basic Multilingual Plane.
func TestBMPScriptTable(t *testing.T) {
	for r := rune(0x80); r < 0x10000; r++ {
		gs, gi := runeScriptIndex(r)
		ws, wi := runeScriptIndexSlow(r)
		if gs != ws || gi != wi {
			t.Fatalf("U+%04X: table says %q %d, the range tables %q %d", r, gs, gi, ws, wi)
		}
	}
	for r := rune(0); r < 0x80; r++ {
		gs, _ := runeScriptIndex(r)
		if want := map[bool]string{true: "Latn", false: ""}['a' <= r && r <= 'z' || 'A' <= r && r <= 'Z']; gs != want {
			t.Fatalf("%q: %q", r, gs)
		}
	}
}

// TestInertRunes checks the normalisation shortcut: every rune marked inert is left alone by
// the form, and strings of runes drawn from the table (inert or not, with marks) normalise
// as x/text says.
func TestInertRunes(t *testing.T) {
	tab := inertRunes()
	var pool []rune
	for r := rune(0); r < 0xA000; r++ {
		for _, f := range []struct {
			form norm.Form
			bit  uint8
		}{{norm.NFC, inertNFC}, {norm.NFKC, inertNFKC}} {
			if tab[r]&f.bit != 0 && f.form.String(string(r)) != string(r) {
				t.Fatalf("U+%04X marked inert but changes", r)
			}
		}
		if r%7 == 0 || r >= 0x300 && r < 0x370 || r >= 0x400 && r < 0x700 || r >= 0x1100 && r < 0x1200 {
			pool = append(pool, r)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 200000; i++ {
		rs := make([]rune, 1+rng.IntN(8))
		for k := range rs {
			rs[k] = pool[rng.IntN(len(pool))]
			if rng.IntN(3) == 0 {
				rs[k] = rune('a' + rng.IntN(26))
			}
		}
		s := string(rs)
		if got, want := nfcString(s), norm.NFC.String(s); got != want {
			t.Fatalf("NFC %q: got %q, want %q", s, got, want)
		}
		if got, want := nfkcString(s), norm.NFKC.String(s); got != want {
			t.Fatalf("NFKC %q: got %q, want %q", s, got, want)
		}
	}
}

// TestPinyinPieces checks the per-syllable table the pinyin readers use: every syllable
// splits as itself, and its piece read alone is what readPinyin reads.
func TestPinyinPieces(t *testing.T) {
	h := hanOnce()
	for s := range h.syllables {
		if got := segmentPinyin(s); len(got) != 1 || got[0] != s {
			t.Errorf("%s splits as %q", s, got)
		}
		if got, want := collapseDoubles(h.pieces[s]), collapseDoubles(pinyinPiece(s)); got != want {
			t.Errorf("%s: piece %q, want %q", s, got, want)
		}
	}
	if len(h.pieces) != len(h.syllables) || len(h.pieces) < 300 {
		t.Errorf("%d pieces for %d syllables", len(h.pieces), len(h.syllables))
	}
}

// TestRuneFlags checks the separator and fold table against the functions it stands for, and
// isHan against unicode.Han.
func TestRuneFlags(t *testing.T) {
	for r := rune(0); r < 0x10000; r++ {
		if got, want := isSeparator(r), isSeparatorRune(r); got != want {
			t.Fatalf("U+%04X: separator %v, want %v", r, got, want)
		}
		if got, want := needsFold(string(r)), runeFoldsSlow(r); got != want && utf8.ValidRune(r) {
			t.Fatalf("U+%04X: folds %v, want %v", r, got, want)
		}
		if got, want := isFormat(r), r == 0x640 || unicode.Is(unicode.Cf, r); got != want {
			t.Fatalf("U+%04X: format %v, want %v", r, got, want)
		}
		if got, want := isHan(r), unicode.Is(unicode.Han, r); got != want {
			t.Fatalf("U+%04X: han %v, want %v", r, got, want)
		}
	}
}

// TestSkeletonTable checks the skeleton class table against the switch it stands for.
func TestSkeletonTable(t *testing.T) {
	for r := rune(0); r < 0x3000; r++ {
		if got, want := skeletonClass(r), skeletonClassSlow(r); got != want {
			t.Fatalf("U+%04X: class %q, want %q", r, got, want)
		}
	}
}
