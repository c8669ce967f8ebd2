package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/auth"
	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/store/storetest"
	"github.com/tizim/tizim/internal/web"
)

var wantHeaders = map[string]string{
	"Content-Security-Policy":      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
	"X-Content-Type-Options":       "nosniff",
	"Referrer-Policy":              "no-referrer",
	"X-Frame-Options":              "DENY",
	"Cross-Origin-Opener-Policy":   "same-origin",
	"Cross-Origin-Resource-Policy": "same-origin",
	"Permissions-Policy":           "camera=(), microphone=(), geolocation=()",
}

func checkHeaders(t *testing.T, what string, h http.Header) {
	t.Helper()
	for k, v := range wantHeaders {
		if got := h.Get(k); got != v {
			t.Errorf("%s: %s = %q, want %q", what, k, got, v)
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	s := newSite(t, storetest.Engines(t)[0])
	c := s.client(t)
	for _, tc := range []struct {
		path    string
		status  int
		noStore bool
	}{
		{"/", 200, false}, {"/p/" + s.public.PublicCode, 200, false}, {"/stats", 200, false},
		{"/nowhere", 404, false}, {"/p/TZ-NONE", 404, false}, {"/api/v1/public/people?limit=-1", 400, false},
		{"/assets/none.css", 404, false}, {"/login", 200, true}, {"/team/", 303, true}, {"/api/v1/people", 401, true},
	} {
		r := c.get(tc.path)
		if r.Status != tc.status {
			t.Errorf("%s: status %d, want %d", tc.path, r.Status, tc.status)
		}
		checkHeaders(t, tc.path, r.Header)
		if got := r.Header.Get("Cache-Control") == "no-store"; got != tc.noStore {
			t.Errorf("%s: Cache-Control %q", tc.path, r.Header.Get("Cache-Control"))
		}
	}
	// CSP names no other origin.
	if regexp.MustCompile(`https?:|//|\*`).MatchString(wantHeaders["Content-Security-Policy"]) {
		t.Error("CSP allows another origin")
	}
}

func TestServerErrorIsGeneric(t *testing.T) {
	ctx := context.Background()
	e := storetest.Engines(t)[0]
	st, err := store.Open(ctx, store.Config{SQLitePath: e.SQLitePath, Keys: storetest.Keys(t)})
	if err != nil {
		t.Fatal(err)
	}
	var logged strings.Builder
	h := web.New(web.Config{Archive: archive.New(st), Auth: auth.New(st), Log: slog.New(slog.NewTextHandler(&logged, nil)), Secure: true})
	srv := httptest.NewServer(h)
	defer srv.Close()
	st.Close() // every read now fails
	for _, path := range []string{"/", "/stats", "/api/v1/public/people"} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 500 {
			t.Errorf("%s: status %d, want 500", path, res.StatusCode)
		}
		checkHeaders(t, path+" (500)", res.Header)
		if strings.Contains(string(b), "closed") || strings.Contains(string(b), "sql") {
			t.Errorf("%s: 500 shows the error detail: %s", path, b)
		}
	}
	if !strings.Contains(logged.String(), "request failed") {
		t.Errorf("500 not logged: %s", logged.String())
	}
}

func TestCrossOriginPostRejected(t *testing.T) {
	s := newSite(t, storetest.Engines(t)[0])
	c := s.client(t)
	form := url.Values{"username": {"ada"}, "password": {pw}}
	for _, hdr := range []map[string]string{
		{"Sec-Fetch-Site": "cross-site"},
		{"Origin": "https://evil.example"},
	} {
		r := c.do("POST", "/login", form, hdr)
		if r.Status != http.StatusForbidden {
			t.Errorf("cross-origin login %v: status %d, want 403", hdr, r.Status)
		}
		checkHeaders(t, "cross-origin", r.Header)
		if len(c.cookie) != 0 {
			t.Error("cross-origin login set a cookie")
		}
	}
	c.login("ada", pw)
	r := c.do("POST", "/team/users/invite", url.Values{"role": {"admin"}}, map[string]string{"Sec-Fetch-Site": "cross-site"})
	if r.Status != http.StatusForbidden || strings.Contains(r.Body, "bigcode") {
		t.Errorf("cross-site invitation: status %d", r.Status)
	}
	if r := c.do("POST", "/team/users/invite", url.Values{"role": {"researcher"}}, map[string]string{"Sec-Fetch-Site": "same-origin"}); r.Status != 200 {
		t.Errorf("same-origin invitation: status %d", r.Status)
	}
}

func TestSessionCookie(t *testing.T) {
	s := newSite(t, storetest.Engines(t)[0])
	res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).
		PostForm(s.URL+"/login", url.Values{"username": {"rita"}, "password": {pw}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var found bool
	for _, ck := range res.Cookies() {
		if ck.Name != "__Host-tizim" {
			continue
		}
		found = true
		if !ck.Secure || !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Path != "/" || ck.Domain != "" {
			t.Errorf("session cookie attributes: %+v", ck)
		}
	}
	if !found {
		t.Errorf("no __Host-tizim cookie: %v", res.Header["Set-Cookie"])
	}
}

// TestNoOtherOrigin checks that no page loads anything from another origin, and that the
// only links to one are published sources' addresses, which tell that site nothing
// (ADR 0303).
func TestNoOtherOrigin(t *testing.T) {
	s := newSite(t, storetest.Engines(t)[0])
	c := s.client(t)
	c.login("erlan", pw)
	ref := regexp.MustCompile(`(?i)(src|href|action)\s*=\s*"?\s*(https?:)?//`)
	sourceLink := regexp.MustCompile(`<a class="url" dir="ltr" href="https?://[^"]+" rel="noopener noreferrer nofollow">`)
	for _, path := range []string{"/", "/p/" + s.public.PublicCode, "/p/" + s.pseudo.PublicCode, "/stats", "/about", "/login", "/enrol",
		"/team/", "/team/person/" + s.public.ID.String(), "/?lang=ug"} {
		r := c.get(path)
		body := sourceLink.ReplaceAllString(r.Body, "")
		if m := ref.FindString(body); m != "" {
			t.Errorf("%s refers to another origin: %s", path, m)
		}
		if strings.Contains(r.Body, "<style") || regexp.MustCompile(`<script>|<script [^>]*>[^<]`).MatchString(r.Body) || strings.Contains(r.Body, " style=") {
			t.Errorf("%s has inline style or script", path)
		}
	}
	css := regexp.MustCompile(`/assets/app\.[0-9a-f]{12}\.css`).FindString(c.get("/").Body)
	if css == "" {
		t.Fatal("no hashed stylesheet URL")
	}
	r := c.get(css)
	if r.Status != 200 || !strings.Contains(r.Header.Get("Cache-Control"), "immutable") || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/css") {
		t.Errorf("asset: %d %v", r.Status, r.Header)
	}
	if strings.Contains(r.Body, "http") || strings.Contains(r.Body, "@import") || strings.Contains(r.Body, "url(") {
		t.Error("stylesheet loads something")
	}
}
