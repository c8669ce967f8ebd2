package web

import (
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// The interface languages, in the order of the switcher. Messages live in locales/*.json,
// one flat map of keys to text per language; vocabulary values are keys too
// ("status.camp"), so a stored code is never shown untranslated when a translation exists.
var languages = []struct{ code, dir, name string }{
	{"en", "ltr", "English"},
	{"kk", "ltr", "Қазақша"},
	{"ru", "ltr", "Русский"},
	{"ug", "rtl", "ئۇيغۇرچە"},
	{"zh", "ltr", "中文"},
}

//go:embed locales/*.json
var localeFS embed.FS

// locale is one language's messages, with English as the fallback.
type locale struct {
	Code, Dir, Name string
	msgs, fallback  map[string]string
}

// T returns the message for key.
func (l *locale) T(key string) string {
	if m, ok := l.msgs[key]; ok {
		return m
	}
	if m, ok := l.fallback[key]; ok {
		return m
	}
	return key
}

// Tf formats the message for key with args.
func (l *locale) Tf(key string, args ...any) string { return fmt.Sprintf(l.T(key), args...) }

// Th formats the message for key with args as HTML, for a sentence with markup inside (a
// link, a command) whose place each language chooses: the message and plain arguments are
// escaped, template.HTML arguments (from the link, code and mono helpers) are not. Its
// messages use only %s.
func (l *locale) Th(key string, args ...any) template.HTML {
	esc := make([]any, len(args))
	for i, a := range args {
		if h, ok := a.(template.HTML); ok {
			esc[i] = string(h)
		} else {
			esc[i] = template.HTMLEscapeString(fmt.Sprint(a))
		}
	}
	return template.HTML(fmt.Sprintf(template.HTMLEscapeString(l.T(key)), esc...))
}

// V translates a vocabulary value of a kind (status, ethnicity, event, gender…); values
// without a translation are shown as stored.
func (l *locale) V(kind string, value any) string {
	v := fmt.Sprint(value)
	if v == "" {
		return ""
	}
	key := kind + "." + v
	if m, ok := l.msgs[key]; ok {
		return m
	}
	if m, ok := l.fallback[key]; ok {
		return m
	}
	return v
}

// Level names an evidence level; LevelMeaning says what it requires.
func (l *locale) Level(n int) string { return l.T("level." + strconv.Itoa(n)) }

// LevelMeaning says what evidence level n requires.
func (l *locale) LevelMeaning(n int) string { return l.T("level." + strconv.Itoa(n) + ".meaning") }

// Levels lists the evidence levels.
func (l *locale) Levels() []int { return []int{0, 1, 2, 3, 4} }

// locales holds every language, loaded once from the embedded files.
type locales map[string]*locale

func loadLocales() locales {
	raw := map[string]map[string]string{}
	for _, lang := range languages {
		b, err := localeFS.ReadFile("locales/" + lang.code + ".json")
		if err != nil {
			panic(err) // embedded: a build without it is broken
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			panic(fmt.Sprintf("locales/%s.json: %v", lang.code, err))
		}
		raw[lang.code] = m
	}
	out := locales{}
	for _, lang := range languages {
		out[lang.code] = &locale{Code: lang.code, Dir: lang.dir, Name: lang.name, msgs: raw[lang.code], fallback: raw["en"]}
	}
	return out
}

// langCookie remembers a language chosen with ?lang=; it is a preference, not a session.
const langCookie = "lang"

// locale chooses the language of a request: ?lang= (then remembered in a cookie), the
// cookie, Accept-Language, else English.
func (s *server) locale(w http.ResponseWriter, r *http.Request) *locale {
	if q := r.URL.Query().Get("lang"); q != "" {
		if l, ok := s.pages.locales[q]; ok {
			http.SetCookie(w, &http.Cookie{Name: langCookie, Value: q, Path: "/", MaxAge: 365 * 24 * 3600,
				Secure: s.secure, HttpOnly: true, SameSite: http.SameSiteLaxMode})
			return l
		}
	}
	if c, err := r.Cookie(langCookie); err == nil {
		if l, ok := s.pages.locales[c.Value]; ok {
			return l
		}
	}
	for _, tag := range acceptLanguages(r.Header.Get("Accept-Language")) {
		if l, ok := s.pages.locales[tag]; ok {
			return l
		}
	}
	return s.pages.locales["en"]
}

// acceptLanguages returns the primary subtags of an Accept-Language header, best first.
func acceptLanguages(h string) []string {
	type pref struct {
		tag string
		q   float64
	}
	var ps []pref
	for part := range strings.SplitSeq(h, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		primary, _, _ := strings.Cut(strings.ToLower(tag), "-")
		if primary != "" && q > 0 {
			ps = append(ps, pref{primary, q})
		}
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].q > ps[j].q })
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.tag
	}
	return out
}

// langLink is an entry of the language switcher.
type langLink struct {
	Code, Name, URL string
	Current         bool
}

// switcher links the current page in every language.
func switcher(r *http.Request, current string) []langLink {
	out := make([]langLink, 0, len(languages))
	for _, lang := range languages {
		q := r.URL.Query()
		q.Set("lang", lang.code)
		u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
		out = append(out, langLink{Code: lang.code, Name: lang.name, URL: u.String(), Current: lang.code == current})
	}
	return out
}
