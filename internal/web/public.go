package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/tizim/tizim/internal/access"
	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/model"
)

// The public site: anyone may read it. Its templates get access.PublicPerson values and
// archive.Stats only.

const (
	defaultLimit = 50  // rows of a list page
	searchLimit  = 20  // hits of a name search's page: past the first twenty, a name search ranks namesakes and noise
	maxLimit     = 500 // what ?limit= may ask for
)

// publicFilter reads the public list's query parameters.
func publicFilter(r *http.Request) (archive.PublicFilter, error) {
	q := r.URL.Query()
	f := archive.PublicFilter{Query: strings.TrimSpace(q.Get("q")), Status: q.Get("status"),
		Ethnicity: q.Get("ethnicity"), Prefecture: q.Get("prefecture"), Limit: defaultLimit}
	if len([]rune(f.Query)) > 200 {
		return f, bad("error.bad_query", "query too long")
	}
	if f.Query != "" {
		f.Limit = searchLimit
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxLimit {
			return f, bad("error.bad_limit", "limit "+strconv.Quote(v))
		}
		f.Limit = n
	}
	if f.Status != "" && !model.Status(f.Status).Valid() {
		return f, bad("error.bad_status", "status "+strconv.Quote(f.Status))
	}
	if f.Ethnicity != "" && !slices.Contains(model.Ethnicities, model.Ethnicity(f.Ethnicity)) {
		return f, bad("error.bad_ethnicity", "ethnicity "+strconv.Quote(f.Ethnicity))
	}
	if f.Prefecture != "" && !isDigits(f.Prefecture, 4) {
		return f, bad("error.bad_prefecture", "prefecture "+strconv.Quote(f.Prefecture))
	}
	return f, nil
}

func isDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// publicPeople lists published persons. A name search keeps only public entries: a
// pseudonymous entry matching a name would confirm that the withheld name is in the register.
func (s *server) publicPeople(r *http.Request, f archive.PublicFilter) ([]*access.PublicPerson, error) {
	if wantsSearch(r) {
		// The name index, ranked, over public entries only (archive.PublicSearch).
		res, err := s.publicSearch(r, f)
		if err != nil {
			return nil, err
		}
		var people []*access.PublicPerson
		for _, h := range res.Hits {
			people = append(people, h.Person)
		}
		return people, nil
	}
	people, err := s.arch.PublicPeople(r.Context(), f)
	if err != nil || f.Query == "" {
		return people, err
	}
	return slices.DeleteFunc(people, func(p *access.PublicPerson) bool { return p.Level != model.Public }), nil
}

type registerPage struct {
	Filter      archive.PublicFilter
	People      []*access.PublicPerson
	Statuses    []model.Status
	Ethnicities []model.Ethnicity
	More        string // URL showing more rows, when the list may go on
}

func (s *server) register(w http.ResponseWriter, r *http.Request) error {
	l := s.locale(w, r)
	f, err := publicFilter(r)
	if err != nil {
		return err
	}
	people, err := s.publicPeople(r, f)
	if err != nil {
		return err
	}
	p := registerPage{Filter: f, People: people, Statuses: model.Statuses, Ethnicities: model.Ethnicities}
	if len(people) >= f.Limit && f.Limit < maxLimit {
		q := r.URL.Query()
		step := defaultLimit
		if f.Query != "" {
			step = searchLimit
		}
		q.Set("limit", strconv.Itoa(min(f.Limit+step, maxLimit)))
		p.More = (&url.URL{Path: "/", RawQuery: q.Encode()}).String()
	}
	s.render(w, r, http.StatusOK, "register", l, l.T("register.title"), p)
	return nil
}

func (s *server) publicPerson(w http.ResponseWriter, r *http.Request) error {
	l := s.locale(w, r)
	pp, err := s.arch.PublicPerson(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	key, cacheable := s.pageCache.key(pp, l.Code, r)
	if cacheable {
		if b := s.pageCache.get(key); b != nil {
			writeHTML(w, http.StatusOK, b)
			return nil
		}
	}
	title := l.T("person.withheld")
	if len(pp.Names) > 0 {
		title = pp.Names[0]
	}
	b, err := s.renderPage(r, "person", l, title, pp)
	if err != nil {
		return err
	}
	if cacheable {
		s.pageCache.put(key, b)
	}
	writeHTML(w, http.StatusOK, b)
	return nil
}

func (s *server) about(w http.ResponseWriter, r *http.Request) error {
	l := s.locale(w, r)
	s.render(w, r, http.StatusOK, "about", l, l.T("about.title"), nil)
	return nil
}
