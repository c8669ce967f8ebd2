package store

import (
	"hash/fnv"
	"strings"
	"testing"
)

// TestNameKeyHashIsFNV checks the written-out hash against hash/fnv's FNV-1a, which the
// stored name index was built with.
func TestNameKeyHashIsFNV(t *testing.T) {
	for _, k := range []string{"", "p:serikjan", "s:srkjn", "n:srk|blş", "p:\xff\xfe", "p:阿布", strings.Repeat("x", 300)} {
		h := fnv.New64a()
		h.Write([]byte(k))
		if got, want := NameKeyHash(k), int64(h.Sum64()); got != want {
			t.Errorf("NameKeyHash(%q) = %d, want %d", k, got, want)
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
