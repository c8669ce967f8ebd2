package model

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// sameAsRef fails unless ParseDate, with its fast path, and parseDate, the general way,
// answer alike for s.
func sameAsRef(t interface{ Fatalf(string, ...any) }, s string) {
	got, err := ParseDate(s)
	want, werr := parseDate(s)
	if !reflect.DeepEqual(got, want) || (err == nil) != (werr == nil) || err != nil && err.Error() != werr.Error() {
		t.Fatalf("ParseDate(%q) = %+v, %v; the reference gives %+v, %v", s, got, err, want, werr)
	}
}

// TestParseDateEveryDay compares every year, month and day around the valid ranges
// (months 00-13, days 00-32, leap and non-leap Februaries, years 1849-2201).
func TestParseDateEveryDay(t *testing.T) {
	for y := 1849; y <= 2201; y++ {
		ys := fmt.Sprintf("%04d", y)
		sameAsRef(t, ys)
		sameAsRef(t, "~"+ys)
		for m := 0; m <= 13; m++ {
			ym := fmt.Sprintf("%s-%02d", ys, m)
			sameAsRef(t, ym)
			sameAsRef(t, "~"+ym)
			for d := 0; d <= 32; d++ {
				sameAsRef(t, fmt.Sprintf("%s-%02d", ym, d))
				sameAsRef(t, fmt.Sprintf("~%s-%02d", ym, d))
			}
		}
	}
	for _, s := range []string{"", "~", "~~2018", "0000", "9999", "+018", "2018-+1", "2018-1-01",
		"2018-01-+1", "2018-01-1 ", " 2018", "2018 ", "\t2018-02-28\n", "2018-02-2x", "2o18",
		"2018/2019", "~2018/2019-01", "2019/2018", "2018-01-01-01", "2018_01", "2018-01_01", "１９９０"} {
		sameAsRef(t, s)
	}
}

// TestParseDateLikeRef compares random strings of date characters, and random dates near
// the edges with random decorations.
func TestParseDateLikeRef(t *testing.T) {
	chars := []rune("0123456789-~/ +\tabxé年")
	rapid.Check(t, func(rt *rapid.T) {
		var s string
		if rapid.Bool().Draw(rt, "free") {
			s = string(rapid.SliceOfN(rapid.SampledFrom(chars), 0, 24).Draw(rt, "runes"))
		} else {
			one := func(label string) string {
				y := rapid.OneOf(rapid.IntRange(1845, 2205), rapid.IntRange(0, 9999)).Draw(rt, label+"y")
				parts := []string{fmt.Sprintf("%04d", y)}
				if rapid.Bool().Draw(rt, label+"ymd") {
					parts = append(parts, fmt.Sprintf("%02d", rapid.IntRange(0, 13).Draw(rt, label+"m")))
					if rapid.Bool().Draw(rt, label+"d") {
						parts = append(parts, fmt.Sprintf("%02d", rapid.IntRange(0, 32).Draw(rt, label+"dd")))
					}
				}
				if rapid.IntRange(0, 9).Draw(rt, label+"odd") == 0 {
					i := rapid.IntRange(0, len(parts)-1).Draw(rt, label+"i")
					parts[i] = strconv.Itoa(rapid.IntRange(-5, 100).Draw(rt, label+"v"))
				}
				sep := rapid.SampledFrom([]string{"-", "-", "-", "/", " ", "--"}).Draw(rt, label+"sep")
				return rapid.SampledFrom([]string{"", "", "~", " ", "~ "}).Draw(rt, label+"pre") + strings.Join(parts, sep)
			}
			s = one("a")
			if rapid.IntRange(0, 3).Draw(rt, "range") == 0 {
				s += "/" + one("b")
			}
			s = rapid.SampledFrom([]string{"", " ", "\t"}).Draw(rt, "lead") + s + rapid.SampledFrom([]string{"", " ", "\n"}).Draw(rt, "trail")
		}
		sameAsRef(rt, s)
	})
}

// TestDaysIn checks the month lengths against the time package over the whole year range.
func TestDaysIn(t *testing.T) {
	for y := 1800; y <= 2400; y++ {
		for m := 1; m <= 12; m++ {
			if got, want := daysIn(y, m), time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day(); got != want {
				t.Fatalf("%d-%02d: %d days, want %d", y, m, got, want)
			}
		}
	}
}

func TestParseDateAllocs(t *testing.T) {
	for _, s := range []string{"2018", "~2018", "2018-03", "2018-03-14"} {
		if n := testing.AllocsPerRun(100, func() { ParseDate(s) }); n != 0 {
			t.Errorf("ParseDate(%q): %v allocations", s, n)
		}
	}
}

func BenchmarkParseDate(b *testing.B) {
	in := []string{"2018", "1956-07", "2021-12-27", "~2019"}
	b.Run("new", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			ParseDate(in[i%len(in)])
		}
	})
	b.Run("general", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			parseDate(in[i%len(in)])
		}
	})
}
