package names

import "unicode/utf8"

// The internal phonemic Latin (ADR 0100): one rune per phoneme, so edit distances count
// sounds, not spelling conventions. Every writing system has a table into it.
//
//	vowels     a ä e i ı o ö u ū ü
//	consonants b c(ts) ç(ch) d f g ğ h j(zh/dzh) k l m n ñ p q r s ş t v w x(kh) y z
//
// Runes outside this inventory (scripts without a table) pass through unchanged and compare
// by identity.

const phonemeVowels = "aäeiıoöuūü"
const phonemeConsonants = "bcçdfgğhjklmnñpqrsştvwxyz"

// phonemeIndex maps an inventory rune to 1..35; 0 means "outside the inventory". Every
// inventory rune is below U+0180, so a flat table answers in one load (the edit distance
// calls this for every cell).
func phonemeIndex(r rune) int {
	if r < 0 || r >= 0x180 {
		return 0
	}
	return int(phonemeIndexTable[r])
}

var phonemeIndexTable = func() (t [0x180]uint8) {
	for r := 'a'; r <= 'z'; r++ {
		t[r] = uint8(r-'a') + 1
	}
	for i, r := range []rune("äıöūüçğñş") {
		t[r] = uint8(27 + i)
	}
	return t
}()

const nPhonemes = 36

func isVowel(r rune) bool {
	return r >= 0 && r < 0x180 && vowelTable[r]
}

// vowelTable marks the vowels of phonemeVowels (all below U+0180).
var vowelTable = func() (t [0x180]bool) {
	for _, r := range phonemeVowels {
		t[r] = true
	}
	return t
}()

// skeletonClass folds consonants into classes that survive the usual variation between
// writing systems and careless transcription: labials, velars and uvulars, dentals,
// sibilants, liquids (r/l are one class because Chinese transcriptions swap them), nasals.
// Vowels and glides have no class.
func skeletonClass(r rune) byte {
	if r >= 0 && r < 0x180 {
		return skeletonTable[r]
	}
	return '*' // every vowel, glide and apostrophe is below U+0180
}

// skeletonTable is skeletonClassSlow for the runes below U+0180.
var skeletonTable = func() (t [0x180]byte) {
	for r := range t {
		t[r] = skeletonClassSlow(rune(r))
	}
	return t
}()

func skeletonClassSlow(r rune) byte {
	switch r {
	case 'b', 'p', 'f', 'v', 'w':
		return 'B'
	case 'k', 'q', 'g', 'ğ', 'x', 'h':
		return 'K'
	case 'd', 't':
		return 'T'
	case 's', 'z', 'c', 'ş', 'ç', 'j':
		return 'S'
	case 'l', 'r':
		return 'R'
	case 'n', 'ñ':
		return 'N'
	case 'm':
		return 'M'
	}
	if isVowel(r) || r == 'y' || r == '\'' {
		return 0
	}
	if r < 0x80 {
		return 0
	}
	return '*' // a rune of a script without a table: kept as a wildcard class
}

// Skeleton returns the consonant-class skeleton of a phonemic token, repeats collapsed.
// Runes outside the inventory are kept as themselves so that same-script comparison of
// untabled scripts still blocks.
func Skeleton(p string) string {
	var buf [64]byte
	return string(appendSkeleton(buf[:0], p))
}

// appendSkeleton appends Skeleton(p) to dst.
func appendSkeleton(dst []byte, p string) []byte {
	var last byte
	for _, r := range p {
		c := skeletonClass(r)
		if c == 0 {
			continue
		}
		if c == '*' {
			dst = utf8.AppendRune(dst, r)
			last = 0
			continue
		}
		if c != last {
			dst = append(dst, c)
		}
		last = c
	}
	return dst
}

