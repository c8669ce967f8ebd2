package transfer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/tizim/tizim/internal/model"
)

// maxLine bounds one JSONL line, so a damaged file cannot make the reader hold gigabytes.
const maxLine = 16 << 20

// JSONLReader reads the lines of a JSONL export (Line values) back into records, with their
// confidential parts when the export carried them.
type JSONLReader struct {
	br   *bufio.Reader
	line int
}

// NewJSONLReader reads from r.
func NewJSONLReader(r io.Reader) *JSONLReader {
	return &JSONLReader{br: bufio.NewReaderSize(r, 1<<20)}
}

// Next returns the next record and its line number, or io.EOF. A line that cannot be read
// returns an error naming the line; the reader can go on with the next one.
func (r *JSONLReader) Next() (model.Record, int, error) {
	b, line, err := r.NextLine()
	if err != nil {
		return nil, line, err
	}
	rec, err := DecodeLine(b)
	if err != nil {
		return nil, line, fmt.Errorf("line %d: %w", line, err)
	}
	return rec, line, nil
}

// NextLine returns the next line that is not blank, undecoded, and its number, or io.EOF.
// The bytes are the caller's to keep.
func (r *JSONLReader) NextLine() ([]byte, int, error) {
	for {
		b, err := r.readLine()
		if err != nil {
			return nil, r.line, err
		}
		if b = bytes.TrimSpace(b); len(b) > 0 {
			return b, r.line, nil
		}
	}
}

// PeekKind returns the kind a line of an export opens with ({"kind":"person",…), without
// decoding the line, or "" when the line does not open so.
func PeekKind(b []byte) model.Kind {
	rest, ok := bytes.CutPrefix(b, []byte(`{"kind":"`))
	if !ok {
		return ""
	}
	end := bytes.IndexByte(rest, '"')
	if end <= 0 || end > 32 || bytes.IndexByte(rest[:end], '\\') >= 0 {
		return ""
	}
	return model.Kind(rest[:end])
}

func (r *JSONLReader) readLine() ([]byte, error) {
	var buf []byte
	for {
		part, err := r.br.ReadSlice('\n')
		buf = append(buf, part...)
		if len(buf) > maxLine {
			r.line++
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = r.br.ReadSlice('\n')
			}
			return nil, fmt.Errorf("line %d is longer than %d MiB", r.line, maxLine>>20)
		}
		switch {
		case err == nil:
			r.line++
			return buf, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF) && len(buf) > 0:
			r.line++
			return buf, nil
		default:
			return nil, err
		}
	}
}

// DecodeLine turns one JSONL line into a record.
func DecodeLine(b []byte) (model.Record, error) {
	if rec := decodeExportLine(b); rec != nil {
		return rec, nil
	}
	return decodeLine(b)
}

// decodeExportLine decodes a line as export writes it — its kind first, then its record and
// confidential part — in one pass over the line, where decodeLine needs two (the line, then
// its record). It returns nil for anything else, which decodeLine then decodes or explains.
func decodeExportLine(b []byte) model.Record {
	kind := PeekKind(b)
	if kind == "" || !plainTopKeys(b) {
		return nil
	}
	rec, err := model.New(kind)
	if err != nil {
		return nil
	}
	var other json.RawMessage
	l := struct {
		Kind   model.Kind `json:"kind"`
		Record any        `json:"record"`
		Secret any        `json:"secret"`
	}{Record: rec, Secret: &other}
	if sr, ok := rec.(model.Secretive); ok {
		l.Secret = sr.SecretPart()
	}
	if err := json.Unmarshal(b, &l); err != nil || l.Kind != kind || l.Record != rec || (len(other) > 0 && string(other) != "null") {
		return nil
	}
	return rec
}

// plainTopKeys reports whether a line is an object whose keys are "kind", "record" with an
// object, and perhaps "secret", each once and spelt plainly: then decoding it in one pass
// gives what decodeLine gives (a repeated key, which decodeLine takes the last of, or one
// that only matches case-insensitively, is left to decodeLine). It does not check the JSON;
// json.Unmarshal does.
func plainTopKeys(b []byte) bool {
	var seen [3]bool
	depth, inStr, esc, start := 0, false, false, -1
	expectKey := false
	for i, c := range b {
		if inStr {
			switch {
			case esc:
				esc = false
			case c == '\\':
				if start >= 0 {
					return false // an escaped top-level key
				}
				esc = true
			case c == '"':
				inStr = false
				if start >= 0 {
					k := string(b[start:i])
					start = -1
					j := slices.Index([]string{"kind", "record", "secret"}, k)
					if j < 0 || seen[j] {
						return false
					}
					seen[j] = true
					if j == 1 && !bytes.HasPrefix(bytes.TrimLeft(b[i+1:], " \t\r\n:"), []byte("{")) {
						return false
					}
				}
			}
			continue
		}
		switch c {
		case '"':
			inStr = true
			if depth == 1 && expectKey {
				start = i + 1
				expectKey = false
			}
		case '{', '[':
			depth++
			expectKey = depth == 1
		case '}', ']':
			depth--
		case ',':
			expectKey = depth == 1
		}
	}
	return seen[0] && seen[1]
}

func decodeLine(b []byte) (model.Record, error) {
	var l Line
	if err := json.Unmarshal(b, &l); err != nil {
		return nil, fmt.Errorf("not a tizim JSONL line: %w", err)
	}
	rec, err := model.New(l.Kind)
	if err != nil {
		return nil, err
	}
	if len(l.Record) == 0 {
		return nil, errors.New(`the line has no "record"`)
	}
	if err := json.Unmarshal(l.Record, rec); err != nil {
		return nil, fmt.Errorf("%s: %w", l.Kind, err)
	}
	if len(l.Secret) > 0 && string(l.Secret) != "null" {
		sr, ok := rec.(model.Secretive)
		if !ok {
			return nil, fmt.Errorf("a %s has no confidential part, but the line carries one", l.Kind)
		}
		if err := json.Unmarshal(l.Secret, sr.SecretPart()); err != nil {
			return nil, fmt.Errorf("%s confidential part: %w", l.Kind, err)
		}
	}
	return rec, nil
}
