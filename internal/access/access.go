// Package access decides what may leave the archive. It derives publication levels from
// consent records and computes the public projection of a person: an allow-list of fields
// per level, built field by field into types that have no place for anything else.
//
// Every public output (pages, the public API, open-data exports, statistics) reads through
// this package; nothing else builds a public view. It never reads a record's confidential
// part (model.Secretive), so no public value can come from it.
package access

import (
	"slices"

	"github.com/tizim/tizim/internal/model"
)

// Level derives a subject's publication level from its consent records.
//
// The rules, in order: when the subject has consented themselves, only their own consents
// count (a relative's consent on their behalf yields to theirs); of those that count, the
// latest by date decides; a withdrawn consent means internal, and so does any withdrawal
// (by anyone whose consent counts) dated on or after the deciding consent: when one relative
// withdraws, an older agreement of another does not keep the person public. No consent means
// internal.
func Level(subject model.ID, consents []*model.Consent) model.Publication {
	own := slices.ContainsFunc(consents, func(c *model.Consent) bool { return c.GivenBy == subject && !c.OnBehalf })
	var latest *model.Consent
	for _, c := range consents {
		if c.Subject != subject || (own && (c.GivenBy != subject || c.OnBehalf)) {
			continue
		}
		if latest == nil || c.Date.Compare(latest.Date) > 0 ||
			(c.Date.Compare(latest.Date) == 0 && c.Updated.After(latest.Updated)) {
			latest = c
		}
	}
	if latest == nil || !latest.Active() {
		return model.Internal
	}
	for _, c := range consents {
		counts := c.Subject == subject && (!own || (c.GivenBy == subject && !c.OnBehalf))
		if counts && !c.Active() && c.Withdrawn.Compare(latest.Date) >= 0 {
			return model.Internal
		}
	}
	return latest.Level
}

// Published lists the levels that appear in public outputs.
var Published = []model.Publication{model.Pseudonymous, model.Public}

// MinCell is the smallest count a public statistic shows; smaller cells are suppressed so
// that a rare combination cannot single a person out.
const MinCell = 5

// Suppress removes counts below MinCell and returns how many persons were left out.
func Suppress(counts map[string]int) (kept map[string]int, suppressed int) {
	kept = map[string]int{}
	for k, n := range counts {
		if n < MinCell {
			suppressed += n
			continue
		}
		kept[k] = n
	}
	return kept, suppressed
}
