package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tizim/tizim/internal/store/storetest"
)

func TestTeamScenarios(t *testing.T) {
	s := newSite(t, storetest.Engines(t)[0])
	id := s.public.ID.String()
	conf := []string{`class="confidential"`, "CANARY-1-public-iddoc", "CANARY-2-public-phone", "CANARY-3-public-address", "CANARY-4-public-notes"}
	s.run(t, []scenario{
		{"list needs sign-in", "GET", "/team/", nil, "", 303, nil, nil},
		{"api needs sign-in", "GET", "/api/v1/people", nil, "", 401, []string{`"error"`}, nil},
		{"login form", "GET", "/login", nil, "", 200, []string{`name="password"`}, nil},
		{"wrong password", "POST", "/login", url.Values{"username": {"rita"}, "password": {"not the password at all"}}, "", 401, []string{"Wrong user name or password"}, nil},
		{"unknown user", "POST", "/login", url.Values{"username": {"nobody"}, "password": {pw}}, "", 401, []string{"Wrong user name or password"}, nil},
		{"team list", "GET", "/team/", nil, "rita", 200, []string{"Қайрат Сапарұлы", "CANARY-", "/team/person/" + id, "Internal"}, nil},
		{"team list filter", "GET", "/team/?publication=internal", nil, "rita", 200, []string{"internal-name"}, []string{"Қайрат Сапарұлы"}},
		{"team list paging", "GET", "/team/?limit=2", nil, "rita", 200, []string{"after="}, nil},
		{"researcher person", "GET", "/team/person/" + id, nil, "rita", 200,
			[]string{"Kairat Saparuly", "Press report on Kairat", "leak-title", "internal-transcript", "Ministry", "Consent", "History"}, conf},
		{"editor person", "GET", "/team/person/" + id, nil, "erlan", 200, conf, nil},
		{"person by external id", "GET", "/team/person/ext-kairat", nil, "erlan", 200, []string{"Kairat Saparuly"}, nil},
		{"place is no person", "GET", "/team/person/nbs:6540", nil, "erlan", 404, nil, nil},
		{"unknown person", "GET", "/team/person/nobody", nil, "erlan", 404, nil, nil},
		{"api people", "GET", "/api/v1/people?q=" + url.QueryEscape("Қайрат") + "&limit=5", nil, "rita", 200, []string{`"people":[`, `"name":"Қайрат Сапарұлы"`}, nil},
		{"api people bad limit", "GET", "/api/v1/people?limit=x", nil, "rita", 400, []string{`"error"`}, nil},
		{"api person researcher", "GET", "/api/v1/people/" + id, nil, "rita", 200, []string{`"person":`, `"history":`}, []string{`"confidential"`, "public-iddoc"}},
		{"api person editor", "GET", "/api/v1/people/" + id, nil, "erlan", 200, []string{`"confidential":`, "CANARY-1-public-iddoc"}, nil},
		{"users for admin", "GET", "/team/users", nil, "ada", 200, []string{"erlan", "rita", "invited"}, nil},
		{"users not for editor", "GET", "/team/users", nil, "erlan", 403, nil, nil},
		{"invite", "POST", "/team/users/invite", url.Values{"role": {"editor"}}, "ada", 200, []string{"bigcode"}, nil},
		{"invite bad role", "POST", "/team/users/invite", url.Values{"role": {"king"}}, "ada", 400, nil, nil},
		{"invite by researcher", "POST", "/team/users/invite", url.Values{"role": {"admin"}}, "rita", 403, nil, nil},
		{"disable unknown", "POST", "/team/users/disable", url.Values{"username": {"ghost"}}, "ada", 404, nil, nil},
		{"disable self", "POST", "/team/users/disable", url.Values{"username": {"ada"}}, "ada", 400, nil, nil},
	})
}

