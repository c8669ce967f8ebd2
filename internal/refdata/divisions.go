package refdata

import (
	"fmt"
	"strings"

	"github.com/tizim/tizim/internal/model"
)

// nbsValidFrom is the year of the NBS code set the division files come from. Codes are
// reassigned over time, so a code alone does not name a place for good.
var nbsValidFrom = model.Date{Y: 2023}

// englishNames are the English names of divisions whose Chinese name has no pinyin in the
// data and that users look for in English.
var englishNames = map[string]string{
	"65":   "Xinjiang Uyghur Autonomous Region",
	"6590": "County-level cities administered directly by the autonomous region",
}

// loadDivisions reads the province, prefectures, counties and townships (modood, NBS 2023)
// and adds pinyin from AreaCity where that file has the same division.
func (s *Set) loadDivisions(mk func(string) model.Meta) error {
	py, err := loadPinyin()
	if err != nil {
		return err
	}
	levels := []struct {
		file, level, parentCol string
	}{
		{"modood-xj-province.csv", "province", ""},
		{"modood-xj-prefectures.csv", "prefecture", "provinceCode"},
		{"modood-xj-counties.csv", "county", "cityCode"},
		{"modood-xj-townships.csv", "township", "areaCode"},
	}
	for _, l := range levels {
		rows, err := readCSV("admin-divisions/"+l.file, ',')
		if err != nil {
			return err
		}
		for _, row := range rows {
			code, name := row["code"], row["name"]
			if code == "" || name == "" {
				return fmt.Errorf("%s: row without code or name", l.file)
			}
			p := &model.Place{Meta: mk("nbs:" + code), Level: l.level, Code: code,
				ValidFrom: nbsValidFrom, Names: []model.PlaceName{{Text: name, Lang: "zh"}}}
			if l.parentCol != "" {
				parent := s.byCode[row[l.parentCol]]
				if parent == nil {
					return fmt.Errorf("%s: %s: parent %q not loaded", l.file, code, row[l.parentCol])
				}
				p.Parent = parent.ID
			}
			if pin := py.lookup(code, name, row[l.parentCol]); pin != "" {
				p.Names = append(p.Names, model.PlaceName{Text: pin, Lang: "zh-Latn-pinyin"})
			}
			if en := englishNames[code]; en != "" {
				p.Names = append(p.Names, model.PlaceName{Text: en, Lang: "en"})
			}
			s.addPlace(p)
		}
	}
	return nil
}

// areaRow is one AreaCity row: a division's short name and the pinyin of that short name.
type areaRow struct {
	short, pinyin, full, county string
}

// pinyinIndex finds AreaCity's pinyin for an NBS division. AreaCity follows another year's
// code set: most township codes agree, but some were reassigned to other townships, so a
// code only counts when the full Chinese names agree too.
type pinyinIndex struct {
	byCode map[string]areaRow
	byName map[string][]areaRow // county code + full name → rows
}

func loadPinyin() (*pinyinIndex, error) {
	rows, err := readCSV("admin-divisions/areacity-xj-level4-pinyin.csv", ',')
	if err != nil {
		return nil, err
	}
	ix := &pinyinIndex{byCode: map[string]areaRow{}, byName: map[string][]areaRow{}}
	for _, row := range rows {
		// ext_id is the 12-digit statistical code; id is its significant prefix, the
		// same length as the NBS code of that level.
		a := areaRow{short: row["name"], pinyin: row["pinyin"], full: row["ext_name"]}
		if len(row["ext_id"]) >= 6 {
			a.county = row["ext_id"][:6]
		}
		ix.byCode[row["id"]] = a
		if row["deep"] == "3" {
			k := a.county + "|" + a.full
			ix.byName[k] = append(ix.byName[k], a)
		}
	}
	return ix, nil
}

// lookup returns the pinyin for the division code/name (parent is the county code for a
// township), or "" when AreaCity has no row that is certainly the same division.
func (ix *pinyinIndex) lookup(code, name, parent string) string {
	if a, ok := ix.byCode[code]; ok && a.full == name {
		return formatPinyin(a.pinyin, a.short)
	}
	// A township whose code moved: the same full name in the same county is the same
	// township, provided the county has only one of that name.
	if len(code) == 9 {
		if c := ix.byName[parent+"|"+name]; len(c) == 1 {
			return formatPinyin(c[0].pinyin, c[0].short)
		}
	}
	return ""
}

// suffixes are the administrative endings that pinyin orthography writes as a separate,
// capitalised word ("Kashi Shi"), longest first.
var suffixes = []string{"街道", "地区", "片区", "市", "县", "区", "镇", "乡"}

// formatPinyin turns AreaCity's syllables ("ka shi shi" for 喀什市) into the written form
// of a place name: one capitalised word, an apostrophe before a syllable starting with
// a, o or e ("Xi'an"), and an administrative ending split off ("Kashi Shi").
func formatPinyin(syllables, short string) string {
	// AreaCity writes ü as v (lv); v is no other pinyin letter.
	syl := strings.Fields(strings.ReplaceAll(syllables, "v", "ü"))
	if len(syl) == 0 {
		return ""
	}
	words := [][]string{syl}
	if runes := []rune(short); len(runes) == len(syl) {
		for _, suf := range suffixes {
			n := len([]rune(suf))
			if strings.HasSuffix(short, suf) && len(syl) > n {
				words = [][]string{syl[:len(syl)-n], syl[len(syl)-n:]}
				break
			}
		}
	}
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		for j, s := range w {
			if j > 0 && strings.ContainsRune("aoe", rune(s[0])) {
				b.WriteByte('\'')
			}
			if j == 0 {
				s = strings.ToUpper(s[:1]) + s[1:]
			}
			b.WriteString(s)
		}
	}
	return b.String()
}
