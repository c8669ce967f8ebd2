package web

import (
	"net/http"
	"time"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/model"
)

// The team's JSON API: the same data as the team's pages, for a signed-in session.

type teamSummary struct {
	ID          model.ID          `json:"id"`
	ExternalID  string            `json:"external_id,omitempty"`
	Name        string            `json:"name"`
	Status      model.Status      `json:"status"`
	Ethnicity   model.Ethnicity   `json:"ethnicity,omitempty"`
	BirthYear   int               `json:"birth_year,omitempty"`
	Publication model.Publication `json:"publication"`
	PublicCode  string            `json:"public_code,omitempty"`
	Synthetic   bool              `json:"synthetic,omitempty"`
}

func (s *server) apiPeople(w http.ResponseWriter, r *http.Request) error {
	f, err := teamFilter(r)
	if err != nil {
		return err
	}
	if wantsSearch(r) {
		return s.apiTeamSearch(w, r, f)
	}
	people, err := s.arch.People(r.Context(), actor(r), f)
	if err != nil {
		return err
	}
	out := make([]teamSummary, len(people))
	for i, p := range people {
		out[i] = teamSummary(p)
	}
	writeJSON(w, http.StatusOK, map[string]any{"people": out})
	return nil
}

// teamPersonJSON is PersonView as JSON. The person's confidential part, which model keeps
// out of a record's JSON, is added under "confidential" only when the archive loaded it.
type teamPersonJSON struct {
	Person       *model.Person          `json:"person"`
	Confidential *model.PersonSecret    `json:"confidential,omitempty"`
	Relations    []*model.Relation      `json:"relations"`
	Relatives    map[string]relativeRef `json:"relatives"`
	Events       []*model.Event         `json:"events"`
	Testimonies  []*model.Testimony     `json:"testimonies"`
	Sources      []*model.Source        `json:"sources"`
	Consents     []*model.Consent       `json:"consents"`
	Actions      []*model.Action        `json:"actions"`
	Places       map[string]string      `json:"places"`
	History      []versionJSON          `json:"history"`
}

type relativeRef struct {
	Name        string            `json:"name"`
	Publication model.Publication `json:"publication"`
}

type versionJSON struct {
	Version   int       `json:"version"`
	ChangedAt time.Time `json:"changed_at"`
	ChangedBy string    `json:"changed_by"`
	Reason    string    `json:"reason,omitempty"`
}

func (s *server) apiPerson(w http.ResponseWriter, r *http.Request) error {
	v, err := s.personView(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, personJSON(v))
	return nil
}

func personJSON(v *archive.PersonView) teamPersonJSON {
	out := teamPersonJSON{Person: v.Person, Relations: v.Relations, Events: v.Events, Testimonies: v.Testimonies,
		Sources: v.Sources, Consents: v.Consents, Actions: v.Actions,
		Relatives: map[string]relativeRef{}, Places: map[string]string{}, History: []versionJSON{}}
	if v.Confidential {
		out.Confidential = &v.Person.Secret
	}
	for id, p := range v.Relatives {
		out.Relatives[id.String()] = relativeRef{Name: p.PrimaryName(), Publication: p.Publication}
	}
	for id, name := range v.Places {
		out.Places[id.String()] = name
	}
	for _, h := range v.History {
		out.History = append(out.History, versionJSON{Version: h.Version, ChangedAt: time.UnixMicro(h.ChangedAt).UTC(),
			ChangedBy: h.ChangedBy, Reason: h.Reason})
	}
	return out
}
