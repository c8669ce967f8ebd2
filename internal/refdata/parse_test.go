package refdata

import (
	"strings"
	"testing"
)

func TestFormatPinyin(t *testing.T) {
	tests := []struct{ syllables, short, want string }{
		{"tian shan", "天山", "Tianshan"},
		{"ka shi shi", "喀什市", "Kashi Shi"},
		{"xi an", "西安", "Xi'an"},
		{"yan er wo", "燕儿窝", "Yan'erwo"},
		{"lv cao", "绿草", "Lücao"},
		{"bai yang jie dao", "白杨街道", "Baiyang Jiedao"},
		{"shi", "市", "Shi"}, // nothing left before the ending: one word
		{"", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := formatPinyin(tt.syllables, tt.short); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestGuessLang(t *testing.T) {
	tests := []struct{ name, country, want string }{
		{"Zepu", "CN", "und-Latn"},
		{"泽普", "CN", "zh"},
		{"پوسكام", "CN", "ug-Arab"},
		{"تخماق", "KG", "und-Arab"},
		{"Якән", "CN", "ug-Cyrl"},
		{"Балықшы", "KG", "kk"},
		{"Балыкчы", "KG", "ru"},
		{"Сүлүктү", "KG", "ky"},
		{"Рыбачье", "KG", "ru"},
		{"トクマク", "KG", "ja"},
		{"토크마크", "KG", "ko"},
		{"თოქმაქი", "KG", "ka"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := guessLang(tt.name, tt.country); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRemarks(t *testing.T) {
	haq := "DOB 10 Oct 1971; POB Chele County; a.k.a. 'ABUDUHAKE'; a.k.a. 'AL-HAQ, 'Abd'; a.k.a. 'SAIMAITI, Abdul'; a.k.a. 'SAIFUDING'."
	if got, want := strings.Join(akas(haq), "|"), "ABUDUHAKE|AL-HAQ, 'Abd|SAIMAITI, Abdul|SAIFUDING"; got != want {
		t.Errorf("akas: got %q, want %q", got, want)
	}
	links := []struct{ remarks, want string }{
		{"Linked To: CHEN, Quanguo.", "CHEN, Quanguo"},
		{"DOB Jan 1962; nationality China; Gender Male; Linked To: XINJIANG PRODUCTION AND CONSTRUCTION CORPS.", "XINJIANG PRODUCTION AND CONSTRUCTION CORPS"},
		{"DOB 1955; POB Pingyu, Henan, China; Gender Male.", ""},
	}
	for _, tt := range links {
		if got := linkedTo(tt.remarks); got != tt.want {
			t.Errorf("linkedTo(%q): got %q, want %q", tt.remarks, got, tt.want)
		}
	}
	ss := sdnSanctions("39417", "GLOMAG] [UHRPA", [16]byte{1})
	if len(ss) != 2 || ss[0].Program != "GLOMAG" || ss[1].Program != "UHRPA" || ss[1].Reference != "SDN 39417" {
		t.Errorf("got %+v, want GLOMAG and UHRPA", ss)
	}
}
