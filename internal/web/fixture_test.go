package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/auth"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/store/storetest"
	"github.com/tizim/tizim/internal/web"
)

// canaries are written into every confidential field and every record that must never
// leave the archive; no public page or public API response may contain one.
var canaries []string

func canary(what string) string {
	c := fmt.Sprintf("CANARY-%d-%s", len(canaries)+1, what)
	canaries = append(canaries, c)
	return c
}

// site is a served archive filled with persons at every publication level.
type site struct {
	URL        string
	st         *store.Store
	arch       *archive.Archive
	auth       *auth.Auth
	public     *model.Person // public, with relatives, events, testimonies, sources
	pseudo     *model.Person // pseudonymous: its names are canaries
	internal   *model.Person // internal (consent withdrawn): everything is a canary
	withdrawn  string        // the internal person's old public code
	passwords  map[string]string
	inviteCode string
}

const pw = "correct horse battery staple"

var sys = archive.SystemActor("test")

// newSite builds the archive on engine e and serves it.
func newSite(t *testing.T, e storetest.Engine) *site {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{SQLitePath: e.SQLitePath, PostgresURL: e.PostgresURL, Keys: storetest.Keys(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	s := &site{st: st, arch: archive.New(st), auth: auth.New(st), passwords: map[string]string{}}
	s.fill(t)
	for _, u := range []struct{ name, role string }{{"ada", "admin"}, {"erlan", "editor"}, {"rita", "researcher"}} {
		code, err := s.auth.Invite(ctx, sys, archive.Role(u.role))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.auth.Enrol(ctx, code, u.name, pw); err != nil {
			t.Fatal(err)
		}
		s.passwords[u.name] = pw
	}
	if s.inviteCode, err = s.auth.Invite(ctx, sys, archive.Intake); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := httptest.NewServer(web.New(web.Config{Archive: s.arch, Auth: s.auth, Log: log, Secure: true}))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

func (s *site) put(t *testing.T, recs ...model.Record) {
	t.Helper()
	for _, r := range recs {
		if err := s.arch.Put(context.Background(), sys, r, "fixture"); err != nil {
			t.Fatalf("put %s: %v", r.Kind(), err)
		}
	}
}

func (s *site) consent(t *testing.T, subj model.Record, by *model.Person, level model.Publication, withdrawn string) {
	t.Helper()
	c := &model.Consent{Subject: subj.Head().ID, SubjectKind: subj.Kind(), GivenBy: by.ID, OnBehalf: by.ID != subj.Head().ID,
		Level: level, Date: model.MustDate("2019-05"), Method: "video", Withdrawn: model.MustDate(withdrawn)}
	if err := s.arch.RecordConsent(context.Background(), sys, c); err != nil {
		t.Fatal(err)
	}
}

func secret(tag string) model.PersonSecret {
	return model.PersonSecret{
		IDDocs:   []model.IdentityDoc{{Type: "prc_resident_id", Number: canary(tag + "-iddoc")}},
		Contacts: []model.Contact{{Kind: "phone", Value: canary(tag + "-phone")}},
		Address:  canary(tag + "-address"),
		Notes:    canary(tag + "-notes"),
	}
}

func names(ns ...string) []model.NameForm {
	out := make([]model.NameForm, len(ns))
	for i, n := range ns {
		out[i] = model.NameForm{Text: n}
	}
	out[0].Kind = "primary"
	return out
}

func (s *site) fill(t *testing.T) {
	canaries = canaries[:0]
	pref := &model.Place{Meta: model.Meta{ExternalID: "nbs:6540"}, Level: "prefecture", Code: "654000",
		Names: []model.PlaceName{{Text: "Ili", Lang: "en"}, {Text: "伊犁哈萨克自治州", Lang: "zh"}}}
	s.put(t, pref)
	county := &model.Place{Level: "county", Code: "654002", Parent: pref.ID, Names: []model.PlaceName{{Text: "Ghulja", Lang: "en"}}}
	s.put(t, county)

	s.public = &model.Person{Meta: model.Meta{ExternalID: "ext-kairat"}, Names: names("Қайрат Сапарұлы", "Kairat Saparuly"), Gender: "m", Ethnicity: "kazakh",
		Birth: model.MustDate("1980"), Hometown: county.ID, Status: model.StatusCamp, DetainedOn: model.MustDate("2018-03"),
		EvidenceLevel: 2, Summary: "Detained after returning from Kazakhstan.", Secret: secret("public")}
	relative := &model.Person{Names: names("Айгүл " + canary("relative-name")), Ethnicity: "kazakh", Status: model.StatusAbroad, Secret: secret("relative")}
	brother := &model.Person{Names: names("Ерлан Сапарұлы"), Ethnicity: "kazakh", Status: model.StatusReleased, Hometown: county.ID}
	s.pseudo = &model.Person{Names: names(canary("pseudo-name"), canary("pseudo-alias")), Gender: "f", Ethnicity: "uyghur",
		Hometown: county.ID, Birth: model.MustDate("1975-02-03"), Status: model.StatusImprisoned, DetainedOn: model.MustDate("2017-11-02"),
		EvidenceLevel: 1, Summary: canary("pseudo-summary"), Secret: secret("pseudo")}
	s.internal = &model.Person{Names: names(canary("internal-name")), Ethnicity: "kazakh", Status: model.StatusDetained,
		Summary: canary("internal-summary"), Secret: secret("internal")}
	s.put(t, s.public, relative, brother, s.pseudo, s.internal)

	s.put(t,
		&model.Relation{From: relative.ID, To: s.public.ID, Type: "spouse"},
		&model.Relation{From: brother.ID, To: s.public.ID, Type: "sibling"},
		&model.Event{Type: "detained", Persons: []model.ID{s.public.ID}, Date: model.MustDate("2018-03"), Place: county.ID},
		&model.Event{Type: "transferred", Persons: []model.ID{s.public.ID}, Date: model.MustDate("2019")},
		&model.Source{Type: "press", Title: "Press report on Kairat", Publisher: "Example News", URL: "https://news.example/kairat",
			About: []model.ID{s.public.ID}, Published: true},
		&model.Source{Type: "leaked_file", Title: canary("leak-title"), About: []model.ID{s.public.ID, s.pseudo.ID}},
		&model.Action{Type: "letter", Date: model.MustDate("2020"), To: "Ministry", Summary: canary("action-summary"), About: []model.ID{s.public.ID}},
	)
	internalT := &model.Testimony{Testifier: relative.ID, About: []model.ID{s.public.ID, s.pseudo.ID}, Medium: "video_appeal",
		Transcript: canary("internal-transcript"), Summary: canary("internal-testimony-summary"),
		Secret: model.TestimonySecret{Location: canary("t-location"), Notes: canary("t-notes"),
			TestifierContact: []model.Contact{{Kind: "phone", Value: canary("t-phone")}}}}
	publicT := &model.Testimony{Testifier: relative.ID, About: []model.ID{s.public.ID}, Medium: "interview",
		RecordedOn: model.MustDate("2019-06-01"), Transcript: "He was taken at night.",
		Secret: model.TestimonySecret{Location: canary("pt-location"), Notes: canary("pt-notes")}}
	s.put(t, internalT, publicT)

	s.consent(t, s.public, relative, model.Public, "")
	s.consent(t, brother, brother, model.Public, "")
	s.consent(t, publicT, relative, model.Public, "")
	s.consent(t, s.pseudo, relative, model.Pseudonymous, "")
	s.consent(t, s.internal, relative, model.Public, "")
	rec, err := s.arch.Get(context.Background(), sys, s.internal.ID)
	if err != nil {
		t.Fatal(err)
	}
	s.withdrawn = rec.(*model.Person).PublicCode
	s.consent(t, s.internal, relative, model.Public, "2020-01")
	rec, _ = s.arch.Get(context.Background(), sys, s.public.ID)
	s.public = rec.(*model.Person)
	rec, _ = s.arch.Get(context.Background(), sys, s.pseudo.ID)
	s.pseudo = rec.(*model.Person)

	// Enough public camp entries from Ili for a statistics cell of at least five.
	for i := range 5 {
		p := &model.Person{Names: names(fmt.Sprintf("Example Person %d", i)), Ethnicity: "kazakh", Hometown: county.ID,
			Status: model.StatusCamp, DetainedOn: model.MustDate("2018"), EvidenceLevel: 1}
		p.Synthetic = true
		s.put(t, p)
		s.consent(t, p, p, model.Public, "")
	}
}

// client makes requests without following redirects, so tests see 303s and cookies.
type client struct {
	t      *testing.T
	base   string
	cookie []*http.Cookie
}

func (s *site) client(t *testing.T) *client { return &client{t: t, base: s.URL} }

type resp struct {
	Status int
	Header http.Header
	Body   string
}

func (c *client) do(method, path string, body url.Values, hdr map[string]string) resp {
	c.t.Helper()
	var r io.Reader
	if body != nil {
		r = strings.NewReader(body.Encode())
	}
	req, err := http.NewRequest(method, c.base+path, r)
	if err != nil {
		c.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	for _, ck := range c.cookie {
		req.AddCookie(ck)
	}
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	for _, ck := range res.Cookies() {
		c.keep(ck)
	}
	return resp{Status: res.StatusCode, Header: res.Header, Body: string(b)}
}

func (c *client) keep(ck *http.Cookie) {
	for i, old := range c.cookie {
		if old.Name == ck.Name {
			c.cookie = append(c.cookie[:i], c.cookie[i+1:]...)
			break
		}
	}
	if ck.MaxAge >= 0 && ck.Value != "" {
		c.cookie = append(c.cookie, &http.Cookie{Name: ck.Name, Value: ck.Value})
	}
}

func (c *client) get(path string) resp { c.t.Helper(); return c.do("GET", path, nil, nil) }

// login signs in through the form and fails the test if that does not work.
func (c *client) login(user, pass string) {
	c.t.Helper()
	r := c.do("POST", "/login", url.Values{"username": {user}, "password": {pass}, "next": {"/team/"}}, nil)
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/team/" {
		c.t.Fatalf("login %s: status %d location %q", user, r.Status, r.Header.Get("Location"))
	}
}
