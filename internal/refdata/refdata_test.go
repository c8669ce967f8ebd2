package refdata

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tizim/tizim/internal/model"
)

func load(t *testing.T) *Set {
	t.Helper()
	s, err := LoadAt(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestCounts(t *testing.T) {
	s := load(t)
	tests := []struct {
		name      string
		got, want int
	}{
		{"prefectures", len(s.Prefectures()), 15},
		{"counties", len(s.Counties()), 108},
		{"townships", len(s.Townships()), 1405},
		{"towns (104 Xinjiang + 110 Kazakhstan/Kyrgyzstan)", len(s.Towns()), 214},
		{"towns in Xinjiang", len(s.TownsIn("CN")), 104},
		{"towns in Kazakhstan and Kyrgyzstan", len(s.TownsIn("KZ")) + len(s.TownsIn("KG")), 110},
		{"facilities", len(s.Facilities), 110},
		{"organisations", len(s.Organisations), 2},
		{"officials", len(s.Officials), 10},
		{"sources", len(s.Sources), 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %d, want %d", tt.got, tt.want)
			}
		})
	}
	if p := s.Province(); p == nil || p.Name("zh") != "新疆维吾尔自治区" {
		t.Errorf("got province %v, want 新疆维吾尔自治区", p)
	}
}

func TestDivisions(t *testing.T) {
	s := load(t)
	tests := []struct {
		code, zh, pinyin, parent, level string
	}{
		{"653101", "喀什市", "Kashi Shi", "6531", "county"},
		{"650102", "天山区", "Tianshan", "6501", "county"},
		{"654021", "伊宁县", "Yining Xian", "6540", "county"},
		{"659003", "图木舒克市", "Tumushuke", "6590", "county"},
		{"650102002", "燕儿窝街道", "Yan'erwo", "650102", "township"},
		// AreaCity has 长胜南街道 under another code: matched by name in its county.
		{"650103013", "长胜南街道", "Changshengnan", "650103", "township"},
		{"6590", "自治区直辖县级行政区划", "", "65", "prefecture"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			p := s.PlaceByCode(tt.code)
			if p == nil {
				t.Fatalf("got no place for %s", tt.code)
			}
			if got := p.Name("zh"); got != tt.zh {
				t.Errorf("got zh %q, want %q", got, tt.zh)
			}
			var py string
			for _, n := range p.Names {
				if n.Lang == "zh-Latn-pinyin" {
					py = n.Text
				}
			}
			if py != tt.pinyin {
				t.Errorf("got pinyin %q, want %q", py, tt.pinyin)
			}
			if got := s.Place(p.Parent); got == nil || got.Code != tt.parent {
				t.Errorf("got parent %v, want %s", got, tt.parent)
			}
			if p.Level != tt.level || p.ValidFrom.String() != "2023" || p.ExternalID != "nbs:"+tt.code {
				t.Errorf("got level %s valid_from %s ext %s", p.Level, p.ValidFrom, p.ExternalID)
			}
		})
	}
}

func TestTownParents(t *testing.T) {
	s := load(t)
	tests := []struct {
		ext, parent string // parent "" when none may be set
	}{
		{"geonames:1280849", "6531"},    // Kashgar
		{"geonames:1529435", "6540"},    // Ghulja / Yining
		{"geonames:12022102", "659003"}, // Tumxuk
		{"geonames:1526384", ""},        // Almaty
	}
	for _, tt := range tests {
		t.Run(tt.ext, func(t *testing.T) {
			p, _ := s.ByExternalID(tt.ext).(*model.Place)
			if p == nil {
				t.Fatalf("got no town %s", tt.ext)
			}
			got := ""
			if q := s.Place(p.Parent); q != nil {
				got = q.Code
			}
			if got != tt.parent {
				t.Errorf("got parent %q, want %q", got, tt.parent)
			}
			if p.Lat == 0 || p.Lon == 0 || p.Names[0].Lang != "en" {
				t.Errorf("got lat %v lon %v first name %v", p.Lat, p.Lon, p.Names[0])
			}
		})
	}
}

