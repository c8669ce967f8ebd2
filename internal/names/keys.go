package names

import (
	"sort"
	"strings"
)

// Blocking keys (ADR 0100). "p:" keys are folded phonemic tokens (exact after folding the
// distinctions writing systems blur: k/q, i/ı, ä/a …); "s:" keys are consonant-class
// skeletons that also survive vowel and r/l variation; "n:" keys pair the skeleton prefixes
// of two tokens, order-insensitive, for blocking whole names.

// foldKey folds a phonemic token to its key spelling.
func foldKey(p string) string {
	return collapseDoubles(strings.Map(func(r rune) rune {
		switch r {
		case 'ı':
			return 'i'
		case 'ä':
			return 'a'
		case 'ö':
			return 'o'
		case 'ü', 'ū':
			return 'u'
		case 'q':
			return 'k'
		case 'ğ':
			return 'g'
		case 'ñ':
			return 'n'
		case 'x':
			return 'h'
		case 'w':
			return 'v'
		}
		return r
	}, p))
}

// Keys returns the blocking keys of one name form, sorted and without duplicates. Two forms
// of the same person written in different scripts share at least one key in the large
// majority of cases (measured in the evaluation tests).
func Keys(s string) []string {
	return keysOf(analyzeReadings(s))
}

func keysOf(readings [][]ctoken) []string {
	set := map[string]bool{}
	for _, r := range readings {
		var skels []string
		for _, t := range r {
			if t.role == RoleParticle || len(t.r) == 0 {
				continue
			}
			set["p:"+foldKey(t.p)] = true
			if len(t.stem) > 0 {
				set["p:"+foldKey(string(t.stem))] = true
			}
			sk := Skeleton(t.p)
			if sk != "" {
				set["s:"+sk] = true
				skels = append(skels, prefix(sk, 3))
			}
		}
		for i := 0; i < len(skels) && i < 3; i++ {
			for j := i + 1; j < len(skels) && j < 3; j++ {
				set["n:"+pairKey(skels[i], skels[j])] = true
			}
		}
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func pairKey(a, b string) string {
	if b < a {
		a, b = b, a
	}
	return a + "|" + b
}

// prefix and suffix cut skeletons by runes: letters of scripts without a table stay in
// them as themselves.
func prefix(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

func suffix(s string, n int) string {
	rs := []rune(s)
	if len(rs) > n {
		return string(rs[len(rs)-n:])
	}
	return s
}
