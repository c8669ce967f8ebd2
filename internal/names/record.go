package names

import (
	"strconv"
	"strings"
)

// Record is what the engine knows about one person for comparison.
type Record struct {
	Name      string   // primary name form
	Forms     []string // other name forms, any script
	BirthYear int      // 0 when unknown
	BirthDate string   // partial date: 1975, 1975-03, 1975-03-14
	Gender    string   // "m", "f" or ""
	Place     string   // home place, any script
	IDNumber  string   // identity document number (PRC resident ID or other)
}

// Prepared is a record analysed once for many comparisons.
type Prepared struct {
	readings  [][]ctoken
	year      int
	date      string // YYYY-MM-DD or shorter
	gender    byte
	place     []int32
	placeText []rune
	id        string
	idValid   bool
	idRegion  string
	father    []rune // stem of the first explicitly marked father's name, if any
	placeWord []rune // placeText when the place is a single word
}

// Prepare analyses a record's name forms and qualifiers.
func Prepare(r Record) *Prepared {
	return prepare(r, resolvePlace)
}

// placeInfo is a resolved home place: gazetteer entries and the folded reading.
type placeInfo struct {
	ids  []int32
	text []rune
	word bool // the place is one word (a town or county name), not a description
}

func resolvePlace(s string) placeInfo {
	r := firstReading(s)
	return placeInfo{lookupPlace(s), []rune(foldKey(strings.Join(r, ""))), len(r) == 1}
}

// PrepareWithKeys is Prepare that also returns the blocking keys of each of the record's
// name forms, from the same analysis: keys[0] is Keys(r.Name) and keys[1+i] is
// Keys(r.Forms[i]), exactly. A caller that needs both (the name index and a comparison, an
// import that files keys and dedupes) reads every form once instead of twice.
func PrepareWithKeys(r Record) (*Prepared, [][]string) {
	keys := make([][]string, 0, 1+len(r.Forms))
	p := prepareForms(r, resolvePlace, func(readings [][]ctoken) { keys = append(keys, keysOf(readings)) })
	return p, keys
}

func prepare(r Record, place func(string) placeInfo) *Prepared {
	return prepareForms(r, place, nil)
}

// prepareForms is prepare; formDone, when not nil, is called with the readings of each name
// form in order (Name, then Forms), blank ones included.
func prepareForms(r Record, place func(string) placeInfo, formDone func([][]ctoken)) *Prepared {
	p := &Prepared{}
	forms := append([]string{r.Name}, r.Forms...)
	for _, f := range forms {
		if strings.TrimSpace(f) == "" {
			if formDone != nil {
				formDone(analyzeReadings(f)) // none, but read as Keys reads it
			}
			continue
		}
		readings := analyzeReadings(f)
		if formDone != nil {
			formDone(readings)
		}
		p.addReadings(readings)
	}
	p.setQualifiers(r, place)
	return p
}

// addReadings adds a name form's readings, up to 2*maxReadings in all.
func (p *Prepared) addReadings(readings [][]ctoken) {
	for _, rd := range readings {
		if len(p.readings) < 2*maxReadings {
			p.readings = append(p.readings, rd)
		}
	}
}

// setQualifiers sets what the name forms' readings say of the father's name, then the record's
// qualifiers.
func (p *Prepared) setQualifiers(r Record, place func(string) placeInfo) {
	for _, rd := range p.readings {
		for _, t := range rd {
			if t.exp && t.role == RolePatronymic && p.father == nil {
				p.father = t.stem
				if len(p.father) == 0 {
					p.father = t.r
				}
			}
		}
	}
	p.date = strings.TrimSpace(strings.TrimLeft(r.BirthDate, "~"))
	p.year = r.BirthYear
	if p.year == 0 && len(p.date) >= 4 {
		p.year, _ = strconv.Atoi(p.date[:4])
	}
	switch strings.ToLower(strings.TrimSpace(r.Gender)) {
	case "m", "male", "man", "ер", "er", "м", "男":
		p.gender = 'm'
	case "f", "female", "woman", "әйел", "äyel", "ж", "女":
		p.gender = 'f'
	}
	if r.Place != "" {
		pi := place(r.Place)
		p.place, p.placeText = pi.ids, pi.text
		if pi.word {
			p.placeWord = pi.text
		}
	}
	p.id = normalizeIDNumber(r.IDNumber)
	if ok, birth, region := ValidPRCID(p.id); ok {
		p.idValid, p.idRegion = true, region
		if p.date == "" || len(p.date) < len(birth) && strings.HasPrefix(birth, p.date) {
			p.date = birth
		}
		if p.year == 0 {
			p.year, _ = strconv.Atoi(birth[:4])
		}
		if p.gender == 0 {
			p.gender = prcIDGender(p.id)[0]
		}
	}
}

