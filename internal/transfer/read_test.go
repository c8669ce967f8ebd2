package transfer

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/tizim/tizim/internal/model"
)

func utf16(s string, order unicode.Endianness, bom unicode.BOMPolicy) []byte {
	b, err := unicode.UTF16(order, bom).NewEncoder().Bytes([]byte(s))
	if err != nil {
		panic(err)
	}
	return b
}

func TestOpenCSVEncodingsAndDelimiters(t *testing.T) {
	text := "ФИО;Туған жылы\r\n\"Әбуғалым Алпысбай\";03.2018\r\n\"Айжан\nӘшім\";2018\r\n"
	w1251, _ := charmap.Windows1251.NewEncoder().String(strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(text, "ә", "а"), "Ә", "А"), "ұ", "у"), "ғ", "г"), "ш", "ш"))
	for _, tc := range []struct {
		name, enc string
		in        []byte
		delim     string
	}{
		{"utf8", "UTF-8", []byte(text), "semicolon"},
		{"bom", "UTF-8 with BOM", append([]byte{0xEF, 0xBB, 0xBF}, text...), "semicolon"},
		{"utf16le bom", "UTF-16 LE", utf16(text, unicode.LittleEndian, unicode.UseBOM), "semicolon"},
		{"utf16be bom", "UTF-16 BE", utf16(text, unicode.BigEndian, unicode.UseBOM), "semicolon"},
		{"utf16le no bom", "UTF-16 LE", utf16(text, unicode.LittleEndian, unicode.IgnoreBOM), "semicolon"},
		{"windows-1251", "Windows-1251", []byte(w1251), "semicolon"},
		{"tab", "UTF-8", []byte(strings.ReplaceAll(text, ";", "\t")), "tab"},
		{"comma", "UTF-8", []byte(strings.ReplaceAll(text, ";", ",")), "comma"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tb, err := OpenCSV(bytes.NewReader(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if got, want := tb.Describe(), "CSV, "+tc.enc+", "+tc.delim+"-separated"; got != want {
				t.Errorf("got %q, want %q", got, want)
			}
			if got := tb.Header(); len(got) != 2 || got[0] != "ФИО" || got[1] != "Туған жылы" && tc.enc != "Windows-1251" {
				t.Errorf("header: got %q", got)
			}
			var rows [][]string
			for {
				cells, num, err := tb.Next()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				if want := len(rows) + 2; num != want {
					t.Errorf("row number: got %d, want %d", num, want)
				}
				rows = append(rows, append([]string(nil), cells...))
			}
			if len(rows) != 2 || !strings.Contains(rows[1][0], "\n") || rows[0][1] != "03.2018" {
				t.Errorf("rows: got %q", rows)
			}
		})
	}
}

func TestParseLocalDate(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"2018", "2018"}, {"03.2018", "2018-03"}, {"14.03.2018", "2018-03-14"}, {"2018年3月", "2018-03"},
		{"2018年3月14日", "2018-03-14"}, {"2018-03", "2018-03"}, {"2018/3/14", "2018-03-14"}, {"14/03/2018", "2018-03-14"},
		{"3.2018", "2018-03"}, {"2017-2018", "2017/2018"}, {"около 2018", "~2018"}, {"~2018", "~2018"}, {"2018 г.", "2018"},
		{"", ""},
	} {
		d, err := ParseLocalDate(tc.in)
		if err != nil {
			t.Errorf("ParseLocalDate(%q): %v", tc.in, err)
			continue
		}
		if got := d.String(); got != tc.want {
			t.Errorf("ParseLocalDate(%q): got %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, in := range []string{"31.02.2018", "13.2018", "March", "18", "2018年13月"} {
		if _, err := ParseLocalDate(in); err == nil {
			t.Errorf("ParseLocalDate(%q): no error", in)
		}
	}
}

func TestVocabAndHeaders(t *testing.T) {
	m := &Mapping{Values: map[string]map[string]string{"status": {"в спецлагере": "camp"}}}
	for _, tc := range []struct{ field, in, want string }{
		{"status", "В лагере", "camp"}, {"status", "в спецлагере", "camp"}, {"status", "失踪", "disappeared"},
		{"ethnicity", "Қазақ", "kazakh"}, {"ethnicity", "维吾尔族", "uyghur"}, {"gender", "Ж", "f"}, {"gender", "男", "m"},
		{"kinship", "Father", "parent"}, {"kinship", "жена", "spouse"}, {"status", "forced_labour", "forced_labour"},
	} {
		got, ok := m.Vocab(tc.field, tc.in)
		if !ok || got != tc.want {
			t.Errorf("Vocab(%s, %q): got %q %t, want %q", tc.field, tc.in, got, ok, tc.want)
		}
	}
	if got, ok := m.Vocab("status", "on holiday"); ok {
		t.Errorf("unknown status mapped to %q", got)
	}
	got := Recognise([]string{"Аты-жөні", "ФИО", "姓名", "Name", "Туған жылы", "Год рождения", "出生日期", "Favourite colour"}, nil)
	want := []string{"name", "name", "name", "name", "birth_date", "birth_date", "birth_date", ""}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("Recognise: got %q, want %q", got, want)
	}
}

