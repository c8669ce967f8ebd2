package model

import (
	"fmt"
	"strconv"
	"strings"
)

// Date is a partial date: a year, a month or a day, possibly approximate ("~2018") or a range
// of two such dates ("2017/2018"). Testimonies rarely know more than a year, and a record must
// keep exactly what was said, so tizim never invents a day or month. The zero Date is unknown.
type Date struct {
	Y, M, D int  // M and D are 0 when not known
	Approx  bool // "~"
	To      *Date
}

// ParseDate reads "2018", "2018-03", "2018-03-14", each optionally prefixed with "~",
// or a range "A/B" of two of them with A ≤ B. The empty string is the unknown date.
func ParseDate(s string) (Date, error) {
	if d, ok := parseISO(s); ok {
		return d, nil
	}
	return parseDate(s)
}

// parseDate is ParseDate for every form, the common ones included (TestParseDate* check the
// fast path against it).
func parseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	if a, b, ok := strings.Cut(s, "/"); ok {
		from, err := parseOne(a)
		if err != nil {
			return Date{}, err
		}
		to, err := parseOne(b)
		if err != nil {
			return Date{}, err
		}
		if to.Approx {
			return Date{}, fmt.Errorf("date %q: put ~ before the whole range, not its end", s)
		}
		if compareOne(from, to) > 0 {
			return Date{}, fmt.Errorf("date range %q ends before it starts", s)
		}
		from.To = &to
		return from, nil
	}
	return parseOne(s)
}

// parseISO is the common case of ParseDate without allocating: "YYYY", "YYYY-MM" or
// "YYYY-MM-DD", optionally after "~", in digits only, nothing around it, and a date that
// exists. ok is false for anything else, which ParseDate then reads (and reports on) the
// general way; so parseISO never decides what the general way would not.
func parseISO(s string) (d Date, ok bool) {
	if len(s) > 0 && s[0] == '~' {
		d.Approx = true
		s = s[1:]
	}
	if len(s) != 4 && len(s) != 7 && len(s) != 10 {
		return Date{}, false
	}
	y, ok := digits(s[0:4])
	if !ok || y < 1850 || y > 2200 {
		return Date{}, false
	}
	d.Y = y
	if len(s) == 4 {
		return d, true
	}
	m, ok := digits(s[5:7])
	if s[4] != '-' || !ok || m < 1 || m > 12 {
		return Date{}, false
	}
	d.M = m
	if len(s) == 7 {
		return d, true
	}
	day, ok := digits(s[8:10])
	if s[7] != '-' || !ok || day < 1 || day > daysIn(y, m) {
		return Date{}, false
	}
	d.D = day
	return d, true
}

// digits reads s, made only of ASCII digits.
func digits(s string) (n int, ok bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// daysIn is the number of days of month m (1-12) of year y in the Gregorian calendar.
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func parseOne(s string) (Date, error) {
	var d Date
	orig := s
	if strings.HasPrefix(s, "~") {
		d.Approx = true
		s = s[1:]
	}
	parts := strings.Split(s, "-")
	if len(parts) > 3 || len(parts[0]) != 4 {
		return Date{}, fmt.Errorf("date %q: write YYYY, YYYY-MM or YYYY-MM-DD", orig)
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		if (i > 0 && len(p) != 2) || p == "" {
			return Date{}, fmt.Errorf("date %q: write YYYY, YYYY-MM or YYYY-MM-DD", orig)
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return Date{}, fmt.Errorf("date %q: write YYYY, YYYY-MM or YYYY-MM-DD", orig)
		}
		nums[i] = n
	}
	d.Y = nums[0]
	if d.Y < 1850 || d.Y > 2200 {
		return Date{}, fmt.Errorf("date %q: year %d is out of range", orig, d.Y)
	}
	if len(nums) > 1 {
		d.M = nums[1]
		if d.M < 1 || d.M > 12 {
			return Date{}, fmt.Errorf("date %q: month %d does not exist", orig, d.M)
		}
	}
	if len(nums) > 2 {
		d.D = nums[2]
		if d.D < 1 || d.D > daysIn(d.Y, d.M) {
			return Date{}, fmt.Errorf("date %q: day %d does not exist", orig, d.D)
		}
	}
	return d, nil
}

// MustDate parses s and panics on error; for literals in tests and generators.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d.Y == 0 }

// Precision names how much is known: "year", "month", "day" or "" for unknown.
func (d Date) Precision() string {
	switch {
	case d.Y == 0:
		return ""
	case d.M == 0:
		return "year"
	case d.D == 0:
		return "month"
	}
	return "day"
}

// Year returns the (first) year, 0 when unknown.
func (d Date) Year() int { return d.Y }

// YearOnly keeps only the year and the approximation mark: what a pseudonymous entry may show.
func (d Date) YearOnly() Date {
	if d.IsZero() {
		return d
	}
	return Date{Y: d.Y, Approx: d.Approx || d.To != nil}
}

func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	var b strings.Builder
	if d.Approx {
		b.WriteByte('~')
	}
	writeOne(&b, d)
	if d.To != nil {
		b.WriteByte('/')
		writeOne(&b, *d.To)
	}
	return b.String()
}

func writeOne(b *strings.Builder, d Date) {
	fmt.Fprintf(b, "%04d", d.Y)
	if d.M > 0 {
		fmt.Fprintf(b, "-%02d", d.M)
	}
	if d.D > 0 {
		fmt.Fprintf(b, "-%02d", d.D)
	}
}

// Compare orders dates by their start, less precise first on a tie ("2018" before
// "2018-03"), then by their end; unknown dates sort first. It returns -1, 0 or +1.
func (d Date) Compare(e Date) int {
	if c := compareOne(d, e); c != 0 {
		return c
	}
	de, ee := d.end(), e.end()
	return compareOne(de, ee)
}

func (d Date) end() Date {
	if d.To != nil {
		return *d.To
	}
	return d
}

func compareOne(a, b Date) int {
	for _, p := range [][2]int{{a.Y, b.Y}, {a.M, b.M}, {a.D, b.D}} {
		if p[0] != p[1] {
			if p[0] < p[1] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// MarshalText implements encoding.TextMarshaler.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