func TestFacilities(t *testing.T) {
	s := load(t)
	shule, _ := s.ByExternalID("osm:way/646988930").(*model.Facility)
	if shule == nil || shule.Names[1].Text != "Shule County Legal Education Transformation School" {
		t.Fatalf("got %v, want the Shule County school", shule)
	}
	if p := s.Place(shule.Place); p == nil || p.Code != "653122" {
		t.Errorf("got place %v, want 疏勒县 653122", p)
	}
	unnamed, _ := s.ByExternalID("osm:way/734284752").(*model.Facility)
	if unnamed == nil || unnamed.Names[0].Text != "Re-education camp (OSM way 734284752)" || !unnamed.Place.IsZero() {
		t.Errorf("got %+v, want a descriptive name and no place", unnamed)
	}
	for _, f := range s.Facilities {
		if f.Type != "camp" || len(f.Sources) != 1 || f.Sources[0] != s.Sources[0].ID {
			t.Errorf("%s: got type %q sources %v", f.ExternalID, f.Type, f.Sources)
		}
	}
}

func TestSanctions(t *testing.T) {
	s := load(t)
	chen, _ := s.ByExternalID("ofac:29220").(*model.Official)
	if chen == nil {
		t.Fatal("got no official for CHEN, Quanguo")
	}
	var texts []string
	for _, n := range chen.Names {
		texts = append(texts, n.Text)
	}
	if got, want := strings.Join(texts, "|"), "CHEN, Quanguo|Chen Quanguo"; got != want {
		t.Errorf("got names %q, want %q", got, want)
	}
	if n := chen.Names[0]; n.Family != "CHEN" || n.Given != "Quanguo" {
		t.Errorf("got family %q given %q", n.Family, n.Given)
	}
	ofac := s.ByExternalID("refdata:source:ofac-sdn-20240503").Head().ID
	want := model.Sanction{Authority: "US OFAC", Program: "GLOMAG", Reference: "SDN 29220", Source: ofac}
	if len(chen.Sanctions) != 1 || chen.Sanctions[0] != want {
		t.Errorf("got sanctions %+v, want %+v", chen.Sanctions, want)
	}
	xpcc := s.ByExternalID("ofac:29299").Head().ID
	if chen.Organisation != xpcc {
		t.Errorf("got organisation %v, want XPCC %v", chen.Organisation, xpcc)
	}
	for _, ext := range []string{"ofac:11353", "ofac:30508"} {
		if r := s.ByExternalID(ext); r != nil {
			t.Errorf("got %s loaded, want it skipped", ext)
		}
	}
	for _, r := range s.Records() {
		b, _ := json.Marshal(r)
		if strings.Contains(string(b), "HAQ") || strings.Contains(string(b), "IMIRBAKI") {
			t.Errorf("%s mentions a skipped row", r.Head().ExternalID)
		}
	}
}

func TestRecordsValidAndOrdered(t *testing.T) {
	s := load(t)
	seen := map[model.ID]bool{}
	for _, r := range s.Records() {
		if err := r.Validate(); err != nil {
			t.Errorf("%s: %v", r.Head().ExternalID, err)
		}
		if r.Head().ID.IsZero() || r.Head().ExternalID == "" {
			t.Errorf("got id %v external id %q", r.Head().ID, r.Head().ExternalID)
		}
		for _, dep := range refs(r) {
			if !dep.IsZero() && !seen[dep] {
				t.Errorf("%s refers to %v before it is emitted", r.Head().ExternalID, dep)
			}
		}
		seen[r.Head().ID] = true
	}
}

// refs lists the ids a reference record points at.
func refs(r model.Record) []model.ID {
	switch v := r.(type) {
	case *model.Place:
		return []model.ID{v.Parent}
	case *model.Facility:
		return append([]model.ID{v.Place}, v.Sources...)
	case *model.Organisation:
		return []model.ID{v.Place}
	case *model.Official:
		ids := []model.ID{v.Organisation}
		for _, sn := range v.Sanctions {
			ids = append(ids, sn.Source)
		}
		return ids
	}
	return nil
}

// TestDeterministic loads twice and compares everything but the random IDs, which are
// replaced by the external id of the record they name.
func TestDeterministic(t *testing.T) {
	a, b := canonical(t, load(t)), canonical(t, load(t))
	if len(a) != len(b) {
		t.Fatalf("got %d and %d records", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("record %d differs:\n%s\n%s", i, a[i], b[i])
		}
	}
}

func canonical(t *testing.T, s *Set) []string {
	ext := map[string]string{}
	for _, r := range s.Records() {
		ext[r.Head().ID.String()] = r.Head().ExternalID
	}
	var out []string
	for _, r := range s.Records() {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		j := string(b)
		for id, e := range ext {
			if strings.Contains(j, id) {
				j = strings.ReplaceAll(j, id, e)
			}
		}
		out = append(out, j)
	}
	return out
}