func firstReading(s string) []string {
	rd := analyzeReadings(s)
	if len(rd) == 0 {
		return nil
	}
	var ps []string
	for _, t := range rd[0] {
		ps = append(ps, t.p)
	}
	return ps
}

// Match is the result of comparing two records.
type Match struct {
	Score      float64  `json:"score"`       // 0..1
	NameScore  float64  `json:"name_score"`  // the names alone
	Reasons    []string `json:"reasons"`     // human-readable, most important first
	CannotLink bool     `json:"cannot_link"` // hard evidence of two different people
}

// Compare scores two records.
func Compare(a, b Record) Match {
	return ComparePrepared(Prepare(a), Prepare(b))
}

// ComparePrepared scores two prepared records: the best alignment over all their name forms
// and readings, then qualifiers (identity numbers, birth dates, gender, home place).
func ComparePrepared(a, b *Prepared) Match {
	return comparePrepared(a, b, &defaultParams, true)
}

// ComparePreparedMemo is ComparePrepared, remembering in m the similarities of the words
// it compares: the candidates of one search share many words (common given names, the
// readings of one name), and comparing two words is most of a comparison. m is for one
// goroutine at a time; what it holds stays true (a word's number names its spelling for
// good), so it may serve any number of comparisons.
func ComparePreparedMemo(a, b *Prepared, m *Memo) Match {
	p := defaultParams
	p.seen = m
	return comparePrepared(a, b, &p, true)
}

// Memo remembers word similarities for ComparePreparedMemo: a direct-mapped table keyed by
// the two words' numbers (ctoken.num).
type Memo struct {
	ents []memoEntry
}

type memoEntry struct {
	a, b        uint64 // 0: empty
	raw, credit float32
}

const memoSize = 1 << 14 // entries (384 KiB)

// NewMemo returns an empty Memo.
func NewMemo() *Memo { return &Memo{ents: make([]memoEntry, memoSize)} }

func (m *Memo) tokenSim(a, b *ctoken, p *params) (raw, credit float32) {
	e := &m.ents[((a.num*0x9E3779B97F4A7C15)^(b.num*0xC2B2AE3D27D4EB4F))>>(64-14)]
	if e.a == a.num && e.b == b.num {
		return e.raw, e.credit
	}
	raw, credit = tokenSim(a, b, p)
	*e = memoEntry{a.num, b.num, raw, credit}
	return raw, credit
}

// scorePrepared is ComparePrepared without reasons, for the dedupe inner loop: it does not
// allocate.
func scorePrepared(a, b *Prepared) (score float64, cannotLink bool) {
	m := comparePrepared(a, b, &defaultParams, false)
	return m.Score, m.CannotLink
}

func comparePrepared(a, b *Prepared, p *params, reasons bool) Match {
	best := alignment{score: -1}
	var ba, bb []ctoken
	for _, ra := range a.readings {
		for _, rb := range b.readings {
			if al := align(ra, rb, p); al.score > best.score {
				best, ba, bb = al, ra, rb
				if al.score >= 0.999 {
					goto done
				}
			}
		}
	}
done:
	m := Match{}
	if reasons {
		m.Reasons = make([]string, 0, 4) // the name, and mostly up to three qualifiers
	}
	if best.score < 0 {
		if reasons {
			m.Reasons = append(m.Reasons, "no name to compare")
		}
		best.score = 0
	}
	m.NameScore = float64(best.score)
	m.Score = m.NameScore
	if reasons {
		m.Reasons = append(m.Reasons, nameReason(best, ba, bb))
	}
	qualify(a, b, &m, reasons)
	finishScore(&m)
	return m
}

// finishScore clamps a qualified score to [0, 1] and rounds it to four decimals.
func finishScore(m *Match) {
	if m.Score < 0 {
		m.Score = 0
	}
	if m.Score > 1 {
		m.Score = 1
	}
	m.Score = float64(int(m.Score*10000+0.5)) / 10000
}

func nameReason(al alignment, a, b []ctoken) string {
	var buf [192]byte
	s := buf[:0]
	switch {
	case al.score >= 0.999:
		s = append(s, "names read the same"...)
	case al.joined:
		s = append(s, "names agree when written as one word"...)
	case al.score >= 0.8:
		s = append(s, "names read alike"...)
	case al.score >= 0.6:
		s = append(s, "names partly alike"...)
	default:
		s = append(s, "names differ"...)
	}
	s = append(s, " ("...)
	s = appendDescription(s, a)
	s = append(s, " ~ "...)
	s = appendDescription(s, b)
	s = append(s, ", "...)
	s = strconv.AppendFloat(s, float64(al.score), 'f', 2, 64)
	s = append(s, ')')
	if al.patConflict {
		s = append(s, "; fathers' names differ"...)
	}
	if al.unmatched > 0 && !al.joined {
		s = append(s, "; "...)
		s = strconv.AppendInt(s, int64(al.unmatched), 10)
		s = append(s, " unmatched token(s)"...)
	}
	return string(s)
}
