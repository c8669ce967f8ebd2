package transfer

import (
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// XLSXTable reads one sheet of an Excel workbook with excelize's streaming row iterator, so
// the sheet's rows are never all in memory.
type XLSXTable struct {
	f      *excelize.File
	rows   *excelize.Rows
	sheet  string
	header []string
	row    int
}

// OpenXLSX opens a workbook and chooses a sheet by name, or by number (1 is the first);
// the empty string means the first sheet.
func OpenXLSX(r io.Reader, sheet string) (*XLSXTable, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, fmt.Errorf("not an Excel workbook (.xlsx): %w", err)
	}
	sheets := f.GetSheetList()
	name := ""
	if n, err := strconv.Atoi(sheet); err == nil && n >= 1 && n <= len(sheets) {
		name = sheets[n-1]
	}
	for _, s := range sheets {
		if s == sheet {
			name = s
		}
	}
	if sheet == "" && len(sheets) > 0 {
		name = sheets[0]
	}
	if name == "" {
		f.Close()
		return nil, fmt.Errorf("the workbook has no sheet %q (its sheets: %q)", sheet, sheets)
	}
	rows, err := f.Rows(name)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("sheet %q: %w", name, err)
	}
	t := &XLSXTable{f: f, rows: rows, sheet: name}
	h, _, err := t.Next()
	if errors.Is(err, io.EOF) {
		t.Close()
		return nil, fmt.Errorf("sheet %q is empty: its first row must name the columns", name)
	}
	if err != nil {
		t.Close()
		return nil, err
	}
	t.header = append([]string(nil), h...)
	return t, nil
}

// Header implements Table.
func (t *XLSXTable) Header() []string { return t.header }

// Next implements Table. Empty rows are skipped but counted, so row numbers stay the
// sheet's own.
func (t *XLSXTable) Next() ([]string, int, error) {
	for t.rows.Next() {
		t.row++
		cells, err := t.rows.Columns()
		if err != nil {
			return nil, t.row, fmt.Errorf("row %d: %w", t.row, err)
		}
		if len(cells) == 0 {
			continue
		}
		return cells, t.row, nil
	}
	if err := t.rows.Error(); err != nil {
		return nil, t.row, fmt.Errorf("reading sheet %q: %w", t.sheet, err)
	}
	return nil, 0, io.EOF
}

// Describe implements Table.
func (t *XLSXTable) Describe() string { return fmt.Sprintf("Excel workbook, sheet %q", t.sheet) }

// Close releases the workbook's temporary files.
func (t *XLSXTable) Close() error {
	return errors.Join(t.rows.Close(), t.f.Close())
}
