package web

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
)

// OpenRefine reconciliation (Reconciliation Service API v0.2) at /reconcile, on top of the
// same searches as the APIs. Anonymous callers get the public search (public entries only,
// identified by their public code); a signed-in session gets the team search (internal ids).
// OpenRefine sends no cookies: to get the team's view from it, give it a bearer token
// ("tizim token add"), which it sends as an Authorization header; callers see what the
// token's user's role may.

const maxReconcileQueries = 200

type reconQuery struct {
	Query      string `json:"query"`
	Type       string `json:"type,omitempty"`
	Limit      int    `json:"limit,omitempty"`
	Properties []struct {
		PID string          `json:"pid"`
		V   json.RawMessage `json:"v"`
	} `json:"properties,omitempty"`
}

type reconType struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type reconCandidate struct {
	ID          string      `json:"id"`
	Name        string      `json:"name"`
	Type        []reconType `json:"type"`
	Score       float64     `json:"score"`
	Match       bool        `json:"match"`
	Description string      `json:"description,omitempty"`
}

var personType = reconType{ID: "person", Name: "Person"}

// base is the site's origin as the caller reached it (for the manifest's URLs).
func base(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// reconcile answers the manifest (no queries) or a batch of queries (form field "queries").
func (s *server) reconcile(w http.ResponseWriter, r *http.Request) error {
	who, signed, err := s.optionalActor(r)
	if err != nil {
		return err
	}
	if signed {
		w.Header().Set("Cache-Control", "no-store")
	}
	raw := r.FormValue("queries")
	if raw == "" {
		view := base(r) + "/p/{{id}}"
		if signed {
			view = base(r) + "/team/person/{{id}}"
		}
		writeJSON(w, http.StatusOK, map[string]any{
			"versions": []string{"0.2"}, "name": "tizim register", "identifierSpace": base(r) + "/p/", "schemaSpace": base(r) + "/schema/person",
			"defaultTypes": []reconType{personType}, "view": map[string]string{"url": view},
			"preview": map[string]any{"url": base(r) + "/reconcile/preview?id={{id}}", "width": 400, "height": 120},
			"suggest": map[string]any{
				"entity":   map[string]string{"service_url": base(r) + "/reconcile", "service_path": "/suggest/entity"},
				"property": map[string]string{"service_url": base(r) + "/reconcile", "service_path": "/suggest/property"},
			},
		})
		return nil
	}
	var qs map[string]reconQuery
	if err := json.Unmarshal([]byte(raw), &qs); err != nil || len(qs) > maxReconcileQueries {
		return bad("error.bad_request", "queries")
	}
	out := map[string]map[string][]reconCandidate{}
	for key, q := range qs {
		cands, err := s.reconcileOne(r, who, signed, q)
		if err != nil {
			return err
		}
		out[key] = map[string][]reconCandidate{"result": cands}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// reconcileOne turns one query and its properties into a search: properties become the
// qualifiers the query parser knows ("b.1975", "place:Ghulja").
func (s *server) reconcileOne(r *http.Request, who archive.Actor, signed bool, q reconQuery) ([]reconCandidate, error) {
	text := q.Query
	for _, p := range q.Properties {
		v := propValue(p.V)
		switch p.PID {
		case "birth_year":
			text += " b." + v
		case "place":
			text += " place:" + strings.ReplaceAll(v, " ", "")
		case "gender", "status":
			text += " " + p.PID + ":" + v
		}
	}
	limit := q.Limit
	if limit <= 0 || limit > 25 {
		limit = 5
	}
	req := archive.SearchRequest{Query: text, Limit: limit, Facets: store.FacetFilter{EvidenceLevel: -1}}
	var out []reconCandidate
	if signed {
		res, err := s.arch.Search(r.Context(), who, req)
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			out = append(out, reconCandidate{ID: h.ID.String(), Name: h.Name, Type: []reconType{personType}, Score: h.Score * 100,
				Description: describe(string(h.Status), h.BirthYear)})
		}
	} else {
		res, err := s.arch.PublicSearch(r.Context(), req)
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			if len(h.Person.Names) == 0 {
				continue
			}
			out = append(out, reconCandidate{ID: h.Person.Code, Name: h.Person.Names[0], Type: []reconType{personType},
				Score: h.Score * 100, Description: describe(h.Person.Status, h.Person.BirthYear)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	// A match OpenRefine may accept by itself: strong, and clearly ahead of the next.
	if len(out) > 0 && out[0].Score >= 90 && (len(out) == 1 || out[0].Score-out[1].Score >= 5) {
		out[0].Match = true
	}
	if out == nil {
		out = []reconCandidate{}
	}
	return out, nil
}

func propValue(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n float64
	if json.Unmarshal(raw, &n) == nil {
		return strconv.FormatFloat(n, 'f', -1, 64)
	}
	var obj struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}
	if json.Unmarshal(raw, &obj) == nil {
		return obj.Name + obj.ID
	}
	return ""
}

func describe(status string, year int) string {
	if year > 0 {
		return fmt.Sprintf("%s, born %d", status, year)
	}
	return status
}

// reconcileSuggest serves entity and property suggestions (prefix search).
func (s *server) reconcileSuggest(w http.ResponseWriter, r *http.Request) error {
	prefix := strings.TrimSpace(r.URL.Query().Get("prefix"))
	if r.PathValue("kind") == "property" {
		props := []reconType{{"birth_year", "Birth year"}, {"place", "Home place"}, {"gender", "Gender"}, {"status", "Status"}}
		writeJSON(w, http.StatusOK, map[string]any{"result": props})
		return nil
	}
	if r.PathValue("kind") != "entity" {
		return errNoRoute
	}
	who, signed, err := s.optionalActor(r)
	if err != nil {
		return err
	}
	if signed {
		w.Header().Set("Cache-Control", "no-store")
	}
	res := []map[string]string{}
	if prefix != "" {
		cands, err := s.reconcileOne(r, who, signed, reconQuery{Query: prefix, Limit: 10})
		if err != nil {
			return err
		}
		for _, c := range cands {
			res = append(res, map[string]string{"id": c.ID, "name": c.Name, "description": c.Description})
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"result": res})
	return nil
}

var previewTmpl = template.Must(template.New("p").Parse(`<!doctype html><meta charset="utf-8"><div style="font:14px sans-serif">` +
	`<strong>{{.Name}}</strong><br>{{.Description}}</div>`))

// reconcilePreview shows a small card: the public entry for anyone, the team's summary
// for a signed-in session.
func (s *server) reconcilePreview(w http.ResponseWriter, r *http.Request) error {
	id := r.URL.Query().Get("id")
	card := struct{ Name, Description string }{}
	who, signed, err := s.optionalActor(r)
	if err != nil {
		return err
	}
	if signed {
		w.Header().Set("Cache-Control", "no-store")
		ref, err := s.arch.Resolve(r.Context(), id)
		if err != nil {
			return err
		}
		v, err := s.arch.Person(r.Context(), who, ref)
		if err != nil {
			return err
		}
		card.Name, card.Description = v.Person.PrimaryName(), describe(string(v.Person.Status), v.Person.Birth.Year())
	} else {
		pp, err := s.arch.PublicPerson(r.Context(), id)
		if err != nil {
			return err
		}
		if pp.Level != model.Public || len(pp.Names) == 0 {
			return model.ErrNotFound
		}
		card.Name, card.Description = pp.Names[0], describe(pp.Status, pp.BirthYear)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	return previewTmpl.Execute(w, card)
}

// optionalActor returns the actor of a valid bearer token or session. A request with a
// token that is not valid fails (401) rather than quietly getting the public service.
func (s *server) optionalActor(r *http.Request) (archive.Actor, bool, error) {
	if bearer, ok := bearerToken(r); ok {
		who, err := s.auth.TokenActor(r.Context(), bearer)
		return who, err == nil, err
	}
	tok := s.token(r)
	if tok == "" {
		return archive.Actor{}, false, nil
	}
	who, err := s.auth.Session(r.Context(), tok)
	return who, err == nil, nil // an expired session cookie: the public service, as for anyone
}
