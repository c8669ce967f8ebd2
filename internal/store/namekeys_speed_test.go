package store

import (
	"hash/fnv"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/tizim/tizim/internal/model"
)

// TestNameKeyHashIsFNV checks the written-out hash against hash/fnv's FNV-1a, which the
// stored name index was built with.
func TestNameKeyHashIsFNV(t *testing.T) {
	for _, k := range []string{"", "p:serikjan", "s:srkjn", "n:srk|blş", "p:\xff\xfe", "p:阿布", strings.Repeat("x", 300)} {
		h := fnv.New64a()
		h.Write([]byte(k))
		want := int64(h.Sum64())
		if got := NameKeyHash(k); got != want {
			t.Errorf("NameKeyHash(%q) = %d, want %d", k, got, want)
		}
		if got := fnv1a([]byte(k)); got != want { // the keys hashed from bytes (ADR 0203)
			t.Errorf("fnv1a([]byte(%q)) = %d, want %d", k, got, want)
		}
	}
}

// TestSpacedOnce checks the fast test of NameKeys against what it stands for.
func TestSpacedOnce(t *testing.T) {
	for _, s := range []string{"", " ", "a", "a b", "a  b", " a", "a ", "a\tb", "a\u00a0b", "a\u2003b", "a\u3000b",
		"Серікжан Біләш", "阿布尕力木·阿力皮斯巴伊", "a\x85b", "a\u0085b", "\xff \xfe", "a\nb", "a\x00b", "a \u200bb", "a\u1680b"} {
		if got, want := spacedOnce(s), strings.Join(strings.Fields(s), " ") == s; got != want {
			t.Errorf("spacedOnce(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestPackNameKeys checks that the packed keys the write paths store (packNameKeys) hold
// exactly the words, hashes and bit sets of FormKeys of each form (nameKeysReference), each
// once, and the same forms, for persons of one to seventy forms in several scripts,
// repeated words and forms included; and that NameKeys returns them.
func TestPackNameKeys(t *testing.T) {
	pool := []string{"Кулайша Абугалымова", "  Kulaysha   Abughalym ", "Kulaysha Abughalym", "阿布尕力木·阿力皮斯巴伊",
		"Abugalimu Alipisibayi", "Серікжан Біләшұлы", "BILASH, Serikzhan", "سەرىكجان ٴبىلاش", "伊力哈木·土赫提",
		"Ilham Tohti", "al-Hassan bin Ali", "Dr. Mr Ali", "", " ", "习近平", "Си Цзиньпин", "Гүлбахар Жәлилқызы", "x"}
	check := func(forms []model.NameForm) {
		t.Helper()
		ks, want := nameKeysReference(forms)
		packed, got := packNameKeys(forms)
		if !slices.Equal(got, want) {
			t.Fatalf("forms %q, want %q", got, want)
		}
		if nk, nf := NameKeys(forms); !maps.Equal(nk.Words, ks.Words) || !maps.Equal(nk.Hashes, ks.Hashes) || !slices.Equal(nf, want) {
			t.Fatalf("%q: NameKeys %v %v %q, want %v %v %q", forms, nk.Words, nk.Hashes, nf, ks.Words, ks.Hashes, want)
		}
		words, hashes := map[string]int64{}, map[int64]int64{}
		DecodeKeys(packed, func(w []byte, f int64) {
			if _, dup := words[string(w)]; dup {
				t.Fatalf("word %q twice", w)
			}
			words[string(w)] = f
		}, func(k, f int64) {
			if _, dup := hashes[k]; dup {
				t.Fatalf("hash %d twice", k)
			}
			hashes[k] = f
		})
		if !maps.Equal(words, ks.Words) || !maps.Equal(hashes, ks.Hashes) {
			t.Fatalf("%q: packed %v %v, want %v %v", forms, words, hashes, ks.Words, ks.Hashes)
		}
	}
	rng := rand.New(rand.NewPCG(4, 13))
	for n := 0; n <= 70; n++ {
		for rep := 0; rep < 5; rep++ {
			var forms []model.NameForm
			for i := 0; i < n; i++ {
				forms = append(forms, model.NameForm{Text: pool[rng.IntN(len(pool))]})
			}
			check(forms)
		}
	}
}
