package names

import "strconv"

// qualify adjusts a name score by the other evidence two records carry (ADR 0102). An
// identity number settles the question either way; birth years far apart, with no identity
// number to say otherwise, make two people even when the names agree, because common names
// are shared by many people; gender and home place nudge.
func qualify(a, b *Prepared, m *Match, reasons bool) {
	if a.id != "" && b.id != "" {
		if a.id == b.id {
			m.Score = max(m.Score, 0.5+0.5*m.NameScore, 0.97*min(1, m.NameScore+0.3))
			if reasons {
				m.Reasons = append(m.Reasons, "same identity number")
			}
			return
		}
		if a.idValid && b.idValid || len(a.id) == len(b.id) {
			m.Score = min(m.Score, 0.1)
			m.CannotLink = true
			if reasons {
				m.Reasons = append(m.Reasons, "different identity numbers")
			}
			return
		}
	}
	if a.year != 0 && b.year != 0 {
		dy := a.year - b.year
		if dy < 0 {
			dy = -dy
		}
		switch {
		case dy == 0 && len(a.date) >= 10 && a.date == b.date:
			m.Score += 0.08
			if reasons {
				m.Reasons = append(m.Reasons, "same birth date "+a.date)
			}
		case dy == 0 && len(a.date) >= 10 && len(b.date) >= 10:
			m.Score *= 0.88
			if reasons {
				m.Reasons = append(m.Reasons, "same birth year, different birth dates")
			}
		case dy == 0:
			m.Score += 0.05
			if reasons {
				m.Reasons = append(m.Reasons, "same birth year "+strconv.Itoa(a.year))
			}
		case dy == 1 && len(a.date) >= 10 && len(b.date) >= 10:
			m.Score *= 0.85
			if reasons {
				m.Reasons = append(m.Reasons, "birth dates differ, years one apart")
			}
		case dy == 1:
			m.Score *= 0.97
			if reasons {
				m.Reasons = append(m.Reasons, "birth years one apart")
			}
		case dy <= 4:
			m.Score *= 0.85
			if reasons {
				m.Reasons = append(m.Reasons, "birth years "+strconv.Itoa(dy)+" apart")
			}
		default:
			m.Score *= 0.5
			if reasons {
				m.Reasons = append(m.Reasons, "birth years "+strconv.Itoa(dy)+" apart")
			}
			if dy >= 10 {
				m.CannotLink = true
			}
		}
	}
	if a.gender != 0 && b.gender != 0 && a.gender != b.gender {
		m.Score *= 0.7
		if reasons {
			m.Reasons = append(m.Reasons, "gender differs")
		}
	}
	regionAgainstPlace(a, b, m, reasons)
	regionAgainstPlace(b, a, m, reasons)
	switch {
	case len(a.place) > 0 && len(b.place) > 0:
		if samePlace(a.place, b.place) {
			m.Score += 0.03
			if reasons {
				m.Reasons = append(m.Reasons, "same home place")
			}
		} else {
			m.Score *= 0.85
			if reasons {
				m.Reasons = append(m.Reasons, "different home places")
			}
		}
	case len(a.placeText) > 0 && len(b.placeText) > 0:
		if s := similarity(a.placeText, b.placeText); s >= 0.85 {
			m.Score += 0.02
			if reasons {
				m.Reasons = append(m.Reasons, "home places read alike")
			}
		} else if s < 0.6 {
			m.Score *= 0.85
			if reasons {
				m.Reasons = append(m.Reasons, "home places differ")
			}
		}
	}
}

// CannotLink reports hard evidence that two prepared records are different people:
// different identity numbers, or birth years ten or more apart.
func CannotLink(a, b *Prepared) bool {
	if a.id != "" && b.id != "" && a.id != b.id && (a.idValid && b.idValid || len(a.id) == len(b.id)) {
		return true
	}
	if a.year != 0 && b.year != 0 {
		dy := a.year - b.year
		return dy >= 10 || dy <= -10
	}
	return false
}

// DefaultThreshold is the score at or above which two records are called a match, chosen
// on the peer benchmark and the Kazakh variant set (ADR 0102).
const DefaultThreshold = 0.82

// regionAgainstPlace compares the region coded in a's PRC identity number (its first four
// digits are the prefecture) with b's home place when the gazetteer knows b's place by its
// statistical code.
func regionAgainstPlace(a, b *Prepared, m *Match, reasons bool) {
	if !a.idValid || len(b.place) == 0 || b.idValid {
		return
	}
	g := gazetteerOnce()
	known := false
	for _, i := range b.place {
		code := g.id[i]
		if len(code) < 4 || code[0] < '0' || code[0] > '9' {
			continue
		}
		known = true
		if code[:4] == a.idRegion[:4] {
			m.Score += 0.02
			if reasons {
				m.Reasons = append(m.Reasons, "identity number issued in the home place's prefecture")
			}
			return
		}
	}
	if known {
		m.Score *= 0.95
		if reasons {
			m.Reasons = append(m.Reasons, "identity number issued in another prefecture than the home place")
		}
	}
}
