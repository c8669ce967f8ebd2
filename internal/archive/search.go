package archive

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/search"
	"github.com/tizim/tizim/internal/store"
)

// Search for the team (ADR 0500): names in any script ranked by the name engine, identity
// and phone numbers through the blind index (roles that may read confidential data only,
// audited), and full-text search over the never-confidential text of records.

// minScore is the lowest score a name hit is shown with: below it, names differ.
const minScore = 0.4

// SearchRequest is a search, from any front end.
type SearchRequest struct {
	Query  string
	Facets store.FacetFilter // EvidenceLevel -1 for any
	Text   bool              // full-text search of testimonies, sources and events instead of names
	Limit  int
	// WithFacets asks for facet counts (they cost a query per facet and a name per value).
	WithFacets bool
}

// FacetCount is one value of a facet and how many results have it.
type FacetCount struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// TeamHit is a person found by a team search, with why.
type TeamHit struct {
	PersonSummary
	Score   float64  `json:"score"`
	Reasons []string `json:"reasons"`
	Match   string   `json:"match"` // name, identity_number, phone, text
}

// TeamResult is a team search's answer.
type TeamResult struct {
	Query  search.Query            `json:"-"`
	Hits   []TeamHit               `json:"hits"`
	Facets map[string][]FacetCount `json:"facets"`
}

// Search finds persons for a team member. Numbers in the query are looked up in the blind
// index only for roles that may read confidential data, and that lookup is audited (without
// the number); for other roles they are ignored.
func (a *Archive) Search(ctx context.Context, who Actor, req SearchRequest) (*TeamResult, error) {
	if err := who.need(OpRead); err != nil {
		return nil, err
	}
	limit := clampLimit(req.Limit)
	gz := search.Places()
	q := search.Parse(req.Query, gz.IsPlace)
	res := &TeamResult{Query: q}
	var docs []store.NameDoc
	seen := map[model.ID]bool{}
	add := func(d store.NameDoc, score float64, match string, reasons []string) {
		if seen[d.ID] || !facetsMatch(req.Facets, d) {
			return
		}
		seen[d.ID] = true
		docs = append(docs, d)
		res.Hits = append(res.Hits, TeamHit{PersonSummary: summaryOf(d), Score: score, Reasons: reasons, Match: match})
	}
	err := a.st.Read(ctx, func(tx *store.Tx) error {
		if len(q.Numbers) > 0 && who.Role.Can(OpReadConfidential) {
			if err := a.numberHits(ctx, tx, who, q.Numbers, add); err != nil {
				return err
			}
		}
		switch {
		case req.Text:
			return textHits(ctx, tx, req.Query, limit, add)
		case q.Name != "":
			if err := a.nameIndex.Sync(ctx, tx); err != nil {
				return err
			}
			hits, err := search.Rank(ctx, a.nameIndex.Source(tx), q, search.Options{Limit: limit, Places: gz.Resolve(q.Places)})
			if err != nil {
				return err
			}
			for _, h := range hits {
				if h.Score >= minScore {
					add(h.Doc, h.Score, "name", h.Reasons)
				}
			}
		case len(q.Numbers) == 0:
			f := req.Facets
			if q.Status != "" {
				f.Status = string(q.Status)
			}
			list, err := tx.ListNameDocs(ctx, f, model.ID{}, limit)
			if err != nil {
				return err
			}
			for _, d := range list {
				if q.BirthYear == 0 || d.BirthYear == q.BirthYear {
					add(d, 0, "filter", nil)
				}
			}
		}
		if len(res.Hits) > limit {
			res.Hits = res.Hits[:limit]
		}
		if !req.WithFacets {
			return nil
		}
		var err error
		res.Facets, err = labelFacets(ctx, tx, countDocs(docs))
		return err
	})
	return res, err
}