// confusable pairs and their substitution cost; anything else costs 1 (0.5 between vowels).
var confusables = []struct {
	a, b rune
	cost float32
}{
	{'i', 'ı', 0.1}, {'a', 'ä', 0.2}, {'o', 'ö', 0.2}, {'u', 'ü', 0.2}, {'u', 'ū', 0.1},
	{'ü', 'ū', 0.2}, {'e', 'ä', 0.25}, {'e', 'i', 0.35}, {'o', 'u', 0.3}, {'ö', 'ü', 0.3},
	{'ı', 'u', 0.4}, {'e', 'ı', 0.4}, {'a', 'e', 0.4}, {'a', 'o', 0.4},
	{'k', 'q', 0.2}, {'g', 'ğ', 0.2}, {'k', 'g', 0.4}, {'q', 'ğ', 0.3}, {'q', 'g', 0.4},
	{'x', 'h', 0.2}, {'x', 'k', 0.3}, {'x', 'q', 0.3}, {'h', 'k', 0.4}, {'x', 'ğ', 0.3},
	{'h', 'ğ', 0.4}, {'g', 'h', 0.5}, {'g', 'x', 0.4},
	{'s', 'ş', 0.4}, {'ş', 'ç', 0.4}, {'j', 'z', 0.4}, {'j', 'ş', 0.5}, {'c', 's', 0.4},
	{'c', 'ç', 0.4}, {'j', 'ç', 0.4}, {'j', 'y', 0.5}, {'s', 'z', 0.4}, {'c', 'z', 0.4},
	{'j', 'g', 0.5}, {'ç', 'k', 0.6}, {'ş', 'x', 0.5}, {'ş', 'h', 0.6},
	{'r', 'l', 0.35}, {'n', 'ñ', 0.2}, {'n', 'm', 0.5}, {'ñ', 'g', 0.5},
	{'b', 'p', 0.3}, {'b', 'v', 0.3}, {'v', 'w', 0.1}, {'b', 'w', 0.3}, {'f', 'p', 0.3},
	{'f', 'v', 0.4}, {'d', 't', 0.3}, {'y', 'i', 0.3}, {'y', 'ı', 0.3}, {'w', 'u', 0.3},
	{'v', 'u', 0.5}, {'y', 'e', 0.6},
}

// costTable is the read-only substitution matrix over the inventory, and indelCost the
// insertion/deletion cost per phoneme: vowels and glides are cheap because systems differ
// most in how they write them (and abjads omit them).
//
// edit is sub as the edit distance's cell reads it: a rune outside the inventory (index 0)
// costs 1 against anything, so a cell needs no branch on the indices, only on the two runes
// being equal (ADR 0202). Rows are 64 wide so that an index masked with 63 needs no check.
type costTable struct {
	sub   [nPhonemes][nPhonemes]float32
	indel [nPhonemes]float32
	edit  [nPhonemes][64]float32
}

func newCostTable() *costTable {
	t := &costTable{}
	inv := []rune(phonemeVowels + phonemeConsonants)
	for _, a := range inv {
		for _, b := range inv {
			c := float32(1)
			if a == b {
				c = 0
			} else if isVowel(a) && isVowel(b) {
				c = 0.5
			}
			t.sub[phonemeIndex(a)][phonemeIndex(b)] = c
		}
	}
	for _, p := range confusables {
		t.sub[phonemeIndex(p.a)][phonemeIndex(p.b)] = p.cost
		t.sub[phonemeIndex(p.b)][phonemeIndex(p.a)] = p.cost
	}
	for _, r := range inv {
		c := float32(1)
		switch {
		case isVowel(r):
			c = 0.5
		case r == 'y' || r == 'w' || r == 'h':
			c = 0.45
		}
		t.indel[phonemeIndex(r)] = c
	}
	t.indel[0] = 1
	for i := range nPhonemes {
		for j := range nPhonemes {
			if i == 0 || j == 0 {
				t.edit[i][j] = 1
			} else {
				t.edit[i][j] = t.sub[i][j]
			}
		}
	}
	return t
}

var costs = newCostTable() // read-only after initialisation

func subCost(a, b rune) float32 {
	if a == b {
		return 0
	}
	ia, ib := phonemeIndex(a), phonemeIndex(b)
	if ia == 0 || ib == 0 {
		return 1
	}
	return costs.sub[ia][ib]
}

func indelCost(r rune) float32 {
	return costs.indel[phonemeIndex(r)]
}
