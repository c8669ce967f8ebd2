package names

import (
	"slices"
	"strings"
	"sync"
)

// Packed name forms, for a caller that compares the same stored persons again and again
// (the public search, ADR 0501): analysing a form is the costly part of a comparison and
// makes most of its garbage, and a Prepared kept whole is a few kilobytes, too big to keep
// for every person. A PackedForm is a form's readings with each token a number in one table
// of the tokens packed so far, so a person is a few dozen numbers; an Unpacker turns packed
// forms back into the Prepared that Prepare would make, copying tokens from the table into
// memory it reuses.

// PackedForm is one name form's readings, packed: for each reading its token count, then
// its tokens' numbers in the token table.
type PackedForm []uint32

// tokenIdentity is everything a prepared token is made from (ctoken.num aside): tokens with
// the same identity are the same token.
type tokenIdentity struct {
	p, stem, role, cjk string
	abjad, exp         bool
}

// packedTokens is the table of every token packed. It only grows: its size is the number of
// distinct tokens among the forms packed (the stored forms of an archive's persons), not
// the number of forms.
var packedTokens struct {
	mu   sync.RWMutex
	num  map[tokenIdentity]uint32
	toks []ctoken
}

func internToken(t *ctoken) uint32 {
	k := tokenIdentity{t.p, string(t.stem), t.role, string(t.cjk), t.abjad, t.exp}
	packedTokens.mu.RLock()
	n, ok := packedTokens.num[k]
	packedTokens.mu.RUnlock()
	if ok {
		return n
	}
	packedTokens.mu.Lock()
	defer packedTokens.mu.Unlock()
	if n, ok := packedTokens.num[k]; ok {
		return n
	}
	if packedTokens.num == nil {
		packedTokens.num = map[tokenIdentity]uint32{}
	}
	n = uint32(len(packedTokens.toks))
	c := *t
	c.id = 0 // a Deduper's number, not part of the token
	packedTokens.toks = append(packedTokens.toks, c)
	packedTokens.num[k] = n
	return n
}

// PackForm analyses a name form as Prepare does and packs its readings (nil for a blank
// form, which Prepare skips).
func PackForm(f string) PackedForm {
	if strings.TrimSpace(f) == "" {
		return nil
	}
	rds := analyzeReadings(f)
	n := 0
	for _, rd := range rds {
		n += 1 + len(rd)
	}
	out := make(PackedForm, 0, n)
	for _, rd := range rds {
		out = append(out, uint32(len(rd)))
		for i := range rd {
			out = append(out, internToken(&rd[i]))
		}
	}
	return out
}

// Unpacker makes Prepared records from packed forms in memory it reuses. One goroutine
// uses it at a time, and what Prepare returns is valid until its next call.
type Unpacker struct {
	toks []ctoken
	rds  [][]ctoken
	kept []PackedForm // the token numbers of each reading kept
	p    Prepared
}

// Prepare returns what the package's Prepare returns for
// Record{Name: f0, Forms: f1…, BirthYear: year, Gender: gender}, given the forms packed,
// less the readings that repeat an earlier one. A person's forms in two scripts often read
// the same (Айгүл and Aigül are one reading), and a comparison aligns every reading of one
// side with every reading of the other for the best: a repeated reading never scores above
// its first copy (nor is it the first explicit patronymic), so the match is the same, for
// fewer alignments.
func (u *Unpacker) Prepare(forms []PackedForm, year int, gender string) *Prepared {
	// the readings kept (Prepared keeps the first 2*maxReadings), and their tokens
	n, rds := 0, 0
	for _, f := range forms {
		for i := 0; i < len(f) && rds < 2*maxReadings; i += 1 + int(f[i]) {
			n += int(f[i])
			rds++
		}
	}
	if cap(u.toks) < n {
		u.toks = make([]ctoken, 0, n+n/2)
	}
	// the readings point into u.toks, which must not move while they are made
	toks, readings, kept := u.toks[:0], u.rds[:0], u.kept[:0]
	packedTokens.mu.RLock()
	seen := 0 // readings met, repeated or not: Prepare keeps the first 2*maxReadings
	for _, f := range forms {
		for i := 0; i < len(f) && seen < 2*maxReadings; i += 1 + int(f[i]) {
			seen++
			nums := f[i+1 : i+1+int(f[i])]
			if repeats(kept, nums) {
				continue
			}
			kept = append(kept, nums)
			start := len(toks)
			for _, t := range nums {
				toks = append(toks, packedTokens.toks[t])
			}
			readings = append(readings, toks[start:len(toks):len(toks)])
		}
	}
	packedTokens.mu.RUnlock()
	u.toks, u.rds, u.kept = toks, readings, kept
	u.p = Prepared{readings: readings}
	if len(readings) == 0 {
		u.p.readings = nil // as Prepare leaves a record without readings
	}
	u.p.setQualifiers(Record{BirthYear: year, Gender: gender}, nil)
	return &u.p
}

// repeats reports whether nums is one of kept.
func repeats(kept []PackedForm, nums PackedForm) bool {
	for _, k := range kept {
		if slices.Equal(k, nums) {
			return true
		}
	}
	return false
}
