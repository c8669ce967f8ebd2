package model

import (
	"encoding/json"
	"testing"

	"pgregory.net/rapid"
)

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in, want, precision string
	}{
		{"", "", ""},
		{"2018", "2018", "year"},
		{"2018-03", "2018-03", "month"},
		{"2018-03-14", "2018-03-14", "day"},
		{"~2018", "~2018", "year"},
		{"~2018-03", "~2018-03", "month"},
		{"2017/2018", "2017/2018", "year"},
		{"~2017-05/2018-01-02", "~2017-05/2018-01-02", "month"},
		{" 2020-02-29 ", "2020-02-29", "day"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			d, err := ParseDate(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := d.String(); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			if got := d.Precision(); got != tc.precision {
				t.Errorf("precision: got %q, want %q", got, tc.precision)
			}
		})
	}
}

func TestParseDateRejects(t *testing.T) {
	for _, in := range []string{"18", "2018-3", "2018-13", "2019-02-29", "2018-00", "2018-01-32",
		"2019/2018", "2018/~2019", "March 2018", "2018-01-01-01", "0000", "-2018", "2018--01", "~", "2018/"} {
		if _, err := ParseDate(in); err == nil {
			t.Errorf("ParseDate(%q): no error", in)
		}
	}
}

func TestDateCompare(t *testing.T) {
	order := []string{"", "2017", "2017/2018", "2018", "~2018", "2018-03", "2018-03-14", "2018-04", "2019"}
	for i := range order {
		for j := range order {
			a, b := MustDate(order[i]), MustDate(order[j])
			got := a.Compare(b)
			want := 0
			switch {
			case i < j:
				want = -1
			case i > j:
				want = 1
			}
			// "2018" and "~2018" sort together: approximation does not move a date.
			if (order[i] == "2018" && order[j] == "~2018") || (order[i] == "~2018" && order[j] == "2018") {
				want = 0
			}
			if got != want {
				t.Errorf("Compare(%q, %q) = %d, want %d", order[i], order[j], got, want)
			}
		}
	}
}

func TestDateRoundTripProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		y := rapid.IntRange(1900, 2100).Draw(t, "y")
		m := rapid.IntRange(0, 12).Draw(t, "m")
		d := 0
		if m > 0 {
			d = rapid.IntRange(0, 28).Draw(t, "d")
		}
		in := Date{Y: y, M: m, D: d, Approx: rapid.Bool().Draw(t, "approx")}
		if rapid.Bool().Draw(t, "range") {
			in.To = &Date{Y: y + rapid.IntRange(1, 5).Draw(t, "span")}
		}
		out, err := ParseDate(in.String())
		if err != nil {
			t.Fatalf("%q: %v", in.String(), err)
		}
		if out.String() != in.String() || out.Compare(in) != 0 {
			t.Fatalf("round trip %q → %q", in.String(), out.String())
		}
		b, _ := json.Marshal(in)
		var back Date
		if err := json.Unmarshal(b, &back); err != nil || back.String() != in.String() {
			t.Fatalf("json round trip %s → %v %v", b, back, err)
		}
	})
}