func TestReadMapping(t *testing.T) {
	lines := "# test\ncolumn Толық аты = name\nvalue status ұсталды = detained\nvalue status empty = \noption split_names = true\n"
	js := `{"columns": {"Толық аты": "name"}, "values": {"status": {"ұсталды": "detained"}}, "split_names": true}`
	for _, in := range []string{lines, js} {
		m, err := ReadMapping(strings.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		if m.Columns["Толық аты"] != "name" || !m.SplitNames {
			t.Errorf("got %+v", m)
		}
		if got, _ := m.Vocab("status", "Ұсталды"); got != "detained" {
			t.Errorf("value mapping: got %q", got)
		}
	}
	for _, bad := range []string{"column X = nonsense\n", "value status x = jail\n", "frobnicate x = y\n", "{"} {
		if _, err := ReadMapping(strings.NewReader(bad)); err == nil {
			t.Errorf("ReadMapping(%q): no error", bad)
		}
	}
}

func TestConvert(t *testing.T) {
	header := []string{"id", "ФИО", "Пол", "Год рождения", "Статус", "Родина", "Согласие", "Цвет"}
	c, hp := NewConverter(header, nil, nil)
	if len(hp) != 1 || hp[0].Code != "unknown_column" || !hp[0].Warning {
		t.Errorf("header problems: got %+v", hp)
	}
	row, probs := c.Convert([]string{"A-1", "Әбуғалым Алпысбай", "м", "1953", "в лагере", "", "public", "red"}, 2)
	if row == nil || row.Person.Status != "camp" || row.Person.Gender != "m" || row.Person.Birth.String() != "1953" || row.Person.ExternalID != "A-1" {
		t.Fatalf("got %+v %+v", row, probs)
	}
	if len(probs) != 1 || probs[0].Code != "consent_not_applied" {
		t.Errorf("problems: got %+v, want one consent warning", probs)
	}
	row, probs = c.Convert([]string{"A-2", "", "x", "31.02.2018", "on holiday", "Nowhere", "", ""}, 3)
	codes := map[string]bool{}
	for _, p := range probs {
		codes[p.Code] = true
	}
	for _, want := range []string{"unknown_value", "bad_date", "unknown_hometown", "missing_name"} {
		if !codes[want] {
			t.Errorf("missing problem %s in %+v", want, probs)
		}
	}
	if row != nil {
		t.Errorf("a row with errors was converted: %+v", row)
	}
	if k1, k2 := RowKey([]string{"a", "b"}), RowKey([]string{"a ", "b"}); k1 != k2 {
		t.Errorf("row keys differ on spaces: %s %s", k1, k2)
	}
}

// TestDecodeExportLine checks that the one-pass decoding of export lines gives exactly the
// records of the two-pass one, and leaves every other line to it.
func TestDecodeExportLine(t *testing.T) {
	lines := []string{
		`{"kind":"person","record":{"id":"0190a0b0-0000-7000-8000-000000000001","version":3,"names":[{"text":"Ali Valiev","script":"Latn","kind":"primary","given":"Ali","family":"Valiev"}],"status":"detained"},"secret":{"contacts":[{"kind":"phone","value":"+7 701 555 12 34"}]}}`,
		`{"kind":"consent","record":{"id":"0190a0b0-0000-7000-8000-000000000002","subject":"0190a0b0-0000-7000-8000-000000000001","subject_kind":"person","level":"public","date":"2018-02-08","withdrawn":""},"secret":null}`,
		`{"kind":"relation","record":{"id":"0190a0b0-0000-7000-8000-000000000003"},"secret":{"x":1}}`,
		`{"kind":"person","record":null}`,
		`{"kind":"person"}`,
		`{"kind":"persona","record":{}}`,
		`{"record":{"id":"0190a0b0-0000-7000-8000-000000000004"},"kind":"person"}`,
		`{"kind":"person","record":{"id":"0190a0b0-0000-7000-8000-000000000005"},"kind":"event"}`,
		`{"kind":"person","record":{"id":42}}`,
	}
	for _, l := range lines {
		want, werr := decodeLine([]byte(l))
		got, gerr := DecodeLine([]byte(l))
		if (werr == nil) != (gerr == nil) || (werr != nil && werr.Error() != gerr.Error()) {
			t.Errorf("%s: error %v, want %v", l, gerr, werr)
			continue
		}
		if werr != nil {
			continue
		}
		wj, _ := json.Marshal(want)
		gj, _ := json.Marshal(got)
		if string(wj) != string(gj) || got.Kind() != want.Kind() {
			t.Errorf("%s: got %s %s, want %s %s", l, got.Kind(), gj, want.Kind(), wj)
		}
		if ws, ok := want.(model.Secretive); ok {
			wj, _ := json.Marshal(ws.SecretPart())
			gj, _ := json.Marshal(got.(model.Secretive).SecretPart())
			if string(wj) != string(gj) {
				t.Errorf("%s: secret %s, want %s", l, gj, wj)
			}
		}
	}
	if decodeExportLine([]byte(lines[0])) == nil {
		t.Error("an export line was not decoded in one pass")
	}
}
