package names

import "strings"

// Arabic-script readings. Kazakh and Uyghur Arabic write every vowel; they differ in a few
// letters (ع is ğ in Kazakh and a silent ayn in Uyghur, ح is Kazakh kh, ۆ is Uyghur ö) and
// Kazakh marks front-vowel words with a high hamza ٴ. Arabic and Persian leave short vowels
// out: such tokens are flagged abjad and compared on consonants.

var turkicArabic = map[rune]string{
	'ا': "a", 'ە': "e", 'ې': "e", 'ى': "ı", 'ي': "y", 'و': "o", 'ۆ': "ö", 'ۇ': "u", 'ۈ': "ü",
	'ۋ': "w", 'ب': "b", 'پ': "p", 'ت': "t", 'ج': "j", 'چ': "ç", 'خ': "x", 'ح': "h", 'د': "d",
	'ر': "r", 'ز': "z", 'ژ': "j", 'س': "s", 'ش': "ş", 'غ': "ğ", 'ع': "", 'ف': "f", 'ق': "q",
	'ك': "k", 'ک': "k", 'گ': "g", 'ڭ': "ñ", 'ل': "l", 'م': "m", 'ن': "n", 'ھ': "h", 'ه': "h",
	'ئ': "", 'ء': "", 'ٴ': "", 'ی': "y", 'ة': "a", 'أ': "a", 'إ': "i", 'آ': "a", 'ث': "s",
	'ذ': "z", 'ص': "s", 'ض': "d", 'ط': "t", 'ظ': "z", 'ؤ': "u",
}

// kazakhArabicOverrides are the letters Kazakh Arabic (töte jazu) reads differently from
// Uyghur: ۆ is в (Uyghur ö), ۋ is у (Uyghur w), ع is ғ, ح is х.
var kazakhArabicOverrides = map[rune]string{'ع': "ğ", 'ح': "x", 'ۆ': "v", 'ۋ': "u", 'ى': "ı"}

// frontVowels maps back vowels to their front partners in a word marked with ٴ (or
// containing ە, ك, گ, which only front words have).
var frontVowels = map[rune]rune{'a': 'ä', 'ı': 'i', 'u': 'ü', 'o': 'ö', 'ū': 'ü'}

// readTurkicArabic reads a Kazakh (kazakh=true) or Uyghur Arabic token.
func readTurkicArabic(t string, kazakh bool) string {
	// ٴ marks a front word: every vowel letter reads front. A word with ە, ك or گ is front
	// too, but may be a compound (Серік+жан): there only ى, ۇ and و read front, ا stays a.
	marked := strings.ContainsAny(t, "ٴٵٶٷٸ")
	front := marked || kazakh && strings.ContainsAny(t, "ەكگ")
	var b strings.Builder
	rs := []rune(t)
	for i, r := range rs {
		if kazakh && r == 'ي' && i+1 < len(rs) && rs[i+1] == 'ٴ' {
			b.WriteRune('i') // ٸ (high hamza yeh) decomposes to ي + ٴ: the vowel і
			continue
		}
		p, ok := turkicArabic[r]
		if kazakh {
			if o, k := kazakhArabicOverrides[r]; k {
				p, ok = o, true
			}
			if r == 'ۇ' {
				p = "ū"
			}
		} else if r == 'ى' {
			p = "i" // Uyghur ى is always i
		}
		if !ok {
			if isArabicMark(r) {
				continue
			}
			b.WriteRune(r)
			continue
		}
		if front && kazakh {
			var fb strings.Builder
			for _, c := range p {
				if f, ok := frontVowels[c]; ok && (marked || c != 'a') {
					c = f
				}
				fb.WriteRune(c)
			}
			p = fb.String()
		}
		b.WriteString(p)
	}
	return collapseDoubles(b.String())
}

// readAbjad reads Arabic and Persian: long vowels from the matres lectionis, short vowels
// only where harakat are written.
func readAbjad(t string) string {
	rs := []rune(t)
	var b strings.Builder
	for i, r := range rs {
		first, last := i == 0, i == len(rs)-1
		switch r {
		case 'ا', 'أ', 'آ':
			b.WriteRune('a')
		case 'إ':
			b.WriteRune('i')
		case 'و', 'ؤ':
			if first {
				b.WriteRune('w')
			} else {
				b.WriteRune('u')
			}
		case 'ي', 'ی', 'ئ':
			if first {
				b.WriteRune('y')
			} else {
				b.WriteRune('i')
			}
		case 'ى':
			b.WriteRune('a')
		case 'ة':
			b.WriteRune('a')
		case 'ه':
			if last && i > 0 {
				b.WriteRune('a')
			} else {
				b.WriteRune('h')
			}
		case 'ع', 'ء':
		case 'َ':
			b.WriteRune('a')
		case 'ِ':
			b.WriteRune('i')
		case 'ُ':
			b.WriteRune('u')
		default:
			if p, ok := turkicArabic[r]; ok {
				b.WriteString(p)
			} else if !isArabicMark(r) {
				b.WriteRune(r)
			}
		}
	}
	return collapseDoubles(b.String())
}

func isArabicMark(r rune) bool { return r >= 0x64B && r <= 0x65F || r == 0x670 }

// arabicSystem separates Kazakh Arabic (high hamza ٴ and the letters built on it), Uyghur
// Arabic (ې ۈ, ئ carrying a vowel) and the Arabic/Persian abjad. ى inside a word (not at its
// end, where Arabic writes alif maqsura) and the Turkic vowel letters mark Kazakh or Uyghur.
func arabicSystem(t string) string {
	kk := strings.ContainsAny(t, "ٴٵٶٷٸ")
	ug := strings.ContainsAny(t, "ېۈ")
	inner := strings.TrimRight(t, "ى")
	turkic := kk || ug || strings.ContainsAny(t, "ەۇۆڭۋ") || strings.ContainsRune(inner, 'ى')
	switch {
	case kk && !ug:
		return SysKazakhArab
	case ug && !kk:
		return SysUyghurArab
	case turkic && strings.ContainsRune(t, 'ئ'):
		return SysUyghurArab
	case turkic && strings.ContainsRune(t, 'ع'):
		return SysKazakhArab
	case turkic:
		return SysTurkicArab
	}
	return SysArabic
}
