package web_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/tizim/tizim/internal/store/storetest"
)

// TestSearchScenarios: name search on both APIs and the register, and OpenRefine
// reconciliation with the requests OpenRefine sends (manifest, form-encoded queries with
// properties, preview, suggest).
func TestSearchScenarios(t *testing.T) {
	s := newSite(t, storetest.Engines(t)[0])
	pub, pseudo := s.public.PublicCode, s.pseudo.PublicCode
	queries := func(q map[string]any) url.Values {
		b, _ := json.Marshal(q)
		return url.Values{"queries": {string(b)}}
	}
	s.run(t, []scenario{
		{"public api cross-script", "GET", "/api/v1/public/people?facets=1&q=" + url.QueryEscape("Kayrat Saparuly 1980"), nil, "", 200,
			[]string{pub, `"hits":[`, "same birth year 1980", `"facets"`}, []string{pseudo}},
		{"register cross-script", "GET", "/?q=" + url.QueryEscape("Qairat Saparov"), nil, "", 200, []string{"/p/" + pub}, []string{"/p/" + pseudo}},
		{"public facets", "GET", "/api/v1/public/people?facets=1", nil, "", 200, []string{`"suppressed"`, `"min_cell":5`}, nil},
		{"public county filter is public-only", "GET", "/api/v1/public/people?county=654002", nil, "", 200, []string{pub}, []string{pseudo}},
		{"public bad year", "GET", "/api/v1/public/people?year=x", nil, "", 400, nil, nil},
		{"team api search", "GET", "/api/v1/people?q=" + url.QueryEscape("Kairat Saparuly"), nil, "rita", 200,
			[]string{s.public.ID.String(), `"match":"name"`, `"reasons"`}, nil},
		{"team api needs a session", "GET", "/api/v1/people?q=Kairat", nil, "", 401, nil, nil},
		{"manifest", "GET", "/reconcile", nil, "", 200, []string{`"versions":["0.2"]`, `"defaultTypes"`, `"identifierSpace"`, "/reconcile/preview?id={{id}}", `"service_path":"/suggest/entity"`}, nil},
		{"reconcile", "POST", "/reconcile", queries(map[string]any{
			"q0": map[string]any{"query": "Кайрат Сапаров", "type": "person", "limit": 3,
				"properties": []map[string]any{{"pid": "birth_year", "v": "1980"}, {"pid": "place", "v": "Ghulja"}}},
			"q1": map[string]any{"query": "Nobody Atall"},
		}), "", 200, []string{`"q0":{"result":[{"id":"` + pub + `"`, `"match":true`, `"q1":{"result":[]}`}, []string{pseudo}},
		{"reconcile by GET", "GET", "/reconcile?queries=" + url.QueryEscape(`{"q0":{"query":"Kairat Saparuly"}}`), nil, "", 200, []string{pub}, nil},
		{"reconcile bad json", "POST", "/reconcile", url.Values{"queries": {"{"}}, "", 400, nil, nil},
		{"preview", "GET", "/reconcile/preview?id=" + pub, nil, "", 200, []string{"Қайрат Сапарұлы"}, nil},
		{"preview of a pseudonymous entry", "GET", "/reconcile/preview?id=" + pseudo, nil, "", 404, nil, nil},
		{"suggest entity", "GET", "/reconcile/suggest/entity?prefix=Kairat", nil, "", 200, []string{pub}, nil},
		{"suggest property", "GET", "/reconcile/suggest/property?prefix=b", nil, "", 200, []string{"birth_year"}, nil},
	})
}

// TestSearchCanaries queries every public search endpoint for every canary (confidential
// values, internal and pseudonymous persons' names): nothing may come back.
func TestSearchCanaries(t *testing.T) {
	s := newSite(t, storetest.Engines(t)[0])
	c := s.client(t)
	for _, cn := range append([]string{s.internal.Names[0].Text, s.pseudo.Names[0].Text}, canaries...) {
		for _, q := range []string{cn, strings.ReplaceAll(cn, "-", " "), strings.TrimPrefix(cn, "CANARY-")} {
			b, _ := json.Marshal(map[string]any{"q0": map[string]any{"query": q}})
			for _, r := range []struct{ method, path string }{
				{"GET", "/api/v1/public/people?q=" + url.QueryEscape(q)},
				{"GET", "/?q=" + url.QueryEscape(q)},
				{"GET", "/reconcile/suggest/entity?prefix=" + url.QueryEscape(q)},
				{"GET", "/reconcile?queries=" + url.QueryEscape(string(b))},
			} {
				resp := c.do(r.method, r.path, nil, nil)
				body := resp.Body
				if _, results, ok := strings.Cut(body, `id="results"`); ok {
					body = results // the page echoes the query in its search box, above the results
				}
				if strings.Contains(body, "CANARY") || strings.Contains(body, s.pseudo.PublicCode) {
					t.Errorf("%s %s: a canary or the pseudonymous entry came back:\n%.400s", r.method, r.path, resp.Body)
				}
			}
		}
	}
}
