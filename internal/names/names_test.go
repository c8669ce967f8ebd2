package names

import (
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Серік\u200dжан  Біләш", "серікжан біләш"},
		{"СEРІКЖАН", "серікжан"},   // Latin E inside a Cyrillic word
		{"Sеrikzhan", "serikzhan"}, // Cyrillic е inside a Latin word
		{"ＳＥＲＩＫ", "serik"},         // fullwidth
		{"伊力哈木·土赫提", "伊力哈木 土赫提"},
		{"買買提", "买买提"},
		{"BILASH, Serikzhan", "serikzhan bilash"},
		{"İLHAM", "ilham"},
		{"SERIKJAN BİLÄŞ", "serikjan biläş"}, // I is dotless only in a word with Turkic letters
		{"BILÄŞ", "bıläş"},
		{"soft\u00adhyphen", "softhyphen"},
		{"ﻣﺤﻤﺪ", "محمد"},    // Arabic presentation forms
		{"قـــاسم", "قاسم"}, // tatweel
	} {
		if got := Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q): got %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSystems(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Серікжан", SysKazakhCyrl}, {"Серикжан", SysRussianCyrl}, {"Үсөнбаев", SysKyrgyzCyrl},
		{"Җамалов", SysUyghurCyrl}, {"Serıkjan", SysKazakh2021}, {"Serikzhan", SysEnglish},
		{"Bi'la's'", SysKazakh2017}, {"Nursultań", SysKazakh2018}, {"Yilihamu", SysPinyin},
		{"Xinjiang", SysPinyin}, {"ٴبىلاش", SysKazakhArab}, {"ئۆمەر", SysUyghurArab},
		{"محمد", SysArabic}, {"伊力哈木·土赫提", SysHanTurkic}, {"陈全国", SysHan},
		{"Ömer Tursun", SysKazakh2021}, {"tömür", SysKazakh2021}, {"ébeydulla", SysUyghurLatin},
	} {
		a := Analyze(tc.in)
		if got := a.Tokens[0].System; got != tc.want {
			t.Errorf("%s: got system %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestPhonemic(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Серікжан Біләш", "serikjan biläş"},
		{"Serikzhan Bilash", "serikjan bilaş"},
		{"Serıkjan Bıläş", "serikjan biläş"},
		{"سەرىكجان ٴبىلاش", "serikjan biläş"},
		{"伊力哈木·土赫提", "ilham tuht"},
		{"陈全国", "çen çüanguo"},
		{"Chen Quanguo", "çen çüanguo"},
		{"Чэнь Цюаньго", "çen cyuango"},
		{"古丽", "gül"},
		{"买买提", "mämät"},
		{"Ахмедов", "axmedov"},
	} {
		a := Analyze(tc.in)
		if got := strings.Join(a.Readings[0], " "); got != tc.want {
			t.Errorf("%s: got %q, want %q (all %v)", tc.in, got, tc.want, a.Readings)
		}
	}
}

func TestRomanizations(t *testing.T) {
	a := Analyze("Серікжан Біләш")
	for k, want := range map[string]string{"kk-Latn-2021": "Serıkjan Bıläş", "en": "Serikzhan Bilash", "kk-Cyrl": "Серікжан Біләш", "bgn": "Serikzhan Biläsh"} {
		if got := a.Romanizations[k]; got != want {
			t.Errorf("%s: got %q, want %q", k, got, want)
		}
	}
	if got := Analyze("伊力哈木·土赫提").Romanizations["pinyin"]; got != "Yilihamu Tuheti" {
		t.Errorf("pinyin: got %q, want Yilihamu Tuheti", got)
	}
	if got := Analyze("陈全国").Romanizations["en"]; got != "Chen Quanguo" {
		t.Errorf("en of 陈全国: got %q, want Chen Quanguo", got)
	}
}

