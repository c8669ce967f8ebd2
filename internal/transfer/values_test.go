package transfer

import (
	"testing"

	"pgregory.net/rapid"
)

// TestFoldShortcut: the values fold leaves as they are come out as the full fold makes
// them, for strings of the characters near the shortcut's edge and for any string.
func TestFoldShortcut(t *testing.T) {
	for _, s := range []string{"", " ", "a", "imprisoned", "re education camp", "a  b", " a", "a ", "A", "a-b", "a\tb", "ё", "2018", "x9 y"} {
		if got, want := fold(s), foldAny(s); got != want {
			t.Errorf("fold(%q) = %q, want %q", s, got, want)
		}
	}
	edge := rapid.StringOf(rapid.SampledFrom([]rune("az09 AZ-.\t\u00a0ёЁ")))
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.OneOf(edge, rapid.String()).Draw(t, "s")
		if got, want := fold(s), foldAny(s); got != want {
			t.Fatalf("fold(%q) = %q, want %q", s, got, want)
		}
	})
}
