package web

import (
	"net/http"
	"strconv"

	"github.com/tizim/tizim/internal/access"
	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
)

// Search over both APIs (ADR 0500): GET /api/v1/people?q= for the team (what the role may
// see), GET /api/v1/public/people?q= over the public projection. The facet parameters are
// status, ethnicity, prefecture, county, year (of detention), evidence and facility.

// searchFacets reads the facet parameters shared by both APIs.
func searchFacets(r *http.Request) (store.FacetFilter, error) {
	q := r.URL.Query()
	f := store.FacetFilter{Status: q.Get("status"), Ethnicity: q.Get("ethnicity"), Prefecture: q.Get("prefecture"),
		County: q.Get("county"), EvidenceLevel: -1}
	if f.Prefecture != "" && !isDigits(f.Prefecture, 4) {
		return f, bad("error.bad_prefecture", "prefecture "+strconv.Quote(f.Prefecture))
	}
	if f.County != "" && !isDigits(f.County, 6) {
		return f, bad("error.bad_request", "county "+strconv.Quote(f.County))
	}
	if v := q.Get("year"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1900 || n > 2100 {
			return f, bad("error.bad_request", "year "+strconv.Quote(v))
		}
		f.DetainedYear = n
	}
	if v := q.Get("evidence"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 4 {
			return f, bad("error.bad_request", "evidence "+strconv.Quote(v))
		}
		f.EvidenceLevel = n
	}
	if v := q.Get("facility"); v != "" {
		id, err := model.ParseID(v)
		if err != nil {
			return f, bad("error.bad_request", "facility "+strconv.Quote(v))
		}
		f.Facility = id
	}
	return f, nil
}

// wantsSearch reports whether a list request asks for more than the plain list does.
func wantsSearch(r *http.Request) bool {
	q := r.URL.Query()
	for _, k := range []string{"q", "county", "year", "evidence", "facility", "facets", "text"} {
		if q.Get(k) != "" {
			return true
		}
	}
	return false
}

type publicHitJSON struct {
	Code    string   `json:"code"`
	Score   float64  `json:"score,omitempty"`
	Reasons []string `json:"reasons,omitempty"`
}

type publicSearchJSON struct {
	Hits       []publicHitJSON                 `json:"hits"` // after "people", which writePeopleJSON puts first
	Facets     map[string][]archive.FacetCount `json:"facets"`
	Suppressed map[string]int                  `json:"suppressed"`
	MinCell    int                             `json:"min_cell"`
}

// publicSearch runs the public search for a list request.
func (s *server) publicSearch(r *http.Request, pf archive.PublicFilter) (*archive.PublicResult, error) {
	f, err := searchFacets(r)
	if err != nil {
		return nil, err
	}
	return s.arch.PublicSearch(r.Context(), archive.SearchRequest{Query: pf.Query, Facets: f, Limit: pf.Limit,
		WithFacets: r.URL.Query().Get("facets") != ""})
}

func (s *server) apiPublicSearch(w http.ResponseWriter, r *http.Request, pf archive.PublicFilter) error {
	res, err := s.publicSearch(r, pf)
	if err != nil {
		return err
	}
	out := publicSearchJSON{Hits: []publicHitJSON{}, Facets: res.Facets, Suppressed: res.Suppressed, MinCell: res.MinCell}
	var people []*access.PublicPerson
	for _, h := range res.Hits {
		people = append(people, h.Person)
		out.Hits = append(out.Hits, publicHitJSON{Code: h.Person.Code, Score: h.Score, Reasons: h.Reasons})
	}
	return s.writePeopleJSON(w, people, out)
}

type teamHitJSON struct {
	teamSummary
	Score   float64  `json:"score"`
	Reasons []string `json:"reasons,omitempty"`
	Match   string   `json:"match"`
}

func (s *server) apiTeamSearch(w http.ResponseWriter, r *http.Request, tf archive.TeamFilter) error {
	f, err := searchFacets(r)
	if err != nil {
		return err
	}
	if tf.Publication != "" {
		f.Publications = []model.Publication{model.Publication(tf.Publication)}
	}
	res, err := s.arch.Search(r.Context(), actor(r), archive.SearchRequest{Query: tf.Query, Facets: f, Limit: tf.Limit,
		Text: r.URL.Query().Get("text") == "1", WithFacets: r.URL.Query().Get("facets") != ""})
	if err != nil {
		return err
	}
	people := make([]teamHitJSON, len(res.Hits))
	for i, h := range res.Hits {
		people[i] = teamHitJSON{teamSummary: teamSummary(h.PersonSummary), Score: h.Score, Reasons: h.Reasons, Match: h.Match}
	}
	writeJSON(w, http.StatusOK, map[string]any{"people": people, "facets": res.Facets})
	return nil
}

// teamList is the team's list: ranked search when the request asks for one, else the
// plain list in id order.
func (s *server) teamList(r *http.Request, tf archive.TeamFilter) ([]archive.PersonSummary, error) {
	if !wantsSearch(r) {
		return s.arch.People(r.Context(), actor(r), tf)
	}
	f, err := searchFacets(r)
	if err != nil {
		return nil, err
	}
	if tf.Publication != "" {
		f.Publications = []model.Publication{model.Publication(tf.Publication)}
	}
	res, err := s.arch.Search(r.Context(), actor(r), archive.SearchRequest{Query: tf.Query, Facets: f, Limit: tf.Limit})
	if err != nil {
		return nil, err
	}
	out := make([]archive.PersonSummary, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = h.PersonSummary
	}
	return out, nil
}
