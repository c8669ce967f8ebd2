package web

import (
	"encoding/json"
	"net/http"
)

// The public JSON API: the same projections as the public pages, nothing more.

func (s *server) apiPublicPeople(w http.ResponseWriter, r *http.Request) error {
	f, err := publicFilter(r)
	if err != nil {
		return err
	}
	if wantsSearch(r) {
		return s.apiPublicSearch(w, r, f)
	}
	people, err := s.publicPeople(r, f)
	if err != nil {
		return err
	}
	return s.writePeopleJSON(w, people, nil) // {"people":[…]}
}

func (s *server) apiPublicPerson(w http.ResponseWriter, r *http.Request) error {
	pp, err := s.arch.PublicPerson(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	b, err := s.jsonMemo.encode(pp)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, json.RawMessage(b))
	return nil
}