// numberHits finds persons by identity document or phone number through the blind index,
// and audits the lookup in its own write transaction.
func (a *Archive) numberHits(ctx context.Context, tx *store.Tx, who Actor, numbers []string, add func(store.NameDoc, float64, string, []string)) error {
	var ids []model.ID
	match := map[model.ID]string{}
	for _, n := range numbers {
		byID, err := tx.FindByIDNumber(ctx, n)
		if err != nil {
			return err
		}
		byPhone, err := tx.FindByPhone(ctx, n)
		if err != nil {
			return err
		}
		for _, id := range byID {
			ids, match[id] = append(ids, id), "identity_number"
		}
		for _, id := range byPhone {
			if match[id] == "" {
				ids, match[id] = append(ids, id), "phone"
			}
		}
	}
	err := a.st.Write(ctx, func(wtx *store.Tx) error {
		return wtx.Audit(ctx, who.Name, "search_confidential", string(model.KindPerson), "", strconv.Itoa(len(ids))+" hit(s) by blind index")
	})
	if err != nil || len(ids) == 0 {
		return err
	}
	docs, err := tx.NameDocs(ctx, ids)
	if err != nil {
		return err
	}
	for _, d := range docs {
		add(d, 1, match[d.ID], []string{"same " + strings.ReplaceAll(match[d.ID], "_", " ") + " (blind index)"})
	}
	return nil
}

// textHits finds the persons a matching testimony, source or event is about, and persons
// whose own summary matches.
func textHits(ctx context.Context, tx *store.Tx, query string, limit int, add func(store.NameDoc, float64, string, []string)) error {
	hits, err := tx.SearchText(ctx, query, 4*limit)
	if err != nil {
		return err
	}
	for _, h := range hits {
		ids := []model.ID{h.ID}
		if h.Kind != model.KindPerson {
			if ids, err = tx.PointsAt(ctx, h.ID, "about", "event"); err != nil {
				return err
			}
		}
		docs, err := tx.NameDocs(ctx, ids)
		if err != nil {
			return err
		}
		for _, d := range docs {
			add(d, 0, "text", []string{"words found in a " + string(h.Kind) + " " + h.ID.String()})
		}
	}
	return nil
}

func summaryOf(d store.NameDoc) PersonSummary {
	name := ""
	if len(d.Forms) > 0 {
		name = d.Forms[0]
	}
	return PersonSummary{ID: d.ID, ExternalID: d.ExternalID, Name: name, Status: model.Status(d.Status),
		Ethnicity: model.Ethnicity(d.Ethnicity), BirthYear: d.BirthYear, Publication: d.Publication, PublicCode: d.PublicCode, Synthetic: d.Synthetic}
}

func clampLimit(n int) int {
	if n <= 0 {
		return 20
	}
	return min(n, 500)
}

// facetsMatch applies the facet filter to a hit.
func facetsMatch(f store.FacetFilter, d store.NameDoc) bool {
	return (f.Status == "" || f.Status == d.Status) && (f.Ethnicity == "" || f.Ethnicity == d.Ethnicity) &&
		(f.Prefecture == "" || f.Prefecture == d.Prefecture) && (f.County == "" || f.County == d.County) &&
		(f.DetainedYear == 0 || f.DetainedYear == d.DetainedYear) && (f.EvidenceLevel < 0 || f.EvidenceLevel == d.EvidenceLevel) &&
		(f.Facility.IsZero() || f.Facility == d.Facility)
}

// labelFacets names prefectures, counties and facilities.
func labelFacets(ctx context.Context, tx *store.Tx, counts map[string]map[string]int) (map[string][]FacetCount, error) {
	names := placeNamer{ctx: ctx, tx: tx}
	out := map[string][]FacetCount{}
	for col, m := range counts {
		fs := []FacetCount{}
		for v, n := range m {
			label := v
			switch col {
			case "prefecture", "county":
				label = prefectureLabel(ctx, tx, v)
			case "facility":
				if id, err := model.ParseID(v); err == nil {
					label = names.facility(id)
				}
			}
			fs = append(fs, FacetCount{Value: v, Label: label, Count: n})
		}
		sortFacets(fs)
		out[col] = fs
	}
	if names.err != nil && !errors.Is(names.err, model.ErrNotFound) {
		return nil, names.err
	}
	return out, nil
}
