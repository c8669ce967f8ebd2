package names

import (
	"strings"
	"sync"
)

// Given names that are the same name in another language or a familiar form, which no
// spelling rule connects: Muhammad and Mämät, Yusuf and Jüsip, Ibrahim and Ibırayım,
// Benjamin and Bibi. Each group is written in the phonemic Latin; tokens are looked up by
// their folded key (keys.go), so spelling variants of a group member match too.
var equivalentGroups = []string{
	"muhammad mohammed mohamed muhammed mamet mämät memet mähämmät mukhamed muxamed mehmet",
	"yusuf yusup jüsip jusup yüsüp iosif yosef joseph jose",
	"ibrahim ibrayım ıbırayım ibrayim abraham",
	"ismail ismayil ıysmayıl ismayıl",
	"ahmad ahmed ahmet äxmet axmet ähmät",
	"abdurahman abdırahman abdiraxman abdurraxman abdrahman",
	"fatima patima fatma",
	"zaynab zeynep zäynäp zaynap",
	"maryam meryem mariyam märiyäm maria mari",
	"husayn hüseyin hüsäyin xüseyin gusein",
	"hasan xasan äsän gasan",
	"musa mose moses",
	"isa iso yisa",
	"yaqub yakub jakup yakup jacob",
	"sulayman süleyman süleymen sulaymon",
	"nurlan nurılan",
	"benjamin bibi ben beni",
	"teodor teodore ted edward ed",
	"wiliam wilyam bil wil wiliyam",
	"robert bob rob",
	"aleksandr aleksandar aleksander aleks saşa",
	"mikail mihail mixail mikael maykl mixael migel",
	"ivan juan john jon johan jan iwan yahya",
	"barak barı",
}

var equivalentIndex = sync.OnceValue(func() map[string]int {
	m := map[string]int{}
	for g, line := range equivalentGroups {
		for _, w := range strings.Fields(line) {
			m[foldKey(w)] = g + 1
		}
	}
	return m
})
