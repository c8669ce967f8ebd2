package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/model"
)

//go:embed templates/*.html
var templateFS embed.FS

// pages holds the parsed templates (one set per page, each with the shared layout) and the
// locales they are rendered in.
type pages struct {
	sets    map[string]*template.Template
	locales locales
	assets  *assets
}

// funcs are the templates' helpers; none of them builds or filters a view.
var funcs = template.FuncMap{
	"barclass": func(n, max int) string { // a width class in steps of 5 %, for CSS bars without inline styles
		if max <= 0 {
			return "w0"
		}
		return fmt.Sprintf("w%d", (n*100/max+4)/5*5)
	},
	"micros": func(us int64) string { return time.UnixMicro(us).UTC().Format("2006-01-02 15:04 UTC") },
	"time":   func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
	"year":   func(d model.Date) int { return d.Year() },
	"join":   strings.Join,
	"parts": func(n model.NameForm) []string { // given, father's and family name, when recorded
		var out []string
		for _, s := range []string{n.Given, n.Father, n.Family} {
			if s != "" {
				out = append(out, s)
			}
		}
		return out
	},
	"other":   otherSide,
	"extlink": externalLink,
	"percent": func(f float64) int { return int(f*100 + 0.5) },
	"sides":   func(a, b archive.PersonCard) []archive.PersonCard { return []archive.PersonCard{a, b} },
	// link, code and mono make the markup a translated sentence carries (locale.Th).
	"link": func(href, text string) template.HTML {
		if !strings.HasPrefix(href, "/") || strings.HasPrefix(href, "//") { // the site's own pages only
			href = "#"
		}
		return template.HTML(`<a href="` + template.HTMLEscapeString(href) + `">` + template.HTMLEscapeString(text) + `</a>`)
	},
	"code": func(s string) template.HTML {
		return template.HTML("<code>" + template.HTMLEscapeString(s) + "</code>")
	},
	"mono": func(s string) template.HTML {
		return template.HTML(`<span class="mono">` + template.HTMLEscapeString(s) + `</span>`)
	},
}

// externalLink returns a source's address for a link to another site, or "" when it may
// only be shown as text: anything but http and https with a host (javascript:, data:,
// relative or schemeless addresses), and addresses with a user name before the host, which
// can make "https://news.example@elsewhere.example/" read as a trusted site.
func externalLink(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.Opaque != "" {
		return ""
	}
	return u.String()
}

// relative is the other person of a relation and what they are to the person shown.
type relative struct {
	ID   model.ID
	Type string
}

// otherSide reads a relation from self's side: a relation says "From is To's Type".
func otherSide(rel *model.Relation, self model.ID) relative {
	if rel.To == self {
		return relative{ID: rel.From, Type: rel.Type}
	}
	inverse := map[string]string{"parent": "child", "child": "parent", "grandparent": "grandchild",
		"grandchild": "grandparent", "uncle_aunt": "nephew_niece", "nephew_niece": "uncle_aunt"}
	t := rel.Type
	if inv, ok := inverse[t]; ok {
		t = inv
	}
	return relative{ID: rel.To, Type: t}
}

func loadPages(a *assets) *pages {
	p := &pages{sets: map[string]*template.Template{}, locales: loadLocales(), assets: a}
	base := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html"))
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(f, "templates/"), ".html")
		if name == "layout" {
			continue
		}
		p.sets[name] = template.Must(template.Must(base.Clone()).ParseFS(templateFS, f))
	}
	return p
}

// view is what every template gets: the locale, the layout's parts and the page's data.
type view struct {
	L     *locale
	Title string
	Langs []langLink
	CSS   string
	JS    string
	Srch  string         // the search page script (facets)
	Actor *archive.Actor // signed-in team member on team pages, nil on public ones
	Data  any
}

// render writes a page with status code; the whole page is rendered before anything is sent.
func (s *server) render(w http.ResponseWriter, r *http.Request, code int, name string, l *locale, title string, data any) {
	b, err := s.renderPage(r, name, l, title, data)
	if err != nil {
		s.log.Error("template failed", "page", name, "err", err)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write([]byte(l.T("error.internal")))
		return
	}
	writeHTML(w, code, b)
}

// renderPage renders a page into memory.
func (s *server) renderPage(r *http.Request, name string, l *locale, title string, data any) ([]byte, error) {
	t, ok := s.pages.sets[name]
	if !ok {
		panic("web: no template " + name)
	}
	v := view{L: l, Title: title, Langs: switcher(r, l.Code), CSS: s.assets.URL("app.css"), JS: s.assets.URL("app.js"), Srch: s.assets.URL("search.js"), Data: data}
	if a, ok := actorFrom(r.Context()); ok {
		v.Actor = &a
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func writeHTML(w http.ResponseWriter, code int, b []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	w.Write(b)
}
