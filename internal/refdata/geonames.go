package refdata

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/tizim/tizim/internal/model"
)

// admin2Links maps GeoNames' second-level divisions of Xinjiang to NBS divisions. Each line
// was checked by hand (the GeoNames name and the NBS Chinese name are the same place), and
// both names are checked again at load time, so a changed file drops a link rather than
// making a wrong one. GeoNames admin2 12324192 is not in geonames-admin2-xinjiang.tsv and
// its towns stay without a parent.
var admin2Links = []struct {
	geo, geoName, nbs, nbsName string
}{
	{"6501", "Urumqi Shi", "6501", "乌鲁木齐市"},
	{"6502", "Karamay Shi", "6502", "克拉玛依市"},
	{"6504", "Turpan Diqu", "6504", "吐鲁番市"},
	{"6505", "Kumul Diqu", "6505", "哈密市"},
	{"6523", "Changji Huizu Zizhizhou", "6523", "昌吉回族自治州"},
	{"6527", "Bortala Mongol Zizhizhou", "6527", "博尔塔拉蒙古自治州"},
	{"6528", "Bayingolin Mongol Zizhizhou", "6528", "巴音郭楞蒙古自治州"},
	{"6529", "Aksu Diqu", "6529", "阿克苏地区"},
	{"6530", "Qizilsu", "6530", "克孜勒苏柯尔克孜自治州"},
	{"6531", "Kaxgar Diqu", "6531", "喀什地区"},
	{"6532", "Hotan Diqu", "6532", "和田地区"},
	{"6540", "Ili Kazak Zizhizhou", "6540", "伊犁哈萨克自治州"},
	{"6542", "Tacheng Diqu", "6542", "塔城地区"},
	{"6543", "Altay Diqu", "6543", "阿勒泰地区"},
	// Tumxuk (图木舒克) is a county-level city under the autonomous region, not a
	// prefecture; its towns get the city itself as parent.
	{"8080762", "Tumxuk", "659003", "图木舒克市"},
}

// loadTowns reads GeoNames' towns of over 15,000 people: Xinjiang, then Kazakhstan and
// Kyrgyzstan, where many families now live.
func (s *Set) loadTowns(mk func(string) model.Meta) error {
	parents, err := s.admin2Parents()
	if err != nil {
		return err
	}
	for _, file := range []string{"geonames-cities15000-xinjiang.tsv", "geonames-cities15000-kazakhstan-kyrgyzstan.tsv"} {
		rows, err := readCSV("geonames/"+file, '\t')
		if err != nil {
			return err
		}
		for _, row := range rows {
			lat, err1 := strconv.ParseFloat(row["latitude"], 64)
			lon, err2 := strconv.ParseFloat(row["longitude"], 64)
			if row["geonameid"] == "" || err1 != nil || err2 != nil {
				return fmt.Errorf("%s: bad row %q", file, row["geonameid"])
			}
			p := &model.Place{Meta: mk("geonames:" + row["geonameid"]), Level: "town",
				Names: townNames(row), Lat: lat, Lon: lon}
			if row["country_code"] == "CN" && row["admin1_code"] == "13" {
				p.Parent = parents[row["admin2_code"]]
			}
			s.addPlace(p)
			s.country[p.ID] = row["country_code"]
		}
	}
	return nil
}

// admin2Parents returns GeoNames admin2 code → NBS place id for the links whose names
// both files still agree on.
func (s *Set) admin2Parents() (map[string]model.ID, error) {
	rows, err := readCSV("geonames/geonames-admin2-xinjiang.tsv", '\t')
	if err != nil {
		return nil, err
	}
	geoName := map[string]string{}
	for _, row := range rows {
		geoName[strings.TrimPrefix(row["code"], "CN.13.")] = row["name"]
	}
	out := map[string]model.ID{}
	for _, l := range admin2Links {
		p := s.byCode[l.nbs]
		if p == nil || geoName[l.geo] != l.geoName || p.Name("zh") != l.nbsName {
			continue
		}
		out[l.geo] = p.ID
	}
	return out, nil
}

// townNames keeps every name GeoNames has for the town, each once, the ASCII name first.
func townNames(row map[string]string) []model.PlaceName {
	country := row["country_code"]
	seen := map[string]bool{}
	var out []model.PlaceName
	add := func(text, lang string) {
		text = strings.TrimSpace(text)
		if text == "" || seen[text] {
			return
		}
		seen[text] = true
		out = append(out, model.PlaceName{Text: text, Lang: lang})
	}
	add(row["asciiname"], "en")
	add(row["name"], guessLang(row["name"], country))
	for _, n := range strings.Split(row["alternatenames"], ",") {
		add(n, guessLang(n, country))
	}
	return out
}

// guessLang tags a GeoNames alternate name, which carries no language, by its script and
// the country it is in. It is a guess, and the tags say so where they can: "und-Latn" is a
// Latin name of unknown language, not English.
func guessLang(s, country string) string {
	switch script(s) {
	case "Hani":
		return "zh"
	case "Kana":
		return "ja"
	case "Hang":
		return "ko"
	case "Grek":
		return "el"
	case "Armn":
		return "hy"
	case "Geor":
		return "ka"
	case "Hebr":
		return "he"
	case "Arab":
		if country == "CN" {
			return "ug-Arab"
		}
		return "und-Arab" // Persian, Arabic, Urdu or Kazakh: the script does not say
	case "Cyrl":
		return cyrillicLang(s, country)
	case "Latn":
		return "und-Latn"
	}
	return "und"
}

// cyrillicLang tells Kazakh (ұ, і) from Uyghur Cyrillic (ә ғ қ һ җ without those) from
// Kyrgyz (only ң ө ү) from Russian (none of them); the country settles what letters alone
// cannot.
func cyrillicLang(s, country string) string {
	lower := strings.ToLower(s)
	switch {
	case strings.ContainsAny(lower, "ұі"):
		return "kk"
	case strings.ContainsAny(lower, "әғқһҗ"):
		if country == "CN" {
			return "ug-Cyrl"
		}
		return "kk"
	case strings.ContainsAny(lower, "ңөү"):
		switch country {
		case "KG":
			return "ky"
		case "CN":
			return "ug-Cyrl"
		}
		return "kk"
	}
	return "ru"
}

// script returns the ISO 15924 code of the first letter's script.
func script(s string) string {
	tables := []struct {
		code string
		t    *unicode.RangeTable
	}{
		{"Hani", unicode.Han}, {"Kana", unicode.Hiragana}, {"Kana", unicode.Katakana},
		{"Hang", unicode.Hangul}, {"Grek", unicode.Greek}, {"Armn", unicode.Armenian},
		{"Geor", unicode.Georgian}, {"Hebr", unicode.Hebrew}, {"Arab", unicode.Arabic},
		{"Cyrl", unicode.Cyrillic}, {"Latn", unicode.Latin},
	}
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		for _, t := range tables {
			if unicode.Is(t.t, r) {
				return t.code
			}
		}
		return ""
	}
	return ""
}