func TestLoginLogoutDisable(t *testing.T) {
	s := newSite(t, storetest.Engines(t)[0])
	c := s.client(t)
	r := c.get("/team/person/" + s.public.ID.String())
	if r.Status != 303 || !strings.HasPrefix(r.Header.Get("Location"), "/login?next=") {
		t.Fatalf("anonymous team page: %d %q", r.Status, r.Header.Get("Location"))
	}
	// next= brings the user back, but only to the team's pages.
	r = c.do("POST", "/login", url.Values{"username": {"rita"}, "password": {pw}, "next": {"//evil.example/"}}, nil)
	if r.Status != 303 || r.Header.Get("Location") != "/team/" {
		t.Fatalf("login: %d %q", r.Status, r.Header.Get("Location"))
	}
	if r := c.get("/team/"); r.Status != 200 || !strings.Contains(r.Body, "Қайрат Сапарұлы") {
		t.Fatalf("team list after sign-in: %d", r.Status)
	}
	admin := s.client(t)
	admin.login("ada", pw)
	if r := admin.do("POST", "/team/users/disable", url.Values{"username": {"rita"}}, nil); r.Status != 303 {
		t.Fatalf("disable: %d %s", r.Status, r.Body)
	}
	if r := c.get("/team/"); r.Status != 303 {
		t.Errorf("disabled user's session still works: %d", r.Status)
	}
	if r := admin.do("POST", "/logout", nil, nil); r.Status != 303 {
		t.Errorf("logout: %d", r.Status)
	}
	if r := admin.get("/api/v1/people"); r.Status != 401 {
		t.Errorf("after logout: %d", r.Status)
	}
}

func TestEnrolThroughForm(t *testing.T) {
	s := newSite(t, storetest.Engines(t)[0])
	admin := s.client(t)
	admin.login("ada", pw)
	r := admin.do("POST", "/team/users/invite", url.Values{"role": {"intake"}}, nil)
	code := regexp.MustCompile(`class="bigcode">([A-Z2-7-]+)<`).FindStringSubmatch(r.Body)
	if code == nil {
		t.Fatalf("no code shown: %s", r.Body)
	}
	if again := admin.get("/team/users"); strings.Contains(again.Body, code[1]) {
		t.Error("enrolment code shown twice")
	}
	c := s.client(t)
	for _, tc := range []struct {
		code, user, p1, p2 string
		status             int
	}{
		{code[1], "ina", "short", "short", 400},
		{code[1], "ina", "long enough passphrase", "another passphrase", 400},
		{"AAAAA-BBBBB-CCCCC-DDDDD", "ina", "long enough passphrase", "long enough passphrase", 400},
		{code[1], "ina", "long enough passphrase", "long enough passphrase", 303},
		{code[1], "ina2", "long enough passphrase", "long enough passphrase", 400}, // used once
	} {
		r := c.do("POST", "/enrol", url.Values{"code": {tc.code}, "username": {tc.user}, "password": {tc.p1}, "password2": {tc.p2}}, nil)
		if r.Status != tc.status {
			t.Errorf("enrol %s/%s: %d, want %d", tc.user, tc.p1, r.Status, tc.status)
		}
		if strings.Contains(r.Body, tc.p1) {
			t.Error("password echoed")
		}
	}
	if r := c.get("/team/"); r.Status != 200 {
		t.Errorf("not signed in after enrolment: %d", r.Status)
	}
}

func TestLoginRateLimit(t *testing.T) {
	s := newSite(t, storetest.Engines(t)[0])
	c := s.client(t)
	var last int
	for range 6 {
		last = c.do("POST", "/login", url.Values{"username": {"erlan"}, "password": {"wrong wrong wrong"}}, nil).Status
	}
	if last != http.StatusTooManyRequests {
		t.Fatalf("after 6 failures: %d, want 429", last)
	}
	// Even the right password is refused while the user name is locked.
	r := c.do("POST", "/login", url.Values{"username": {"erlan"}, "password": {pw}}, nil)
	if r.Status != http.StatusTooManyRequests {
		t.Errorf("locked user signed in: %d", r.Status)
	}
	// Another user name from the same address is still allowed (the address limit is higher).
	c.login("ada", pw)
}

func TestTeamAPIOnEveryEngine(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			s := newSite(t, e)
			c := s.client(t)
			c.login("erlan", pw)
			var list struct {
				People []struct {
					ID, Name, Publication string
				} `json:"people"`
			}
			r := c.get("/api/v1/people?limit=500")
			if err := json.Unmarshal([]byte(r.Body), &list); err != nil {
				t.Fatal(err)
			}
			if len(list.People) != 10 {
				t.Errorf("team list has %d persons, want 10", len(list.People))
			}
			var one struct {
				Person struct {
					ID string `json:"id"`
				} `json:"person"`
				Confidential struct {
					Address string `json:"address"`
				} `json:"confidential"`
			}
			r = c.get("/api/v1/people/" + s.internal.ID.String())
			if err := json.Unmarshal([]byte(r.Body), &one); err != nil || one.Person.ID != s.internal.ID.String() || !strings.Contains(one.Confidential.Address, "internal-address") {
				t.Errorf("team person: %v %s", err, r.Body)
			}
		})
	}
}
