package names

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// keysFromAppend is Keys by AppendKeys: the keys cut at their ends, sorted, repeats
// dropped. The arena starts with other bytes in it, as a caller's holding the keys of
// earlier forms does.
func keysFromAppend(s string) []string {
	arena := []byte("earlier form's keys")
	ends := []int{7, 19}
	from, e0 := len(arena), len(ends)
	arena, ends = AppendKeys(arena, ends, s)
	var out []string
	for _, e := range ends[e0:] {
		out = append(out, string(arena[from:e]))
		from = e
	}
	if from != len(arena) {
		return []string{"arena not covered by the ends"}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestAppendKeys checks that normalizeTokensInto cuts the words its reference did, and
// that AppendKeys (ADR 0203) hands out exactly the keys of Keys and of keysOfReference, the
// keys path before ADR 0413, on every form of the golden sample,
// names in each script the engine reads, and random strings, with the caches on and off.
func TestAppendKeys(t *testing.T) {
	forms := goldenNames(t)
	forms = append(forms, "", " ", "·", "Abughalym Alpysbay", "阿布尕力木·阿力皮斯巴伊", "Abugalimu Alipisibayi", "李 王", "欧阳修 习近平",
		"Серікжан Біләшұлы", "BILASH, Serikzhan", "سەرىكجان ٴبىلاش", "Dr. Mr Ali", "al-Hassan bin Ali", "김정은", "Си Цзиньпин",
		"Гүлбахар Жәлилқызы", "Nurlan uulu Bakyt", "ნინო ბერიძე", "Ἀλέξανδρος", "Ali\u200dYev", "Ａｌｉ", "a\xffb", strings.Repeat("Ab ", 40))
	rng := rand.New(rand.NewPCG(2, 3))
	letters := []rune("абвгдежзийклмнопрстуфхцчшыәғқңөұүһі abcdefghijklmnopqrstuvwxyzäöüşçğı ابتجدرسشقكلمنوىيەۇ 伊力哈木江古丽李王 ·,-'.\u200c\u0640")
	for i := 0; i < 20000; i++ {
		n := 1 + rng.IntN(30)
		rs := make([]rune, n)
		for j := range rs {
			rs[j] = letters[rng.IntN(len(letters))]
		}
		forms = append(forms, string(rs))
	}
	for _, s := range forms {
		got, want := normalizeTokensInto(make([]string, 0, 1), s), normalizeTokensReference(s)
		if !slices.Equal(got, want) {
			t.Fatalf("normalizeTokensInto(%q) = %q, reference %q", s, got, want)
		}
	}
	defer func() { cachesOff = false }()
	for _, off := range []bool{false, true} {
		cachesOff = off
		for _, s := range forms {
			want := Keys(s)
			if got := keysFromAppend(s); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
				t.Fatalf("AppendKeys(%q) = %q, want %q", s, got, want)
			}
			if ref := keysOfReference(analyzeReadings(s)); !slices.Equal(want, ref) {
				t.Fatalf("Keys(%q) = %q, reference %q", s, want, ref)
			}
		}
	}
}

// TestPropertyAppendKeys is TestAppendKeys on rapid's names.
func TestPropertyAppendKeys(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := nameGen().Draw(t, "name")
		if got, want := keysFromAppend(s), Keys(s); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Fatalf("AppendKeys(%q) = %q, want %q", s, got, want)
		}
	})
}

// TestAppendKeysArenaGrows checks keys written across a reallocation of the arena (the
// "n:" keys copy earlier parts of it).
func TestAppendKeysArenaGrows(t *testing.T) {
	for _, s := range []string{"Серікжан Біләшұлы Абугалымов", "阿布尕力木·阿力皮斯巴伊", "Abugalimu Alipisibayi Tohti"} {
		arena, ends := make([]byte, 0, 1), []int(nil)
		arena, ends = AppendKeys(arena, ends, s)
		var got []string
		from := 0
		for _, e := range ends {
			got = append(got, string(arena[from:e]))
			from = e
		}
		slices.SortFunc(got, func(a, b string) int { return bytes.Compare([]byte(a), []byte(b)) })
		if got = slices.Compact(got); !slices.Equal(got, Keys(s)) {
			t.Fatalf("AppendKeys(%q) = %q, want %q", s, got, Keys(s))
		}
	}
}

// normalizeTokensReference is normalizeTokens before ADR 0203: the words of the normalised
// text cut by strings.FieldsFunc, kept as the reference for TestAppendKeys.
func normalizeTokensReference(s string) []string {
	s = normalizeText(s)
	fields := strings.FieldsFunc(s, isSeparator)
	out := fields[:0]
	for _, f := range fields {
		f = strings.Trim(f, "'")
		if f == "" {
			continue
		}
		out = append(out, foldToken(fixHomoglyphs(f)))
	}
	return out
}

// TestPropertyNormalizeTokens compares normalizeTokensInto with its reference on rapid's
// names and on arbitrary strings.
func TestPropertyNormalizeTokens(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		for _, s := range []string{nameGen().Draw(t, "name"), rapid.String().Draw(t, "any")} {
			if got, want := normalizeTokensInto(nil, s), normalizeTokensReference(s); !slices.Equal(got, want) {
				t.Fatalf("normalizeTokensInto(%q) = %q, reference %q", s, got, want)
			}
		}
	})
}

// TestDropInnerDots compares dropInnerDots with dropInnerDotsRunes, the way it was written
// before ADR 0203, on dotted names and random strings of dots, Latin and other letters.
func TestDropInnerDots(t *testing.T) {
	cases := []string{"", "·", "a·", "·a", "a·b", "a··b", "a·b·c", "Jean·Paul", "阿布尕力木·阿力皮斯巴伊", "Ali·阿布", "é·ñ", "a·\xffb", "\xff·a·b",
		"Abdul·Aziz · Nuristani", "a·b·c·d·e·f", strings.Repeat("ab·", 100)}
	rng := rand.New(rand.NewPCG(9, 1))
	letters := []rune("ab·· ·éñ阿布Жə-'\u00a0\u0387")
	for i := 0; i < 50000; i++ {
		rs := make([]rune, rng.IntN(12))
		for j := range rs {
			rs[j] = letters[rng.IntN(len(letters))]
		}
		cases = append(cases, string(rs))
	}
	for _, s := range cases {
		if got, want := dropInnerDots(s), dropInnerDotsRunes(s); got != want {
			t.Fatalf("dropInnerDots(%q) = %q, want %q", s, got, want)
		}
	}
}