func TestCompareNames(t *testing.T) {
	same := [][2]string{
		{"Серікжан Біләш", "Serikzhan Bilash"},
		{"Серікжан Біләш", "Серикжан Билаш"},
		{"Серікжан Біләш", "Serikjan Bilash"},
		{"Серікжан Біләш", "Serıkjan Bıläş"},
		{"Серікжан Біләш", "سەرىكجان ٴبىلاش"},
		{"Серікжан Біләш", "BILASH Serikzhan"},
		{"Серікжан Біләшұлы", "Serikzhan Bilash"},
		{"伊力哈木·土赫提", "Ilham Tohti"},
		{"伊力哈木·土赫提", "Yilihamu Tuheti"},
		{"Yilihamu Tuheti", "Ilham Tohti"},
		{"陈全国", "Chen Quanguo"},
		{"陈全国", "Чэнь Цюаньго"},
		{"Chen Quanguo", "Чэнь Цюаньго"},
		{"Gulbahar Haitiwaji", "Gülbahar Hätiwaji"},
		{"Mihrigul Tursun", "Mihrigül Tursun"},
		{"Sayragul Sauytbay", "Сайрагүл Сауытбай"},
	}
	for _, p := range same {
		m := Compare(Record{Name: p[0]}, Record{Name: p[1]})
		if m.Score < DefaultThreshold {
			t.Errorf("%s ~ %s: got %.3f, want >= %.2f (%v)", p[0], p[1], m.Score, DefaultThreshold, m.Reasons)
		}
	}
	different := [][2]string{
		{"Серікжан Біләш", "Серікжан Омаров"},
		{"Fidel Castro", "Fernando Castro"},
		{"习近平", "习近朋"},
		{"Серікжан Біләш", "Асқар Біләш"},
	}
	for _, p := range different {
		m := Compare(Record{Name: p[0]}, Record{Name: p[1]})
		if m.Score >= DefaultThreshold {
			t.Errorf("%s ~ %s: got %.3f, want < %.2f (%v)", p[0], p[1], m.Score, DefaultThreshold, m.Reasons)
		}
	}
}

func TestQualifiers(t *testing.T) {
	base := Record{Name: "Серікжан Біләш", BirthYear: 1975, Place: "Құлжа"}
	for _, tc := range []struct {
		name       string
		other      Record
		match      bool
		cannotLink bool
	}{
		{"same year and place", Record{Name: "Serikzhan Bilash", BirthYear: 1975, Place: "Ghulja"}, true, false},
		{"ten years apart", Record{Name: "Serikzhan Bilash", BirthYear: 1985}, false, true},
		{"id agrees with year", Record{Name: "Serikzhan Bilash", IDNumber: "654002197503120012"}, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := Compare(base, tc.other)
			if got := m.Score >= DefaultThreshold; got != tc.match {
				t.Errorf("match: got %v (%.3f), want %v; %v", got, m.Score, tc.match, m.Reasons)
			}
			if m.CannotLink != tc.cannotLink {
				t.Errorf("cannot-link: got %v, want %v", m.CannotLink, tc.cannotLink)
			}
		})
	}
	a := Record{Name: "Serikzhan Bilash", IDNumber: "654002197503120012"}
	b := Record{Name: "Серікжан Біләш", IDNumber: "654002197503120039"}
	if m := Compare(a, b); !m.CannotLink {
		t.Errorf("different identity numbers: want cannot-link, got %v", m.Reasons)
	}
}

func TestValidPRCID(t *testing.T) {
	for _, tc := range []struct {
		in            string
		ok            bool
		birth, region string
	}{
		{"11010519491231002X", true, "1949-12-31", "110105"},
		{"11010519491231002x", true, "1949-12-31", "110105"},
		{"110105194912310021", false, "", ""},
		{"65010219800101001", false, "", ""},
		{"abc", false, "", ""},
	} {
		ok, birth, region := ValidPRCID(tc.in)
		if ok != tc.ok || birth != tc.birth || region != tc.region {
			t.Errorf("ValidPRCID(%q): got %v %q %q, want %v %q %q", tc.in, ok, birth, region, tc.ok, tc.birth, tc.region)
		}
	}
}

func TestKeysShared(t *testing.T) {
	forms := []string{"Серікжан Біләш", "Serikzhan Bilash", "Серикжан Билаш", "Serıkjan Bıläş", "سەرىكجان ٴبىلاش"}
	base := map[string]bool{}
	for _, k := range Keys(forms[0]) {
		base[k] = true
	}
	for _, f := range forms[1:] {
		shared := false
		for _, k := range Keys(f) {
			shared = shared || base[k]
		}
		if !shared {
			t.Errorf("%s shares no key with %s: %v vs %v", f, forms[0], Keys(f), Keys(forms[0]))
		}
	}
}

func TestIDRegionAgainstPlace(t *testing.T) {
	// 654002: Yining (Ghulja) city, Ili prefecture 6540
	a := Record{Name: "Serikzhan Bilash", IDNumber: "654002197503120012"}
	for _, tc := range []struct {
		place, want string
	}{
		{"伊宁市", "identity number issued in the home place's prefecture"},
		{"库车市", "identity number issued in another prefecture than the home place"},
	} {
		m := Compare(a, Record{Name: "Серікжан Біләш", Place: tc.place})
		if !strings.Contains(strings.Join(m.Reasons, "; "), tc.want) {
			t.Errorf("%s: reasons %v, want %q", tc.place, m.Reasons, tc.want)
		}
	}
}
