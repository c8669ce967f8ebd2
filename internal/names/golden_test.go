package names

import (
	"bufio"
	"os"
	"regexp"
	"strings"
	"testing"
)

// simpleRule matches the one-to-one rules of a CLDR transform: a lower-case letter, an
// arrow, a replacement and nothing else (no context, no variables).
var simpleRule = regexp.MustCompile(`^\s*(\p{Ll})\s*→\s*([^;$\s]*)\s*;`)

// cldrRules reads the simple rules of a CLDR transform file. Only the test reads XML; the
// package carries its tables as Go data.
func cldrRules(t *testing.T, file string) map[rune]string {
	t.Helper()
	f, err := os.Open("testdata/cldr-transforms/" + file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rules := map[rune]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(sc.Text()), "<tRule>"))
		if m := simpleRule.FindStringSubmatch(line); m != nil {
			r := []rune(m[1])[0]
			if _, seen := rules[r]; !seen {
				rules[r] = m[2]
			}
		}
	}
	return rules
}

// TestBGNTablesAgreeWithCLDR checks every letter of the Go BGN/PCGN tables against the
// one-to-one rules of the CLDR files.
func TestBGNTablesAgreeWithCLDR(t *testing.T) {
	for _, tc := range []struct {
		file  string
		table map[rune]string
	}{
		{"Kazakh-Latin-BGN.xml", kazakhBGN},
		{"Kirghiz-Latin-BGN.xml", kyrgyzBGN},
		{"Russian-Latin-BGN.xml", russianBGN},
	} {
		t.Run(tc.file, func(t *testing.T) {
			rules := cldrRules(t, tc.file)
			if len(rules) < 30 {
				t.Fatalf("parsed %d rules, want at least 30", len(rules))
			}
			for r, want := range rules {
				got, ok := tc.table[r]
				if !ok {
					t.Errorf("%c: missing from the Go table, CLDR says %q", r, want)
					continue
				}
				if want == "" {
					continue // ъ and ь map to $prime variables
				}
				if got != want {
					t.Errorf("%c: got %q, want %q", r, got, want)
				}
			}
		})
	}
}

// TestUyghurArabicAgreesWithULY checks the Uyghur Arabic reading against the one-to-one
// letter rules of CLDR ug-Latin (ULY), through the phonemic spelling of each ULY value.
func TestUyghurArabicAgreesWithULY(t *testing.T) {
	f, err := os.ReadFile("testdata/cldr-transforms/ug-Latin.xml")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`<tRule>\s*(\p{Arabic})\s*↔\s*([a-zéöü]+)\s*;`)
	n := 0
	for _, m := range re.FindAllStringSubmatch(string(f), -1) {
		ar, uly := m[1], m[2]
		got := readTurkicArabic(ar, false)
		want := readLatin(uly, SysUyghurLatin)
		if uly == "e" {
			want = "e" // ULY e is ە, which this engine reads as e in every Arabic system
		}
		n++
		if got != want && subCost([]rune(got)[0], []rune(want)[0]) > 0.25 {
			t.Errorf("%s: got %q, ULY %q reads %q", ar, got, uly, want)
		}
	}
	if n < 25 {
		t.Fatalf("checked %d ug-Latin rules, want at least 25", n)
	}
}

// TestHanTableAgreesWithCLDR samples the generated pinyin table against Han-Latin.xml and
// checks the name readings that override it.
func TestHanTableAgreesWithCLDR(t *testing.T) {
	for _, tc := range []struct {
		r    rune
		want string
	}{
		{'陈', "chen"}, {'全', "quan"}, {'国', "guo"}, {'什', "shi"}, {'习', "xi"}, {'近', "jin"},
		{'平', "ping"}, {'伊', "yi"}, {'哈', "ha"}, {'木', "mu"}, {'提', "ti"}, {'吕', "lü"},
	} {
		if got := hanPinyin(tc.r); got != tc.want {
			t.Errorf("%c: got %q, want %q", tc.r, got, tc.want)
		}
	}
	if n := len(hanOnce().reading); n < 3000 || n > 6000 {
		t.Errorf("pinyin table has %d characters, want a few thousand", n)
	}
}
