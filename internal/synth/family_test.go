package synth

import (
	"testing"

	"github.com/tizim/tizim/internal/model"
)

// TestNewspaperFamily finds, by following relations, exactly one family with 22 members
// inside Xinjiang.
func TestNewspaperFamily(t *testing.T) {
	ref := loadRef(t)
	for _, tt := range []struct {
		persons, want int
	}{{100, 1}, {1000, 1}, {99, 0}} {
		recs := collect(t, ref, tt.persons, 11)
		parent := map[model.ID]model.ID{}
		var find func(model.ID) model.ID
		find = func(x model.ID) model.ID {
			if p, ok := parent[x]; ok && p != x {
				r := find(p)
				parent[x] = r
				return r
			}
			return x
		}
		status := map[model.ID]model.Status{}
		for _, r := range recs {
			switch v := r.(type) {
			case *model.Person:
				parent[v.ID] = v.ID
				status[v.ID] = v.Status
			case *model.Relation:
				parent[find(v.From)] = find(v.To)
			}
		}
		inside := map[model.ID]int{}
		for id, s := range status {
			if s != model.StatusAbroad {
				inside[find(id)]++
			}
		}
		got := 0
		for _, n := range inside {
			if n == newspaperFamily {
				got++
			}
		}
		if got != tt.want {
			t.Errorf("persons %d: got %d families of 22 inside, want %d", tt.persons, got, tt.want)
		}
	}
}

func TestPRCIDs(t *testing.T) {
	ref := loadRef(t)
	n := 0
	for _, r := range collect(t, ref, 2000, 5) {
		p, ok := r.(*model.Person)
		if !ok {
			continue
		}
		for _, d := range p.Secret.IDDocs {
			n++
			num := d.Number
			if len(num) != 18 || prcCheck(num[:17]) != num[17] {
				t.Errorf("%s: bad check digit", num)
			}
			home := ref.Place(p.Hometown)
			if home == nil || num[:6] != home.Code[:6] {
				t.Errorf("%s: region is not the hometown county %v", num, home)
			}
			if b := p.Birth.String(); num[6:10] != b[:4] {
				t.Errorf("%s: birth %s not encoded", num, b)
			}
			if male := (num[16]-'0')%2 == 1; male != (p.Gender == "m") {
				t.Errorf("%s: sequence parity does not match gender %s", num, p.Gender)
			}
		}
	}
	if n < 500 {
		t.Errorf("got %d PRC ids in 2000 persons, want many", n)
	}
	// The example of GB 11643-1999.
	if got := prcCheck("11010519491231002"); got != 'X' {
		t.Errorf("got check %c, want X", got)
	}
}

func TestConsentMix(t *testing.T) {
	ref := loadRef(t)
	recs := collect(t, ref, 5000, 9)
	inside := map[model.ID]bool{}
	level := map[model.ID]model.Publication{}
	var testimonyConsents, withdrawn, consents int
	for _, r := range recs {
		switch v := r.(type) {
		case *model.Person:
			if v.Status != model.StatusAbroad {
				inside[v.ID] = true
			}
			if v.Publication != model.Internal {
				t.Errorf("%s: got publication %s, want internal (derived by the archive)", v.ExternalID, v.Publication)
			}
		case *model.Consent:
			consents++
			if !v.Withdrawn.IsZero() {
				withdrawn++
			}
			if v.SubjectKind == model.KindTestimony {
				testimonyConsents++
			} else if v.OnBehalf {
				level[v.Subject] = v.Level
			}
		}
	}
	var none, pseudo, public int
	for id := range inside {
		switch level[id] {
		case "":
			none++
		case model.Pseudonymous:
			pseudo++
		case model.Public:
			public++
		}
	}
	n := float64(len(inside))
	checks := []struct {
		what     string
		got      float64
		min, max float64
	}{
		{"no consent", float64(none) / n, 0.4, 0.6},
		{"pseudonymous", float64(pseudo) / n, 0.17, 0.3},
		{"public", float64(public) / n, 0.17, 0.3},
		{"withdrawn", float64(withdrawn) / float64(consents), 0.01, 0.08},
	}
	for _, c := range checks {
		if c.got < c.min || c.got > c.max {
			t.Errorf("%s: got %.2f, want %.2f–%.2f", c.what, c.got, c.min, c.max)
		}
	}
	if testimonyConsents == 0 {
		t.Error("got no consent on a testimony")
	}
}

func TestEvidenceLevels(t *testing.T) {
	ref := loadRef(t)
	for _, r := range collect(t, ref, 2000, 4) {
		p, ok := r.(*model.Person)
		if !ok {
			continue
		}
		kinds := map[string]bool{}
		for _, s := range p.EvidenceItems {
			kinds[s.Kind] = true
		}
		switch {
		case p.EvidenceLevel >= 1 && len(p.EvidenceItems) == 0:
			t.Errorf("%s: level %d with nothing to support it", p.ExternalID, p.EvidenceLevel)
		case p.EvidenceLevel == 1 && !kinds["testimony"]:
			t.Errorf("%s: level 1 without a testimony", p.ExternalID)
		case p.EvidenceLevel == 2 && (!kinds["testimony"] || len(p.Secret.IDDocs) == 0):
			t.Errorf("%s: level 2 without testimony and identity document", p.ExternalID)
		case p.EvidenceLevel == 0 && kinds["testimony"]:
			t.Errorf("%s: level 0 despite a testimony", p.ExternalID)
		}
	}
}
