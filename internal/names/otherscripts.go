package names

import (
	"strings"
	"sync"
)

// Readings of scripts outside the region's own, kept simple: they let a Greek, Armenian,
// Georgian, Japanese kana, Korean or Hebrew spelling of a foreign name meet its Latin form.
// Scripts without a table (Thai, Khmer, Devanagari, …) compare rune by rune.

var greekLetters = map[rune]string{
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i", 'θ': "t", 'ι': "i",
	'κ': "k", 'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "ks", 'ο': "o", 'π': "p", 'ρ': "r", 'σ': "s",
	'ς': "s", 'τ': "t", 'υ': "i", 'φ': "f", 'χ': "x", 'ψ': "ps", 'ω': "o",
}

var greekDigraphs = []struct{ from, to string }{
	{"ου", "u"}, {"αι", "e"}, {"ει", "i"}, {"οι", "i"}, {"μπ", "b"}, {"ντ", "d"}, {"γκ", "g"},
	{"γγ", "ñg"}, {"αυ", "av"}, {"ευ", "ev"},
}

var armenianLetters = map[rune]string{
	'ա': "a", 'բ': "b", 'գ': "g", 'դ': "d", 'ե': "e", 'զ': "z", 'է': "e", 'ը': "ı", 'թ': "t",
	'ժ': "j", 'ի': "i", 'լ': "l", 'խ': "x", 'ծ': "c", 'կ': "k", 'հ': "h", 'ձ': "z", 'ղ': "ğ",
	'ճ': "ç", 'մ': "m", 'յ': "y", 'ն': "n", 'շ': "ş", 'ո': "o", 'չ': "ç", 'պ': "p", 'ջ': "j",
	'ռ': "r", 'ս': "s", 'վ': "v", 'տ': "t", 'ր': "r", 'ց': "c", 'ւ': "w", 'փ': "p", 'ք': "k",
	'օ': "o", 'ֆ': "f", 'և': "ev",
}

var georgianLetters = map[rune]string{
	'ა': "a", 'ბ': "b", 'გ': "g", 'დ': "d", 'ე': "e", 'ვ': "v", 'ზ': "z", 'თ': "t", 'ი': "i",
	'კ': "k", 'ლ': "l", 'მ': "m", 'ნ': "n", 'ო': "o", 'პ': "p", 'ჟ': "j", 'რ': "r", 'ს': "s",
	'ტ': "t", 'უ': "u", 'ფ': "p", 'ქ': "k", 'ღ': "ğ", 'ყ': "q", 'შ': "ş", 'ჩ': "ç", 'ც': "c",
	'ძ': "z", 'წ': "c", 'ჭ': "ç", 'ხ': "x", 'ჯ': "j", 'ჰ': "h",
}

var hebrewLetters = map[rune]string{
	'א': "", 'ב': "b", 'ג': "g", 'ד': "d", 'ה': "h", 'ו': "u", 'ז': "z", 'ח': "x", 'ט': "t",
	'י': "i", 'כ': "k", 'ך': "k", 'ל': "l", 'מ': "m", 'ם': "m", 'נ': "n", 'ן': "n", 'ס': "s",
	'ע': "", 'פ': "f", 'ף': "f", 'צ': "c", 'ץ': "c", 'ק': "k", 'ר': "r", 'ש': "ş", 'ת': "t",
}

// kana: the gojūon in katakana order; hiragana is folded onto it first.
const kanaRows = "アaイiウuエeオoカkaキkiクkuケkeコkoサsaシşiスsuセseソsoタtaチçiツcuテteトtoナnaニniヌnuネneノnoハhaヒhiフfuヘheホhoマmaミmiムmuメmeモmoヤyaユyuヨyoラraリriルruレreロroワwaヲoンnガgaギgiグguゲgeゴgoザzaジjiズzuゼzeゾzoダdaヂjiヅzuデdeドdoバbaビbiブbuベbeボboパpaピpiプpuペpeポpoヴvu"

// kanaTable is the reading of each katakana, built once.
var kanaTable = sync.OnceValue(buildKanaTable)

func buildKanaTable() map[rune]string {
	m := map[rune]string{}
	var key rune
	var val []rune
	for _, r := range kanaRows {
		if r >= 0x30A0 && r <= 0x30FF {
			if key != 0 {
				m[key] = string(val)
			}
			key, val = r, nil
		} else {
			val = append(val, r)
		}
	}
	m[key] = string(val)
	return m
}

func readKana(t string) string {
	tab := kanaTable()
	var out []rune
	for _, r := range t {
		if r >= 0x3041 && r <= 0x3096 {
			r += 0x60 // hiragana → katakana
		}
		switch r {
		case 'ャ', 'ュ', 'ョ':
			if n := len(out); n > 0 && out[n-1] == 'i' {
				out = out[:n-1]
			}
			out = append(out, 'y', map[rune]rune{'ャ': 'a', 'ュ': 'u', 'ョ': 'o'}[r])
			continue
		case 'ァ', 'ィ', 'ゥ', 'ェ', 'ォ':
			if n := len(out); n > 0 && isVowel(out[n-1]) {
				out = out[:n-1]
			}
			out = append(out, map[rune]rune{'ァ': 'a', 'ィ': 'i', 'ゥ': 'u', 'ェ': 'e', 'ォ': 'o'}[r])
			continue
		case 'ッ', 'ー':
			continue
		}
		if p, ok := tab[r]; ok {
			out = append(out, []rune(p)...)
		} else {
			out = append(out, r)
		}
	}
	return collapseDoubles(string(out))
}

var hangulInitials = []string{"g", "k", "n", "d", "t", "r", "m", "b", "p", "s", "s", "", "j", "j", "ç", "k", "t", "p", "h"}
var hangulMedials = []string{"a", "e", "ya", "ye", "o", "e", "yo", "ye", "o", "wa", "we", "we", "yo", "u", "wo", "we", "wi", "yu", "ı", "ıi", "i"}
var hangulFinals = []string{"", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ñ", "t", "t", "k", "t", "p", "t"}

// readHangul decomposes precomposed syllables algorithmically (Unicode chapter 3.12).
func readHangul(t string) string {
	var b strings.Builder
	for _, r := range t {
		if r < 0xAC00 || r > 0xD7A3 {
			b.WriteRune(r)
			continue
		}
		s := int(r - 0xAC00)
		b.WriteString(hangulInitials[s/588])
		b.WriteString(hangulMedials[(s%588)/28])
		b.WriteString(hangulFinals[s%28])
	}
	return b.String()
}

// readTable reads a token letter by letter through a table, digraphs first.
func readTable(t string, letters map[rune]string, digraphs []struct{ from, to string }) string {
	rs := []rune(stripAllMarks(t))
	var b strings.Builder
	for i := 0; i < len(rs); {
		if p, n := matchPrefix(string(rs[i:]), digraphs); n > 0 {
			b.WriteString(p)
			i += n
			continue
		}
		if p, ok := letters[rs[i]]; ok {
			b.WriteString(p)
		} else {
			b.WriteRune(rs[i])
		}
		i++
	}
	return collapseDoubles(b.String())
}

func stripAllMarks(t string) string {
	var b strings.Builder
	for _, r := range t {
		b.WriteString(stripMarks(r))
	}
	return b.String()
}
