package transfer

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"
)

// Report writes import problems as they are found, as CSV (file, row, column, code, level,
// message) or as a JSON array, and counts them. A nil writer only counts.
type Report struct {
	w        io.Writer
	cw       *csv.Writer
	json     bool
	n        int
	Errors   int
	Warnings int
	// Rows with errors, counted once each.
	BadRows int
	lastBad int
	First   []Problem // the first problems, for the terminal
	// File is written in the report's file column, for reports over several files.
	File string
}

// NewReport writes to w as JSON when asJSON, else CSV.
func NewReport(w io.Writer, asJSON bool) *Report {
	r := &Report{w: w, json: asJSON}
	if w != nil && !asJSON {
		r.cw = csv.NewWriter(w)
		r.cw.Write([]string{"file", "row", "column", "code", "level", "message"})
	}
	return r
}

// ReportIsJSON says whether a report file name asks for JSON.
func ReportIsJSON(path string) bool { return strings.HasSuffix(strings.ToLower(path), ".json") }

// Add records problems.
func (r *Report) Add(ps ...Problem) error {
	for _, p := range ps {
		if p.Warning {
			r.Warnings++
		} else {
			r.Errors++
			if p.Row != r.lastBad {
				r.BadRows++
				r.lastBad = p.Row
			}
		}
		if len(r.First) < 20 {
			r.First = append(r.First, p)
		}
		if r.w == nil {
			continue
		}
		level := "error"
		if p.Warning {
			level = "warning"
		}
		if r.cw != nil {
			if err := writeRow(r.cw, []string{r.File, strconv.Itoa(p.Row), p.Column, p.Code, level, p.Message}); err != nil {
				return err
			}
			continue
		}
		b, err := json.Marshal(struct {
			File string `json:"file"`
			Problem
			Level string `json:"level"`
		}{r.File, p, level})
		if err != nil {
			return err
		}
		sep := ",\n"
		if r.n == 0 {
			sep = "[\n"
		}
		r.n++
		if _, err := io.WriteString(r.w, sep+string(b)); err != nil {
			return err
		}
	}
	return nil
}

// Close finishes the report.
func (r *Report) Close() error {
	if r.w == nil {
		return nil
	}
	if r.cw != nil {
		r.cw.Flush()
		return r.cw.Error()
	}
	end := "\n]\n"
	if r.n == 0 {
		end = "[]\n"
	}
	_, err := io.WriteString(r.w, end)
	return err
}
