package names

import (
	"strings"
	"testing"
	"unicode/utf8"

	"pgregory.net/rapid"
)

// FuzzAnalyze: arbitrary Unicode never panics, and what comes out is valid UTF-8.
func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"Серікжан Біләш", "سەرىكجان ٴبىلاش", "伊力哈木·土赫提", "BILASH, Serikzhan",
		"\u200d\u0640\ufeff", "ﻣﺤﻤﺪ", "김정은", "a'b'c'", "·-·", "ٴ", "Jong-un", "\xff\xfe", "اۇ ئئ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a := Analyze(s)
		for _, k := range a.Keys {
			if !utf8.ValidString(k) {
				t.Errorf("invalid UTF-8 key %q", k)
			}
		}
		Compare(Record{Name: s}, Record{Name: "Serikzhan Bilash"})
	})
}

// FuzzValidPRCID: any string, no panic; a valid number's birth date is well formed.
func FuzzValidPRCID(f *testing.F) {
	f.Add("654002197503120012")
	f.Add("65400219750312001X")
	f.Fuzz(func(t *testing.T, s string) {
		if ok, birth, region := ValidPRCID(s); ok && (len(birth) != 10 || len(region) != 6) {
			t.Errorf("ValidPRCID(%q) = %v %q %q", s, ok, birth, region)
		}
	})
}

// nameGen draws names from letters of the scripts the engine reads, in 1–4 words.
func nameGen() *rapid.Generator[string] {
	letters := []rune("абвгдежзийклмнопрстуфхцчшыәғқңөұүһіabcdefghijklmnopqrstuvwxyzäöüşçğıابتجدرسشقكلمنوىيەۇ伊力哈木江古丽")
	word := rapid.SliceOfN(rapid.SampledFrom(letters), 1, 9)
	return rapid.Custom(func(t *rapid.T) string {
		n := rapid.IntRange(1, 4).Draw(t, "words")
		var ws []string
		for i := 0; i < n; i++ {
			ws = append(ws, string(word.Draw(t, "word")))
		}
		return strings.Join(ws, " ")
	})
}

// TestPropertyKeysIdempotent: keys are a function of the name, and the normalised form keys
// the same as the original.
func TestPropertyKeysIdempotent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := nameGen().Draw(t, "name")
		k1, k2 := strings.Join(Keys(s), " "), strings.Join(Keys(s), " ")
		if k1 != k2 {
			t.Fatalf("Keys(%q) not stable: %q vs %q", s, k1, k2)
		}
		if kn := strings.Join(Keys(Normalize(s)), " "); kn != k1 {
			t.Fatalf("Keys(Normalize(%q)) = %q, Keys = %q", s, kn, k1)
		}
	})
}

// TestPropertyCompareSymmetric: Compare(a, b) and Compare(b, a) give the same score.
func TestPropertyCompareSymmetric(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := nameGen().Draw(t, "a"), nameGen().Draw(t, "b")
		ab := Compare(Record{Name: a}, Record{Name: b}).Score
		ba := Compare(Record{Name: b}, Record{Name: a}).Score
		if d := ab - ba; d > 1e-3 || d < -1e-3 {
			t.Fatalf("Compare(%q, %q) = %.4f, reversed %.4f", a, b, ab, ba)
		}
		if ab < 0 || ab > 1 {
			t.Fatalf("score %.4f outside [0,1]", ab)
		}
	})
}

// TestPropertyCaseAndMarks: upper case, and diacritics on Latin letters that carry no
// phoneme of their own, do not change a name's score against itself.
func TestPropertyCaseAndMarks(t *testing.T) {
	latin := rapid.SliceOfN(rapid.SampledFrom([]rune("abdefgiklmnoprstuz")), 2, 9)
	rapid.Check(t, func(t *rapid.T) {
		w1, w2 := string(latin.Draw(t, "w1")), string(latin.Draw(t, "w2"))
		s := w1 + " " + w2
		upper := strings.ToUpper(s)
		if m := Compare(Record{Name: s}, Record{Name: upper}); m.Score < 0.999 {
			t.Fatalf("%q vs %q: %.4f", s, upper, m.Score)
		}
		marked := strings.NewReplacer("a", "á", "o", "ò", "i", "í").Replace(s)
		if m := Compare(Record{Name: s}, Record{Name: marked}); m.Score < 0.999 {
			t.Fatalf("%q vs %q: %.4f (%v)", s, marked, m.Score, m.Reasons)
		}
	})
}
