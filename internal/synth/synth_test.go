package synth

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/refdata"
)

var testNow = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

func loadRef(t testing.TB) *refdata.Set {
	t.Helper()
	ref, err := refdata.LoadAt(testNow)
	if err != nil {
		t.Fatal(err)
	}
	return ref
}

func collect(t testing.TB, ref *refdata.Set, persons int, seed uint64) []model.Record {
	t.Helper()
	var out []model.Record
	err := Generate(Options{Persons: persons, Seed: seed, Now: testNow}, ref, func(r model.Record) error {
		out = append(out, r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func count(recs []model.Record) map[model.Kind]int {
	n := map[model.Kind]int{}
	for _, r := range recs {
		n[r.Kind()]++
	}
	return n
}

func TestValidAndOrdered(t *testing.T) {
	ref := loadRef(t)
	for seed := uint64(1); seed <= 5; seed++ {
		recs := collect(t, ref, 300, seed)
		seen := map[model.ID]bool{}
		for _, r := range recs {
			h := r.Head()
			if err := r.Validate(); err != nil {
				t.Errorf("seed %d %s: %v", seed, h.ExternalID, err)
			}
			if !h.Synthetic || !strings.HasPrefix(h.ExternalID, "synth:") || h.CreatedBy != "synth" || !h.Created.Equal(testNow) {
				t.Errorf("seed %d: got meta %+v", seed, h)
			}
			if seen[h.ID] {
				t.Errorf("seed %d: duplicate id %v", seed, h.ID)
			}
			for _, id := range dependsOn(r) {
				if !seen[id] && ref.Place(id) == nil && !isRef(ref, id) {
					t.Errorf("seed %d: %s %s refers to %v before it is emitted", seed, r.Kind(), h.ExternalID, id)
				}
			}
			seen[h.ID] = true
		}
		if got := count(recs)[model.KindPerson]; got != 300 {
			t.Errorf("seed %d: got %d persons, want 300", seed, got)
		}
	}
}

func isRef(ref *refdata.Set, id model.ID) bool {
	for _, f := range ref.Facilities {
		if f.ID == id {
			return true
		}
	}
	for _, o := range ref.Organisations {
		if o.ID == id {
			return true
		}
	}
	return false
}

// dependsOn lists the records r refers to that must come before it.
func dependsOn(r model.Record) []model.ID {
	switch v := r.(type) {
	case *model.Relation:
		return []model.ID{v.From, v.To}
	case *model.Testimony:
		return append([]model.ID{v.Testifier}, v.About...)
	case *model.Event:
		ids := append([]model.ID(nil), v.Persons...)
		for _, s := range v.Support {
			ids = append(ids, s.ID)
		}
		return ids
	case *model.Consent:
		return []model.ID{v.Subject, v.GivenBy}
	case *model.Action:
		return v.About
	}
	return nil
}

func TestDeterministic(t *testing.T) {
	ref := loadRef(t)
	a, b, c := dump(t, collect(t, ref, 500, 7)), dump(t, collect(t, ref, 500, 7)), dump(t, collect(t, ref, 500, 8))
	if !bytes.Equal(a, b) {
		t.Error("same seed: got different archives")
	}
	if bytes.Equal(a, c) {
		t.Error("different seeds: got the same archive")
	}
}

// dump encodes records with their confidential parts, which JSON of the record omits.
func dump(t *testing.T, recs []model.Record) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for _, r := range recs {
		var secret any
		switch v := r.(type) {
		case *model.Person:
			secret = v.Secret
		case *model.Testimony:
			secret = v.Secret
		}
		if err := enc.Encode([]any{r, secret}); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

func TestScales(t *testing.T) {
	ref := loadRef(t)
	small, large := count(collect(t, ref, 400, 3)), count(collect(t, ref, 4000, 3))
	if small[model.KindPerson] != 400 || large[model.KindPerson] != 4000 {
		t.Fatalf("got %d and %d persons, want 400 and 4000", small[model.KindPerson], large[model.KindPerson])
	}
	for _, k := range []model.Kind{model.KindRelation, model.KindTestimony, model.KindEvent, model.KindSource,
		model.KindAction, model.KindConsent} {
		ratio := float64(large[k]) / float64(max(small[k], 1))
		if ratio < 6 || ratio > 14 {
			t.Errorf("%s: got %d then %d (×%.1f), want about ×10", k, small[k], large[k], ratio)
		}
	}
}

func TestSmallRuns(t *testing.T) {
	ref := loadRef(t)
	for _, n := range []int{0, 1, 2, 3, 7, 99, 100} {
		recs := collect(t, ref, n, 1)
		if got := count(recs)[model.KindPerson]; got != n {
			t.Errorf("persons %d: got %d", n, got)
		}
		for _, r := range recs {
			if err := r.Validate(); err != nil {
				t.Errorf("persons %d: %v", n, err)
			}
		}
	}
}
