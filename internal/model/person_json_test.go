package model

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

// TestPersonAppendJSON compares Person.AppendJSON with json.Marshal on random persons:
// strings that need escaping or not (HTML characters, control characters, invalid UTF-8,
// U+2028), nil and empty lists, zero and set ids, dates of every shape, times in odd zones
// and out of range, evidence items.
func TestPersonAppendJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 2026))
	pieces := []string{"", "a", "Серікжан", "阿布尕力木·阿力皮斯巴伊", "<b>", "<", ">", "&", "\"q\"", `\`, "\n", "\t", "\x01", "\x7f",
		"\xff", "\u2028", "\u2029", "é", "🙂", " ", "synth:12", "kazakh", "O'Brien", "\b\f\r"}
	str := func() string {
		var b []byte
		for range rng.IntN(4) {
			b = append(b, pieces[rng.IntN(len(pieces))]...)
		}
		return string(b)
	}
	id := func() ID {
		var x ID
		if rng.IntN(3) > 0 {
			for i := range x {
				x[i] = byte(rng.IntN(256))
			}
		}
		return x
	}
	date := func() Date {
		switch rng.IntN(6) {
		case 0:
			return Date{}
		case 1:
			return Date{Y: rng.IntN(3000)}
		case 2:
			return Date{Y: 1900 + rng.IntN(130), M: 1 + rng.IntN(12), D: rng.IntN(29), Approx: rng.IntN(2) == 0}
		case 3:
			to := Date{Y: 1990 + rng.IntN(30), M: rng.IntN(13)}
			return Date{Y: 1950 + rng.IntN(30), To: &to}
		case 4:
			return Date{Y: []int{-5, 10000, 123456, 0}[rng.IntN(4)], M: []int{0, 7, 100}[rng.IntN(3)], D: []int{0, 3, 150}[rng.IntN(3)]}
		}
		return Date{M: 1 + rng.IntN(12)}
	}
	zones := []*time.Location{time.UTC, time.FixedZone("x", 5*3600), time.FixedZone("y", -(3*3600 + 30*60)),
		time.FixedZone("s", 3600+17), time.FixedZone("big", 25*3600), time.FixedZone("neg", -24*3600)}
	when := func() time.Time {
		switch rng.IntN(8) {
		case 0:
			return time.Time{}
		case 1:
			return time.Date(10000+rng.IntN(5), 1, 1, 0, 0, 0, 0, time.UTC)
		case 2:
			return time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		return time.Unix(rng.Int64N(4e9), rng.Int64N(1e9)*int64(rng.IntN(2))).In(zones[rng.IntN(len(zones))])
	}
	for i := 0; i < 20000; i++ {
		p := &Person{Meta: Meta{ID: id(), ExternalID: str(), Version: rng.IntN(5) - 1, Created: when(), CreatedBy: str(),
			Updated: when(), UpdatedBy: str(), Synthetic: rng.IntN(2) == 0},
			Gender: Gender(str()), Birth: date(), Ethnicity: Ethnicity(str()), Occupation: str(), Religion: str(),
			Hometown: id(), Status: Status(str()), StatusReason: str(), DetainedOn: date(), LastContact: date(),
			Facility: id(), EvidenceLevel: rng.IntN(7) - 1, Summary: str(), Publication: Publication(str()), PublicCode: str()}
		switch rng.IntN(3) {
		case 1:
			p.Names = []NameForm{}
		case 2:
			for range 1 + rng.IntN(4) {
				p.Names = append(p.Names, NameForm{Text: str(), Script: str(), System: str(), Kind: str(), Given: str(),
					Father: str(), Family: str(), Source: id()})
			}
		}
		switch rng.IntN(3) {
		case 1:
			p.Citizenship = []string{}
		case 2:
			p.Citizenship = []string{str(), str()}
		}
		switch rng.IntN(4) {
		case 1:
			p.EvidenceItems = []Support{}
		case 2:
			p.EvidenceItems = []Support{{Kind: str(), ID: id(), Confidence: rng.Float64()}, {Kind: "source", Confidence: 1e-9}}
		}
		want, werr := json.Marshal(p)
		got, gerr := p.AppendJSON([]byte("prefix"))
		if (werr != nil) != (gerr != nil) {
			t.Fatalf("person %d: error %v, json.Marshal's %v", i, gerr, werr)
		}
		if werr == nil && !bytes.Equal(got, append([]byte("prefix"), want...)) {
			t.Fatalf("person %d:\n got %s\nwant prefix%s", i, got, want)
		}
	}
}

// TestPersonAppendJSONEveryField fills every field of a person, however deep, with a value
// that is not zero, so a field added to Person (or to what it holds) and not taught to
// AppendJSON fails here instead of being dropped from stored records without a word.
func TestPersonAppendJSONEveryField(t *testing.T) {
	var p Person
	fillAll(reflect.ValueOf(&p).Elem(), 0)
	want, err := json.Marshal(&p)
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.AppendJSON(nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("AppendJSON does not write every field json.Marshal does:\n got %s\nwant %s", got, want)
	}
}

// fillAll sets every settable field under v to a value that is not zero.
func fillAll(v reflect.Value, depth int) {
	if v.Type() == reflect.TypeFor[time.Time]() {
		v.Set(reflect.ValueOf(time.Date(2019, 3, 4, 5, 6, 7, 8, time.UTC)))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString("x<" + v.Type().Name())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(3 + depth))
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(7)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(0.25)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Array:
		for i := range v.Len() {
			fillAll(v.Index(i), depth)
		}
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fillAll(s.Index(i), depth+1)
		}
		v.Set(s)
	case reflect.Pointer:
		if depth < 2 {
			n := reflect.New(v.Type().Elem())
			fillAll(n.Elem(), depth+1)
			v.Set(n)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Field(i); f.CanSet() {
				fillAll(f, depth)
			}
		}
	}
}
