package search

import (
	"reflect"
	"testing"
)

func TestParse(t *testing.T) {
	isPlace := func(w string) bool { return w == "Ghulja" || w == "Altay" }
	tests := []struct {
		in   string
		want Query
	}{
		{"Serikzhan Bilash", Query{Name: "Serikzhan Bilash"}},
		{"Serikzhan Bilash 1975", Query{Name: "Serikzhan Bilash", BirthYear: 1975}},
		{"Serikzhan Bilash b.1975", Query{Name: "Serikzhan Bilash", BirthYear: 1975}},
		{"Serikzhan Bilash born 1975 male", Query{Name: "Serikzhan Bilash", BirthYear: 1975, Gender: "m"}},
		{"Гүлбахар Жәлилқызы әйел camp", Query{Name: "Гүлбахар Жәлилқызы", Gender: "f", Status: "camp"}},
		{"Altay Nurlan", Query{Name: "Altay Nurlan"}},                                  // a given name, not a place
		{"Altay Nurlan Serik", Query{Name: "Nurlan Serik", Places: []string{"Altay"}}}, // two name words remain
		{"Nurlan from Ghulja", Query{Name: "Nurlan", Places: []string{"Ghulja"}}},      // explicit
		{"place:Ghulja Nurlan", Query{Name: "Nurlan", Places: []string{"Ghulja"}}},     // explicit
		{"Nurlan 6501 0219 8001 0112 3X", Query{Name: "Nurlan", Numbers: []string{"65010219800101123X"}}},
		{"+7 (701) 555-12-34", Query{Numbers: []string{"77015551234"}}},
		{"Example Person 3", Query{Name: "Example Person 3", Literals: []string{"3"}}},
		{"status:released year:1980", Query{Status: "released", BirthYear: 1980}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := Parse(tt.in, isPlace)
			tt.want.Raw = tt.in
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
