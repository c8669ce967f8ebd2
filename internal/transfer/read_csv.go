package transfer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Table is a spreadsheet read row by row: a header, then rows of cells. Row numbers are the
// ones a spreadsheet program shows (the header is row 1), so a report points at the cell a
// volunteer sees.
type Table interface {
	Header() []string
	// Next returns the next row and its number, or io.EOF after the last one.
	Next() (cells []string, row int, err error)
	// Describe says what was detected (encoding, delimiter, sheet), for the log.
	Describe() string
}

// CSVTable reads a CSV file of any common encoding and delimiter, streaming.
type CSVTable struct {
	cr       *csv.Reader
	header   []string
	row      int
	encoding string
	delim    rune
}

// sniffSize is how much of the file encoding and delimiter detection look at.
const sniffSize = 64 << 10

// OpenCSV detects the encoding (UTF-8 with or without BOM, UTF-16 LE/BE, else Windows-1251)
// and the delimiter (comma, semicolon, tab or bar, whichever the header line uses most,
// outside quotes), then reads the header.
func OpenCSV(r io.Reader) (*CSVTable, error) {
	br := bufio.NewReaderSize(r, sniffSize)
	head, err := br.Peek(sniffSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, fmt.Errorf("reading the file: %w", err)
	}
	name, enc := detectEncoding(head)
	var text io.Reader = br
	if enc != nil {
		text = transform.NewReader(br, enc.NewDecoder())
	}
	tr := bufio.NewReaderSize(text, sniffSize)
	decoded, _ := tr.Peek(sniffSize)
	t := &CSVTable{encoding: name, delim: detectDelimiter(decoded)}
	t.cr = csv.NewReader(tr)
	t.cr.Comma = t.delim
	t.cr.FieldsPerRecord = -1
	t.cr.LazyQuotes = true
	t.cr.ReuseRecord = true
	h, err := t.cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("the file is empty: the first line must name the columns")
	}
	if err != nil {
		return nil, fmt.Errorf("reading the header line: %w", err)
	}
	t.header = append([]string(nil), h...)
	t.row = 1
	return t, nil
}

// detectEncoding looks at the first bytes. A byte-order mark decides; UTF-16 without one is
// recognised by its zero bytes; text that is not valid UTF-8 is taken as Windows-1251, the
// encoding Russian and Kazakh Excel saves CSV in.
func detectEncoding(b []byte) (string, encoding.Encoding) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return "UTF-8 with BOM", unicode.UTF8BOM
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return "UTF-16 LE", unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return "UTF-16 BE", unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
	}
	var even, odd int
	for i := 0; i < len(b) && i < 4096; i++ {
		if b[i] == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	n := min(len(b), 4096)
	switch {
	case n >= 4 && odd > n/8 && even < odd/4:
		return "UTF-16 LE", unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	case n >= 4 && even > n/8 && odd < even/4:
		return "UTF-16 BE", unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	}
	// The sample may end inside a character: ignore up to three trailing bytes.
	valid := utf8.Valid(b)
	for cut := 1; !valid && cut <= 3 && cut < len(b); cut++ {
		valid = utf8.Valid(b[:len(b)-cut])
	}
	if valid {
		return "UTF-8", nil
	}
	return "Windows-1251", charmap.Windows1251
}

// detectDelimiter counts the candidate delimiters on the first line, outside quotes.
func detectDelimiter(b []byte) rune {
	counts := map[byte]int{}
	quoted := false
	for _, c := range b {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if c == '\n' {
			break
		}
		switch c {
		case ',', ';', '\t', '|':
			counts[c]++
		}
	}
	best, bestN := byte(','), 0
	for _, c := range []byte{',', ';', '\t', '|'} {
		if counts[c] > bestN {
			best, bestN = c, counts[c]
		}
	}
	return rune(best)
}

// Header implements Table.
func (t *CSVTable) Header() []string { return t.header }

// Next implements Table.
func (t *CSVTable) Next() ([]string, int, error) {
	rec, err := t.cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, 0, io.EOF
		}
		t.row++
		return nil, t.row, fmt.Errorf("row %d: the file is not valid CSV here: %w", t.row, err)
	}
	t.row++
	return rec, t.row, nil
}

// Describe implements Table.
func (t *CSVTable) Describe() string {
	d := map[rune]string{',': "comma", ';': "semicolon", '\t': "tab", '|': "bar"}[t.delim]
	return fmt.Sprintf("CSV, %s, %s-separated", t.encoding, d)
}
