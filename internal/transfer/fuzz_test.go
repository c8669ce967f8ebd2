package transfer

import (
	"bytes"
	"encoding/json"
	"io"
	"testing"

	"github.com/tizim/tizim/internal/model"
)

// The readers take files from outside: none may panic or loop on any input.

func FuzzOpenCSV(f *testing.F) {
	f.Add([]byte("name,status\nA,camp\n"))
	f.Add([]byte("\xff\xfen\x00a\x00m\x00e\x00\n\x00"))
	f.Add([]byte("\"a\nb\";c\r\n\"unterminated"))
	f.Fuzz(func(t *testing.T, b []byte) {
		tb, err := OpenCSV(bytes.NewReader(b))
		if err != nil {
			return
		}
		c, _ := NewConverter(tb.Header(), nil, nil)
		for range 10000 {
			cells, num, err := tb.Next()
			if err == io.EOF {
				return
			}
			if err == nil {
				c.Convert(cells, num)
			}
		}
	})
}

func FuzzDecodeLine(f *testing.F) {
	f.Add([]byte(`{"kind":"person","record":{"id":"018cc251-f400-7291-aac0-c20afbfc44f2","names":[{"text":"A"}],"status":"camp","publication":"internal"},"secret":{"notes":"x"}}`))
	f.Add([]byte(`{"kind":"consent","record":{}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		rec, err := DecodeLine(b)
		if err == nil {
			rec.Validate()
		}
		// The one-pass decoding of export lines gives what the two-pass one gives.
		if fast := decodeExportLine(b); fast != nil {
			slow, err := decodeLine(b)
			if err != nil {
				t.Fatalf("decoded in one pass, but not in two: %v", err)
			}
			fj, _ := json.Marshal(fast)
			sj, _ := json.Marshal(slow)
			if string(fj) != string(sj) || fast.Kind() != slow.Kind() {
				t.Fatalf("one pass %s %s, two passes %s %s", fast.Kind(), fj, slow.Kind(), sj)
			}
			if fs, ok := fast.(model.Secretive); ok {
				fj, _ := json.Marshal(fs.SecretPart())
				sj, _ := json.Marshal(slow.(model.Secretive).SecretPart())
				if string(fj) != string(sj) {
					t.Fatalf("one pass secret %s, two passes %s", fj, sj)
				}
			}
		}
		r := NewJSONLReader(bytes.NewReader(b))
		for range 1000 {
			if _, _, err := r.Next(); err == io.EOF {
				return
			}
		}
	})
}

func FuzzOpenXLSX(f *testing.F) {
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		x, err := OpenXLSX(bytes.NewReader(b), "")
		if err != nil {
			return
		}
		defer x.Close()
		for range 10000 {
			if _, _, err := x.Next(); err != nil {
				return
			}
		}
	})
}

func FuzzParseLocalDate(f *testing.F) {
	for _, s := range []string{"2018", "14.03.2018", "2018年3月", "около 2018", "2017-2018"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseLocalDate(s)
		if err == nil && !d.IsZero() && (d.Y < 1850 || d.Y > 2200) {
			t.Errorf("%q gave year %d", s, d.Y)
		}
	})
}

func FuzzReadMapping(f *testing.F) {
	f.Add([]byte("column ФИО = name\nvalue status x = camp\n"))
	f.Add([]byte(`{"columns":{"a":"name"}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ReadMapping(bytes.NewReader(b))
		if err == nil {
			Recognise([]string{"a", "ФИО"}, m)
		}
	})
}
