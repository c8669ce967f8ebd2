package names

import (
	"bytes"
	"slices"
	"testing"
)

// TestKeysOfTokens checks the keys path that skips the scoring tokens (ADR 0413) against
// keysOfReference — keysOf as it was before, over the readings as scoring tokens — on every
// form of the golden sample, and with the token caches on and off.
func TestKeysOfTokens(t *testing.T) {
	forms := goldenNames(t)
	forms = append(forms, "Abughalym Alpysbay", "阿布尕力木·阿力皮斯巴伊", "Abugalimu Alipisibayi", "李 王", "欧阳修 习近平")
	for _, off := range []bool{false, true} {
		cachesOff = off
		for _, s := range forms {
			want := keysOfReference(analyzeReadings(s))
			if got := Keys(s); !slices.Equal(got, want) {
				t.Fatalf("Keys(%q) = %q, want %q", s, got, want)
			}
			if got := Analyze(s).Keys; !slices.Equal(got, want) {
				t.Fatalf("Analyze(%q).Keys = %q, want %q", s, got, want)
			}
		}
	}
	cachesOff = false
}

// keysOfReference is keysOf before ADR 0413, kept as the reference for TestKeysOfTokens.
func keysOfReference(readings [][]ctoken) []string {
	// the keys are written one after another into one byte array, sorted and deduplicated
	// there, and returned as slices of one string: two allocations for all of them
	var arenaBuf [512]byte
	var spanBuf [48]keySpan
	arena, spans := arenaBuf[:0], spanBuf[:0]
	for _, r := range readings {
		var skels [3]keySpan // the skeleton prefixes of the first three tokens
		nsk := 0
		for i := range r {
			t := &r[i]
			if t.role == RoleParticle || len(t.r) == 0 {
				continue
			}
			st := len(arena)
			arena = appendFoldKey(append(arena, "p:"...), t.p)
			spans = append(spans, keySpan{st, len(arena)})
			if len(t.stem) > 0 {
				st = len(arena)
				arena = appendFoldKeyRunes(append(arena, "p:"...), t.stem)
				spans = append(spans, keySpan{st, len(arena)})
			}
			st = len(arena)
			arena = appendSkeleton(append(arena, "s:"...), t.p)
			if len(arena) == st+2 {
				arena = arena[:st] // no skeleton
				continue
			}
			spans = append(spans, keySpan{st, len(arena)})
			if nsk < 3 {
				skels[nsk] = keySpan{st + 2, st + 2 + prefixLen(arena[st+2:], 3)}
				nsk++
			}
		}
		for i := 0; i < nsk; i++ {
			for j := i + 1; j < nsk; j++ {
				x, y := skels[i], skels[j]
				if bytes.Compare(arena[y.s:y.e], arena[x.s:x.e]) < 0 {
					x, y = y, x
				}
				st := len(arena)
				arena = append(arena, "n:"...)
				arena = append(arena, arena[x.s:x.e]...)
				arena = append(arena, '|')
				arena = append(arena, arena[y.s:y.e]...)
				spans = append(spans, keySpan{st, len(arena)})
			}
		}
	}
	if len(spans) == 0 {
		return []string{}
	}
	slices.SortFunc(spans, func(x, y keySpan) int { return bytes.Compare(arena[x.s:x.e], arena[y.s:y.e]) })
	uniq := spans[:1]
	size := spans[0].e - spans[0].s
	for _, sp := range spans[1:] {
		if last := uniq[len(uniq)-1]; !bytes.Equal(arena[sp.s:sp.e], arena[last.s:last.e]) {
			uniq = append(uniq, sp)
			size += sp.e - sp.s
		}
	}
	var joinBuf [512]byte
	joined := joinBuf[:0]
	if size > len(joinBuf) {
		joined = make([]byte, 0, size)
	}
	for _, sp := range uniq {
		joined = append(joined, arena[sp.s:sp.e]...)
	}
	all := string(joined)
	out := make([]string, len(uniq))
	off := 0
	for i, sp := range uniq {
		n := sp.e - sp.s
		out[i] = all[off : off+n]
		off += n
	}
	return out
}
