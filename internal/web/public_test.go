package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store/storetest"
)

// scenario is one request and what its response must (not) hold.
type scenario struct {
	name    string
	method  string
	url     string
	body    url.Values
	as      string // user to sign in as first; "" for anonymous
	status  int
	want    []string
	notWant []string
}

func (s *site) run(t *testing.T, scs []scenario) {
	t.Helper()
	for _, sc := range scs {
		t.Run(sc.name, func(t *testing.T) {
			c := s.client(t)
			if sc.as != "" {
				c.login(sc.as, s.passwords[sc.as])
			}
			r := c.do(sc.method, sc.url, sc.body, nil)
			if r.Status != sc.status {
				t.Errorf("%s %s: status %d, want %d\n%.600s", sc.method, sc.url, r.Status, sc.status, r.Body)
			}
			for _, w := range sc.want {
				if !strings.Contains(r.Body, w) {
					t.Errorf("%s %s: body lacks %q", sc.method, sc.url, w)
				}
			}
			for _, w := range sc.notWant {
				if strings.Contains(r.Body, w) {
					t.Errorf("%s %s: body holds %q", sc.method, sc.url, w)
				}
			}
		})
	}
}

func TestPublicScenarios(t *testing.T) {
	s := newSite(t, storetest.Engines(t)[0])
	pub, pseudo := s.public.PublicCode, s.pseudo.PublicCode
	s.run(t, []scenario{
		{"healthz", "GET", "/healthz", nil, "", 200, []string{"ok"}, nil},
		{"register", "GET", "/", nil, "", 200, []string{"Қайрат Сапарұлы", "/p/" + pub, "/p/" + pseudo, "Name withheld", `name="q"`, "consent"}, nil},
		{"register search", "GET", "/?q=" + url.QueryEscape("қайрат"), nil, "", 200, []string{"/p/" + pub}, []string{"/p/" + pseudo}},
		{"register filter status", "GET", "/?status=imprisoned", nil, "", 200, []string{"/p/" + pseudo}, []string{"/p/" + pub}},
		{"register filter ethnicity", "GET", "/?ethnicity=uyghur", nil, "", 200, []string{"/p/" + pseudo}, []string{"/p/" + pub}},
		{"register paging", "GET", "/?limit=2", nil, "", 200, []string{"limit=52"}, nil},
		{"register bad limit", "GET", "/?limit=x", nil, "", 400, []string{"limit"}, nil},
		{"register bad status", "GET", "/?status=gone", nil, "", 400, nil, nil},
		{"public person", "GET", "/p/" + pub, nil, "", 200, []string{"Қайрат Сапарұлы", "Kairat Saparuly", "Camp", "2018-03",
			"Reported with identity proof", "identity documents", "Press report on Kairat", "He was taken at night.", "Ерлан Сапарұлы", "Ghulja", "Ili"}, nil},
		{"pseudonymous person", "GET", "/p/" + pseudo, nil, "", 200, []string{"Name withheld", "asked for names", "Imprisoned", "2017", "Uyghur"},
			[]string{"1975-02", "2017-11"}},
		{"withdrawn code", "GET", "/p/" + s.withdrawn, nil, "", 404, nil, nil},
		{"unknown code", "GET", "/p/TZ-NOPE-NOPE", nil, "", 404, nil, nil},
		{"internal id is no code", "GET", "/p/" + s.public.ID.String(), nil, "", 404, nil, nil},
		{"stats", "GET", "/stats", nil, "", 200, []string{"Camp", "Kazakh", "2018", "smaller than 5", "barfill w100"}, nil},
		{"about", "GET", "/about", nil, "", 200, []string{"consent", "Corroborated"}, nil},
		{"no route", "GET", "/nowhere", nil, "", 404, []string{"Not found"}, nil},
		{"api people", "GET", "/api/v1/public/people", nil, "", 200, []string{`"people":[`, pub, pseudo}, nil},
		{"api people limit", "GET", "/api/v1/public/people?limit=1", nil, "", 200, nil, nil},
		{"api bad limit", "GET", "/api/v1/public/people?limit=501", nil, "", 400, []string{`"error"`}, nil},
		{"api zero limit", "GET", "/api/v1/public/people?limit=0", nil, "", 400, []string{`"error"`}, nil},
		{"api bad prefecture", "GET", "/api/v1/public/people?prefecture=x", nil, "", 400, []string{`"error"`}, nil},
		{"api prefecture", "GET", "/api/v1/public/people?prefecture=6540", nil, "", 200, []string{pub}, nil},
		{"api person", "GET", "/api/v1/public/people/" + pub, nil, "", 200, []string{`"level":"public"`, "Kairat Saparuly"}, nil},
		{"api withdrawn", "GET", "/api/v1/public/people/" + s.withdrawn, nil, "", 404, []string{`"error"`}, nil},
		{"api stats", "GET", "/api/v1/public/stats", nil, "", 200, []string{`"by_status"`, `"camp":`}, nil},
		{"api no route", "GET", "/api/v1/public/nothing", nil, "", 404, []string{`"error"`}, nil},
	})
}

