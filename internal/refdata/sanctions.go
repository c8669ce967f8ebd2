package refdata

import (
	"strings"

	"github.com/tizim/tizim/internal/model"
)

const ofacSourceTitle = "US Treasury OFAC Specially Designated Nationals list (2024-05-03 extract)"

// skippedSDN are rows of the extract that match Xinjiang only by a place of birth; they are
// not Xinjiang-abuse designations (see data/NOTICE.md).
var skippedSDN = map[string]bool{
	"11353": true, // HAQ, Abdul (SDGT)
	"30508": true, // IMIRBAKI, Arken (Hong Kong Autonomy Act)
}

// hanSurnames are the family names of the extract's Han officials, and other common ones, so
// that "CHEN, Quanguo" also gets the form "Chen Quanguo" (family first, as Chinese names are
// written) while "ZAKIR, Shohrat" gets "Shohrat Zakir" (given first, as Uyghur names are).
var hanSurnames = map[string]bool{
	"CHEN": true, "WANG": true, "ZHU": true, "SUN": true, "PENG": true, "GAO": true,
	"LI": true, "ZHANG": true, "LIU": true, "YANG": true, "HUANG": true, "ZHAO": true,
	"WU": true, "ZHOU": true, "XU": true, "MA": true, "HU": true, "GUO": true, "HE": true,
	"LIN": true, "LUO": true, "ZHENG": true, "LIANG": true, "XIE": true, "SONG": true,
	"TANG": true, "HAN": true, "FENG": true, "DENG": true, "CAO": true, "XIAO": true,
	"TIAN": true, "DONG": true, "PAN": true, "YUAN": true, "CAI": true, "JIANG": true,
	"YU": true, "DU": true, "YE": true, "CHENG": true, "WEI": true, "SU": true, "LU": true,
	"DING": true, "REN": true, "SHEN": true, "YAO": true, "JIN": true, "CUI": true,
}

// loadSanctions reads the OFAC SDN extract: entities become Organisations, individuals
// Officials, each with its sanctions, linked where a kept row's remarks say "Linked To".
func (s *Set) loadSanctions(mk func(string) model.Meta) error {
	rows, err := readCSV("sanctions/ofac-sdn-xinjiang-20240503.csv", ',')
	if err != nil {
		return err
	}
	src := &model.Source{Meta: mk("refdata:source:ofac-sdn-20240503"), Type: "official_document",
		Title: ofacSourceTitle, Publisher: "US Department of the Treasury, Office of Foreign Assets Control",
		Date: model.Date{Y: 2024, M: 5, D: 3}, Language: "en",
		URL: "https://sanctionslist.ofac.treas.gov/", Published: true}
	s.Sources = append(s.Sources, src)

	orgs := map[string]*model.Organisation{} // SDN name → record
	offs := map[string]*model.Official{}
	var links [][2]string // SDN name, linked SDN name
	for _, row := range rows {
		ent := row["ent_num"]
		if skippedSDN[ent] {
			continue
		}
		name, remarks := sdnValue(row["SDN_Name"]), sdnValue(row["Remarks"])
		sanctions := sdnSanctions(ent, row["Program"], src.ID)
		if t := sdnValue(row["SDN_Type"]); t == "" {
			o := &model.Organisation{Meta: mk("ofac:" + ent), Type: "agency", Sanctions: sanctions,
				Names: []model.PlaceName{{Text: name, Lang: "en"}}}
			orgs[name] = o
			s.Organisations = append(s.Organisations, o)
		} else {
			o := &model.Official{Meta: mk("ofac:" + ent), Title: sdnValue(row["Title"]),
				Names: officialNames(name, remarks, src.ID), Sanctions: sanctions}
			offs[name] = o
			s.Officials = append(s.Officials, o)
		}
		if l := linkedTo(remarks); l != "" {
			links = append(links, [2]string{name, l})
		}
	}
	// "Linked To" runs either way in the list: an official linked to a bureau, or a corps
	// linked to its political commissar. Both mean the official belongs to it.
	for _, l := range links {
		if off, org := offs[l[0]], orgs[l[1]]; off != nil && org != nil {
			off.Organisation = org.ID
		}
	}
	for _, l := range links {
		if org, off := orgs[l[0]], offs[l[1]]; off != nil && org != nil && off.Organisation.IsZero() {
			off.Organisation = org.ID
		}
	}
	return nil
}

// sdnValue returns a field with OFAC's "-0-" (empty) marker removed.
func sdnValue(v string) string {
	v = strings.TrimSpace(v)
	if v == "-0-" {
		return ""
	}
	return v
}

// sdnSanctions splits a Program field such as "GLOMAG] [UHRPA" into one sanction each.
func sdnSanctions(ent, program string, src model.ID) []model.Sanction {
	var out []model.Sanction
	for _, p := range strings.Split(program, "] [") {
		p = strings.Trim(strings.TrimSpace(p), "[]")
		if p == "" {
			continue
		}
		out = append(out, model.Sanction{Authority: "US OFAC", Program: p, Reference: "SDN " + ent, Source: src})
	}
	return out
}

// officialNames returns the name as listed ("CHEN, Quanguo"), the name as written in
// running text ("Chen Quanguo", "Shohrat Zakir"), and every a.k.a. of the remarks.
func officialNames(listed, remarks string, src model.ID) []model.NameForm {
	family, given, _ := strings.Cut(listed, ",")
	family, given = strings.TrimSpace(family), strings.TrimSpace(given)
	out := []model.NameForm{{Text: listed, Script: "Latn", System: "en", Kind: "primary",
		Given: given, Family: family, Source: src}}
	if given != "" {
		fam := titleCase(family)
		f := model.NameForm{Script: "Latn", Given: given, Family: fam, Source: src}
		if hanSurnames[strings.ToUpper(family)] {
			f.Text, f.System, f.Kind = fam+" "+given, "zh-Latn-pinyin", "pinyin"
		} else {
			f.Text, f.System, f.Kind = given+" "+fam, "en", "alias"
		}
		out = append(out, f)
	}
	for _, a := range akas(remarks) {
		out = append(out, model.NameForm{Text: a, Script: "Latn", System: "en", Kind: "alias", Source: src})
	}
	return out
}

// akas parses "a.k.a. 'X'" items out of OFAC remarks. Names may contain apostrophes
// ("AL-HAQ, 'Abd"), so an item ends at the quote before "; " or the final ".".
func akas(remarks string) []string {
	var out []string
	for _, part := range strings.Split(remarks, "; ") {
		part = strings.TrimSpace(part)
		rest, ok := strings.CutPrefix(part, "a.k.a. '")
		if !ok {
			continue
		}
		rest = strings.TrimSuffix(rest, ".")
		rest = strings.TrimSuffix(rest, "'")
		if rest = strings.TrimSpace(rest); rest != "" {
			out = append(out, rest)
		}
	}
	return out
}

// linkedTo returns the name after "Linked To:" in remarks, or "".
func linkedTo(remarks string) string {
	_, after, ok := strings.Cut(remarks, "Linked To: ")
	if !ok {
		return ""
	}
	if i := strings.Index(after, "; "); i >= 0 {
		after = after[:i]
	}
	return strings.TrimSuffix(strings.TrimSpace(after), ".")
}

// titleCase writes an upper-case family name as in running text: "CHEN" → "Chen".
func titleCase(s string) string {
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		r := []rune(w)
		r[0] = []rune(strings.ToUpper(string(r[0])))[0]
		words[i] = string(r)
	}
	return strings.Join(words, " ")
}
