package web_test

import (
	"strings"
	"testing"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store/storetest"
)

// TestSourceLinks: a published source's http(s) address is a link that tells the other
// site nothing; any other address is shown as text only, escaped.
func TestSourceLinks(t *testing.T) {
	s := newSite(t, storetest.Engines(t)[0])
	for _, u := range []string{"javascript:alert(document.cookie)", "https://news.example@evil.example/", `http://ok.example/a?b=1&c="x"`} {
		s.put(t, &model.Source{Type: "press", Title: "Source " + u, URL: u, About: []model.ID{s.public.ID}, Published: true})
	}
	c := s.client(t)
	for _, path := range []string{"/p/" + s.public.PublicCode} {
		r := c.get(path)
		for _, want := range []string{
			`<a class="url" dir="ltr" href="https://news.example/kairat" rel="noopener noreferrer nofollow">https://news.example/kairat</a>`,
			`href="http://ok.example/a?b=1&amp;c=%22x%22" rel="noopener noreferrer nofollow"`,
			`<span class="url" dir="ltr">javascript:alert(document.cookie)</span>`,
			`<span class="url" dir="ltr">https://news.example@evil.example/</span>`,
		} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("%s lacks %s", path, want)
			}
		}
		if strings.Contains(r.Body, `href="javascript`) || strings.Contains(r.Body, `href="https://news.example@`) || strings.Contains(r.Body, "ZgotmplZ") {
			t.Errorf("%s links an address it must not", path)
		}
	}
	team := s.client(t)
	team.login("rita", pw)
	r := team.get("/team/person/" + s.public.ID.String())
	if !strings.Contains(r.Body, `href="https://news.example/kairat" rel="noopener noreferrer nofollow"`) || strings.Contains(r.Body, `href="javascript`) {
		t.Errorf("team person page links: %.200s", r.Body)
	}
}
