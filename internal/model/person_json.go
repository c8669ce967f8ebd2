package model

import (
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"
)

// AppendJSON appends json.Marshal(p) to b, byte for byte, without reflection (ADR 0415):
// the store encodes every person it writes, and encoding/json's reflection, text
// marshalers and fmt-formatted dates were a tenth of an import's CPU. Anything this writer
// does not spell out itself — a string that needs escaping, a time outside years
// 0–9999, evidence items (floats) — goes to encoding/json for that value, so the output
// stays json.Marshal's by construction; TestPersonAppendJSON compares the two.
func (p *Person) AppendJSON(b []byte) ([]byte, error) {
	b = append(b, `{"id":`...)
	b = appendID(b, p.ID)
	b = appendOmitEmpty(b, `,"external_id":`, p.ExternalID)
	b = append(b, `,"version":`...)
	b = strconv.AppendInt(b, int64(p.Version), 10)
	var err error
	if b, err = appendTime(append(b, `,"created":`...), p.Created); err != nil {
		return nil, err
	}
	b = appendOmitEmpty(b, `,"created_by":`, p.CreatedBy)
	if b, err = appendTime(append(b, `,"updated":`...), p.Updated); err != nil {
		return nil, err
	}
	b = appendOmitEmpty(b, `,"updated_by":`, p.UpdatedBy)
	if p.Synthetic {
		b = append(b, `,"synthetic":true`...)
	}
	b = append(b, `,"names":`...)
	if p.Names == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range p.Names {
			if i > 0 {
				b = append(b, ',')
			}
			b = p.Names[i].appendJSON(b)
		}
		b = append(b, ']')
	}
	b = appendOmitEmpty(b, `,"gender":`, string(p.Gender))
	b = appendDate(append(b, `,"birth":`...), p.Birth)
	b = appendOmitEmpty(b, `,"ethnicity":`, string(p.Ethnicity))
	if len(p.Citizenship) > 0 {
		b = append(b, `,"citizenship":[`...)
		for i, c := range p.Citizenship {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, c)
		}
		b = append(b, ']')
	}
	b = appendOmitEmpty(b, `,"occupation":`, p.Occupation)
	b = appendOmitEmpty(b, `,"religion":`, p.Religion)
	b = appendID(append(b, `,"hometown":`...), p.Hometown)
	b = appendKey(b, `,"status":`, string(p.Status))
	b = appendOmitEmpty(b, `,"status_reason":`, p.StatusReason)
	b = appendDate(append(b, `,"detained_on":`...), p.DetainedOn)
	b = appendDate(append(b, `,"last_contact":`...), p.LastContact)
	b = appendID(append(b, `,"facility":`...), p.Facility)
	b = append(b, `,"evidence_level":`...)
	b = strconv.AppendInt(b, int64(p.EvidenceLevel), 10)
	if len(p.EvidenceItems) > 0 {
		items, err := json.Marshal(p.EvidenceItems)
		if err != nil {
			return nil, err
		}
		b = append(append(b, `,"evidence_items":`...), items...)
	}
	b = appendOmitEmpty(b, `,"summary":`, p.Summary)
	b = appendKey(b, `,"publication":`, string(p.Publication))
	b = appendOmitEmpty(b, `,"public_code":`, p.PublicCode)
	return append(b, '}'), nil
}

func (n *NameForm) appendJSON(b []byte) []byte {
	b = appendKey(b, `{"text":`, n.Text)
	b = appendOmitEmpty(b, `,"script":`, n.Script)
	b = appendOmitEmpty(b, `,"system":`, n.System)
	b = appendOmitEmpty(b, `,"kind":`, n.Kind)
	b = appendOmitEmpty(b, `,"given":`, n.Given)
	b = appendOmitEmpty(b, `,"father":`, n.Father)
	b = appendOmitEmpty(b, `,"family":`, n.Family)
	b = appendID(append(b, `,"source":`...), n.Source)
	return append(b, '}')
}

func appendKey(b []byte, key, s string) []byte { return appendString(append(b, key...), s) }

// appendOmitEmpty is appendKey for a field tagged omitempty: nothing when s is empty.
func appendOmitEmpty(b []byte, key, s string) []byte {
	if s == "" {
		return b
	}
	return appendKey(b, key, s)
}

// appendString appends s as encoding/json writes a string: as it is when no byte of it
// needs escaping (HTML-safe ASCII, valid UTF-8 other than U+2028 and U+2029), else through
// encoding/json itself.
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
				return appendStringJSON(b, s)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			return appendStringJSON(b, s)
		}
		i += size
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

func appendStringJSON(b []byte, s string) []byte {
	q, _ := json.Marshal(s) // a string always encodes
	return append(b, q...)
}

// appendID appends an ID as its MarshalText does, quoted: "" for the zero ID.
func appendID(b []byte, id ID) []byte {
	if id.IsZero() {
		return append(b, `""`...)
	}
	const hexd = "0123456789abcdef"
	b = append(b, '"')
	for i, x := range id {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b = append(b, '-')
		}
		b = append(b, hexd[x>>4], hexd[x&15])
	}
	return append(b, '"')
}

// appendTime appends t as time.Time's MarshalJSON does (RFC 3339 with nanoseconds, quoted).
func appendTime(b []byte, t time.Time) ([]byte, error) {
	_, off := t.Zone()
	if y := t.Year(); y < 0 || y > 9999 || off%60 != 0 || off <= -24*3600 || off >= 24*3600 {
		q, err := json.Marshal(t) // the error MarshalJSON gives
		return append(b, q...), err
	}
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"'), nil
}

// appendDate appends a Date as its MarshalText does (Date.String), quoted.
func appendDate(b []byte, d Date) []byte {
	if d.IsZero() {
		return append(b, `""`...)
	}
	if !plainDate(d) || d.To != nil && !plainDate(*d.To) {
		return appendString(b, d.String())
	}
	b = append(b, '"')
	if d.Approx {
		b = append(b, '~')
	}
	b = appendOneDate(b, d)
	if d.To != nil {
		b = appendOneDate(append(b, '/'), *d.To)
	}
	return append(b, '"')
}

// plainDate: the parts of d are within what appendOneDate spells as writeOne does.
func plainDate(d Date) bool {
	return d.Y >= 0 && d.Y <= 9999 && d.M >= 0 && d.M <= 99 && d.D >= 0 && d.D <= 99
}

// appendOneDate is writeOne for a plain date: %04d, then -%02d for a month and a day.
func appendOneDate(b []byte, d Date) []byte {
	b = append(b, byte('0'+d.Y/1000), byte('0'+d.Y/100%10), byte('0'+d.Y/10%10), byte('0'+d.Y%10))
	if d.M > 0 {
		b = append(b, '-', byte('0'+d.M/10), byte('0'+d.M%10))
	}
	if d.D > 0 {
		b = append(b, '-', byte('0'+d.D/10), byte('0'+d.D%10))
	}
	return b
}
