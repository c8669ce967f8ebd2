package names

import (
	"hash/maphash"
	"sort"
	"strconv"
)

// blockKeys: for each reading, order-insensitive pairs of the skeleton prefixes and of the
// skeleton suffixes of its three heaviest tokens (a typo near one end of a word leaves the
// other end's key intact), or the token's skeleton for one-word names.
func blockKeys(p *Prepared, seed maphash.Seed) []uint64 {
	var keys []uint64
	var h maphash.Hash
	h.SetSeed(seed)
	blockKeyParts(p, func(kind byte, a, b string) {
		h.Reset()
		h.WriteByte(kind)
		if b < a {
			a, b = b, a
		}
		h.WriteString(a)
		h.WriteByte('|')
		h.WriteString(b)
		k := h.Sum64()
		for _, o := range keys {
			if o == k {
				return
			}
		}
		keys = append(keys, k)
	})
	return keys
}

// blockKeyParts calls add with the parts of every block key of p, in order and with
// repeats (blockKeys hashes and deduplicates them; the golden test writes them out).
func blockKeyParts(p *Prepared, add func(kind byte, a, b string)) {
	if p.id != "" {
		add('i', p.id, "") // the same identity number is compared whatever the names say
	}
	for _, r := range p.readings {
		// skeletons of the words, and of their stems under patronymic and -ov suffixes
		// (Жәлилқызы and Jalilova block together through jälil)
		var sk, st []string
		for _, t := range r {
			if t.role == RoleParticle {
				continue
			}
			if s := Skeleton(t.p); s != "" {
				sk = append(sk, s)
				if len(t.stem) > 0 {
					st = append(st, Skeleton(string(t.stem)))
				} else {
					st = append(st, s)
				}
			}
		}
		for v, list := range [][]string{sk, st} {
			if v == 1 && equalStrings(sk, st) {
				break
			}
			if len(list) > 3 {
				list = heaviest(list, 3)
			}
			if len(list) == 1 {
				add('1', list[0], "")
			}
			if p.year != 0 {
				// one word + birth year: survives a typo in the other word
				y := strconv.Itoa(p.year)
				for _, w := range list {
					add('y', w, y)
				}
			}
			for i := 0; i < len(list); i++ {
				for j := i + 1; j < len(list); j++ {
					add('p', prefix(list[i], 3), prefix(list[j], 3))
					add('s', suffix(list[i], 3), suffix(list[j], 3))
				}
			}
		}
	}
}

// quickReject says, without comparing names, that a pair cannot be linked: a gender
// conflict caps the score near 0.79 and birth years five or more apart near 0.53 (see
// qualify), and any pair the clustering would refuse (conflict: two identity numbers, years
// three or more apart, two home places, two fathers) is not worth scoring either.
func quickReject(a, b *clusterInfo, threshold float64) bool {
	if a.id != "" && a.id == b.id {
		return false
	}
	if a.gender != 0 && b.gender != 0 && a.gender != b.gender && threshold > 0.79 {
		return true
	}
	if a.minYear != 0 && b.minYear != 0 && (a.minYear-b.minYear >= 5 || b.minYear-a.minYear >= 5) && threshold > 0.54 {
		return true
	}
	return conflict(*a, *b)
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// heaviest keeps the n longest skeletons (the most distinctive words), in name order.
func heaviest(list []string, n int) []string {
	out := append([]string(nil), list...)
	sort.SliceStable(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out[:n]
}
