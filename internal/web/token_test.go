package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/store/storetest"
)

// TestBearerTokens: the team API and /reconcile accept "Authorization: Bearer" tokens, with
// the token's user's role; nothing else carries a token (no cookie, no query string, no
// page); an invalid token is a 401 with a WWW-Authenticate header, never the public view.
func TestBearerTokens(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) { bearerTokens(t, e) })
	}
}

func bearerTokens(t *testing.T, e storetest.Engine) {
	s := newSite(t, e)
	ctx := context.Background()
	mk := func(user string) string {
		t.Helper()
		tok, _, err := s.auth.CreateToken(ctx, sys, user, "test", 0)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	rita, erlan := mk("rita"), mk("erlan")
	c := s.client(t)
	with := func(method, path string, body url.Values, auth string) resp {
		t.Helper()
		h := map[string]string{}
		if auth != "" {
			h["Authorization"] = auth
		}
		return c.do(method, path, body, h)
	}
	id := s.public.ID.String()
	internalName := "CANARY-" // the internal person's names are canaries; the team sees them, the public never
	for _, tc := range []struct {
		name, method, path string
		body               url.Values
		auth               string
		status             int
		want, notWant      []string
	}{
		{"researcher searches", "GET", "/api/v1/people?q=" + url.QueryEscape("Kairat Saparuly"), nil, "Bearer " + rita, 200, []string{id}, nil},
		{"scheme is case-insensitive", "GET", "/api/v1/people?q=Kairat", nil, "bearer " + rita, 200, []string{id}, nil},
		{"researcher reads, without confidential parts", "GET", "/api/v1/people/" + id, nil, "Bearer " + rita, 200, []string{`"person":`}, []string{"public-iddoc"}},
		{"editor reads confidential parts", "GET", "/api/v1/people/" + id, nil, "Bearer " + erlan, 200, []string{"CANARY-1-public-iddoc"}, nil},
		{"researcher may not merge", "POST", "/api/v1/review/merge", url.Values{"keep": {id}, "other": {s.pseudo.ID.String()}}, "Bearer " + rita, 403, nil, nil},
		{"editor may (and must name both)", "POST", "/api/v1/review/merge", url.Values{"keep": {id}}, "Bearer " + erlan, 400, nil, nil},
		{"no token", "GET", "/api/v1/people?q=Kairat", nil, "", 401, nil, []string{id}},
		{"wrong token", "GET", "/api/v1/people?q=Kairat", nil, "Bearer tzt_" + strings.Repeat("A", 43), 401, []string{`"error"`}, []string{id}},
		{"token of another scheme", "GET", "/api/v1/people?q=Kairat", nil, "Basic " + rita, 401, nil, []string{id}},
		{"bare token", "GET", "/api/v1/people?q=Kairat", nil, rita, 401, nil, []string{id}},
		{"token in the query string", "GET", "/api/v1/people?q=Kairat&access_token=" + url.QueryEscape(rita), nil, "", 401, nil, []string{id}},
		{"token on a team page", "GET", "/team/", nil, "Bearer " + rita, 401, nil, []string{id}},
		{"token on the public api is ignored", "GET", "/api/v1/public/people", nil, "Bearer " + rita, 200, []string{s.public.PublicCode}, []string{id}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := with(tc.method, tc.path, tc.body, tc.auth)
			if r.Status != tc.status {
				t.Fatalf("status %d, want %d: %.300s", r.Status, tc.status, r.Body)
			}
			if r.Status == 401 && strings.Contains(tc.auth, "tzt_") && !strings.HasPrefix(r.Header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("401 without WWW-Authenticate: %v", r.Header)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.Body, w) {
					t.Errorf("body lacks %q: %.300s", w, r.Body)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(r.Body, w) {
					t.Errorf("body holds %q", w)
				}
			}
			if tc.status == 200 && tc.auth != "" && strings.HasPrefix(tc.path, "/api/v1/people") && r.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("Cache-Control %q on a token response", r.Header.Get("Cache-Control"))
			}
		})
	}

	// A token in the session cookie is not a session.
	cc := s.client(t)
	cc.cookie = append(cc.cookie, &http.Cookie{Name: "__Host-tizim", Value: rita})
	if r := cc.get("/api/v1/people?q=Kairat"); r.Status != 401 {
		t.Errorf("token as a cookie: status %d", r.Status)
	}

	// Reconciliation: OpenRefine's requests with a token get the team's search (internal
	// ids, internal persons); without, the public one; with a bad token, a 401.
	b, _ := json.Marshal(map[string]any{
		"q0": map[string]any{"query": "Kairat Saparuly", "properties": []map[string]any{{"pid": "birth_year", "v": "1980"}}},
		"q1": map[string]any{"query": s.internal.Names[0].Text},
	})
	q := url.Values{"queries": {string(b)}}
	if r := with("POST", "/reconcile", q, "Bearer "+rita); r.Status != 200 || !strings.Contains(r.Body, `"id":"`+id+`"`) ||
		!strings.Contains(r.Body, s.internal.ID.String()) || r.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("reconcile with a token: %d %q %.500s", r.Status, r.Header.Get("Cache-Control"), r.Body)
	}
	if r := with("POST", "/reconcile", q, ""); r.Status != 200 || !strings.Contains(r.Body, `"id":"`+s.public.PublicCode+`"`) ||
		strings.Contains(r.Body, id) || strings.Contains(r.Body, internalName) || strings.Contains(r.Body, s.internal.ID.String()) {
		t.Errorf("anonymous reconcile: %d %.500s", r.Status, r.Body)
	}
	if r := with("POST", "/reconcile", q, "Bearer tzt_nope"); r.Status != 401 || strings.Contains(r.Body, s.public.PublicCode) {
		t.Errorf("reconcile with a bad token: %d %.300s", r.Status, r.Body)
	}
	if r := with("GET", "/reconcile/suggest/entity?prefix=Kairat", nil, "Bearer "+rita); r.Status != 200 || !strings.Contains(r.Body, id) {
		t.Errorf("suggest with a token: %d %.300s", r.Status, r.Body)
	}
	if r := with("GET", "/reconcile/preview?id="+id, nil, "Bearer "+rita); r.Status != 200 || !strings.Contains(r.Body, "Қайрат Сапарұлы") {
		t.Errorf("preview with a token: %d %.300s", r.Status, r.Body)
	}

	// What a token does is audited under the token's name; a revoked token stops at once.
	var actors []string
	s.st.Read(ctx, func(tx *store.Tx) error {
		for e, err := range tx.AuditEntries(ctx, false, 0) {
			if err != nil {
				return err
			}
			if e.Action == "read_confidential" {
				actors = append(actors, e.Actor)
			}
		}
		return nil
	})
	if len(actors) == 0 || !strings.HasPrefix(actors[len(actors)-1], "erlan/token-") {
		t.Errorf("confidential reads audited as %v", actors)
	}
	ks, err := s.auth.Tokens(ctx, sys)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range ks {
		if k.User == "rita" {
			if err := s.auth.RevokeToken(ctx, sys, k.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	if r := with("GET", "/api/v1/people?q=Kairat", nil, "Bearer "+rita); r.Status != 401 {
		t.Errorf("revoked token: status %d", r.Status)
	}
}