func TestPublicAPIOnEveryEngine(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			s := newSite(t, e)
			c := s.client(t)
			var list struct {
				People []struct {
					Code  string   `json:"code"`
					Level string   `json:"level"`
					Names []string `json:"names"`
				} `json:"people"`
			}
			r := c.get("/api/v1/public/people?limit=500")
			if err := json.Unmarshal([]byte(r.Body), &list); err != nil || r.Status != 200 {
				t.Fatalf("status %d: %v\n%s", r.Status, err, r.Body)
			}
			if len(list.People) != 8 { // public, brother, pseudonymous, five examples
				t.Errorf("got %d published persons, want 8", len(list.People))
			}
			for _, p := range list.People {
				if p.Code == s.withdrawn {
					t.Errorf("withdrawn person listed")
				}
				if p.Level == "pseudonymous" && len(p.Names) > 0 {
					t.Errorf("pseudonymous entry with names: %v", p.Names)
				}
			}
			if r := c.get("/api/v1/public/people/" + s.pseudo.PublicCode); r.Status != 200 || strings.Contains(r.Body, `"names"`) {
				t.Errorf("pseudonymous person: %d %s", r.Status, r.Body)
			}
			noCanary(t, "public API", r.Body)
		})
	}
}

// TestNoConfidentialValueLeaves crawls every public page and API response, in every
// language, and searches for the names of people who are not public.
func TestNoConfidentialValueLeaves(t *testing.T) {
	s := newSite(t, storetest.Engines(t)[0])
	c := s.client(t)
	link := regexp.MustCompile(`href="(/p/[^"]+)"`)
	seen := map[string]bool{}
	queue := []string{"/", "/stats", "/about", "/api/v1/public/people?limit=500", "/api/v1/public/stats",
		"/?q=CANARY", "/api/v1/public/people?q=CANARY", "/?q=" + url.QueryEscape(s.pseudo.Names[0].Text),
		"/api/v1/public/people?q=" + url.QueryEscape(s.pseudo.Names[0].Text), "/?q=Айгүл", "/api/v1/public/people?q=Айгүл"}
	for _, code := range []string{s.public.PublicCode, s.pseudo.PublicCode} {
		queue = append(queue, "/api/v1/public/people/"+code)
	}
	for _, lang := range []string{"kk", "ru", "ug", "zh"} {
		queue = append(queue, "/?lang="+lang, "/p/"+s.public.PublicCode+"?lang="+lang, "/p/"+s.pseudo.PublicCode+"?lang="+lang, "/stats?lang="+lang)
	}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		if seen[u] {
			continue
		}
		seen[u] = true
		r := c.get(u)
		if r.Status != http.StatusOK {
			t.Errorf("%s: status %d", u, r.Status)
		}
		body := r.Body
		if pu, _ := url.Parse(u); pu.Query().Get("q") != "" {
			// The search box and the language links echo the query itself.
			q := pu.Query().Get("q")
			body = strings.NewReplacer(q, "", url.QueryEscape(q), "").Replace(body)
		}
		noCanary(t, u, body)
		for _, m := range link.FindAllStringSubmatch(r.Body, -1) {
			queue = append(queue, m[1])
		}
		if strings.Contains(u, "q=") && (strings.Contains(r.Body, s.pseudo.PublicCode) || strings.Contains(r.Body, s.withdrawn)) {
			t.Errorf("%s: a name search found a non-public person", u)
		}
	}
	if len(seen) < 25 {
		t.Errorf("crawled only %d URLs", len(seen))
	}
	for _, code := range []string{s.withdrawn} {
		if r := c.get("/p/" + code); r.Status != 404 {
			t.Errorf("internal person's code: %d", r.Status)
		}
	}
	if r := c.get("/"); strings.Contains(r.Body, s.withdrawn) {
		t.Error("internal person listed")
	}
}

func noCanary(t *testing.T, where, body string) {
	t.Helper()
	if strings.Contains(body, "CANARY") {
		i := strings.Index(body, "CANARY")
		t.Errorf("%s: confidential value leaked: %q", where, body[max(0, i-40):min(len(body), i+40)])
	}
	for _, w := range []string{"1975-02", "2017-11", "Айгүл"} {
		if strings.Contains(body, w) {
			t.Errorf("%s: non-public value %q leaked", where, w)
		}
	}
}

// TestPublicSearchPage checks the page size of a public name search: twenty hits unless
// ?limit= asks for more, and the register's "more" link asks for the next twenty.
func TestPublicSearchPage(t *testing.T) {
	e := storetest.Engines(t)[0]
	s := newSite(t, e)
	for i := range 25 {
		p := &model.Person{Names: []model.NameForm{{Text: fmt.Sprintf("Нұрсұлтан Жанабілов %d", i+1), Kind: "primary"}}, Status: model.StatusCamp}
		s.put(t, p)
		s.consent(t, p, p, model.Public, "")
	}
	c := s.client(t)
	count := func(path string) int {
		t.Helper()
		var res struct {
			People []json.RawMessage `json:"people"`
		}
		r := c.get(path)
		if err := json.Unmarshal([]byte(r.Body), &res); err != nil || r.Status != 200 {
			t.Fatalf("%s: status %d: %v\n%s", path, r.Status, err, r.Body)
		}
		return len(res.People)
	}
	q := url.QueryEscape("Нұрсұлтан Жанабілов")
	if n := count("/api/v1/public/people?q=" + q); n != 20 {
		t.Errorf("default page of a name search: %d hits, want 20", n)
	}
	if n := count("/api/v1/public/people?q=" + q + "&limit=25"); n != 25 {
		t.Errorf("limit=25: %d hits, want 25", n)
	}
	if n := count("/api/v1/public/people?limit=500"); n < 25 {
		t.Errorf("list: %d persons, want every published one", n)
	}
	if r := c.get("/?q=" + q); r.Status != 200 || !strings.Contains(r.Body, "limit=40") {
		t.Errorf("register search page: status %d, no link to the next twenty", r.Status)
	}
}
