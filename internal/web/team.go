package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/model"
)

// The team's pages: the list of persons and a person's full view. What a role may see is
// decided by the archive (PersonView.Confidential); templates only show what they are given.

// teamFilter reads the team list's query parameters.
func teamFilter(r *http.Request) (archive.TeamFilter, error) {
	q := r.URL.Query()
	f := archive.TeamFilter{Query: strings.TrimSpace(q.Get("q")), Status: q.Get("status"),
		Publication: q.Get("publication"), Limit: defaultLimit}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxLimit {
			return f, bad("error.bad_limit", "limit "+strconv.Quote(v))
		}
		f.Limit = n
	}
	if v := q.Get("after"); v != "" {
		id, err := model.ParseID(v)
		if err != nil {
			return f, bad("error.bad_request", "after "+strconv.Quote(v))
		}
		f.After = id
	}
	if f.Status != "" && !model.Status(f.Status).Valid() {
		return f, bad("error.bad_status", "status "+strconv.Quote(f.Status))
	}
	if f.Publication != "" && !model.Publication(f.Publication).Valid() {
		return f, bad("error.bad_request", "publication "+strconv.Quote(f.Publication))
	}
	return f, nil
}

type teamListPage struct {
	Filter       archive.TeamFilter
	People       []archive.PersonSummary
	Statuses     []model.Status
	Publications []model.Publication
	Next         string // URL of the next page, when there may be one
}

func (s *server) teamPeople(w http.ResponseWriter, r *http.Request) error {
	l := s.locale(w, r)
	f, err := teamFilter(r)
	if err != nil {
		return err
	}
	people, err := s.teamList(r, f)
	if err != nil {
		return err
	}
	p := teamListPage{Filter: f, People: people, Statuses: model.Statuses, Publications: model.Publications}
	if len(people) == f.Limit {
		q := r.URL.Query()
		q.Set("after", people[len(people)-1].ID.String())
		p.Next = (&url.URL{Path: "/team/", RawQuery: q.Encode()}).String()
	}
	s.render(w, r, http.StatusOK, "team_list", l, l.T("team.title"), p)
	return nil
}

// personView resolves {id} (internal or external id) and loads the actor's view of it.
func (s *server) personView(r *http.Request) (*archive.PersonView, error) {
	id, err := s.arch.Resolve(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return s.arch.Person(r.Context(), actor(r), id)
}

func (s *server) teamPerson(w http.ResponseWriter, r *http.Request) error {
	l := s.locale(w, r)
	v, err := s.personView(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "team_person", l, v.Person.PrimaryName(), v)
	return nil
}
