package web

import (
	"encoding/json"
	"mime"
	"net/http"
	"strconv"

	"github.com/tizim/tizim/internal/model"
)

// The team's JSON API for the duplicate review queue: list pairs, separate them, merge
// them and undo a merge (ADR 0410). Who may do what is the archive's decision (editors
// and admins merge); cross-origin protection wraps every route already.

type reviewPairJSON struct {
	A       model.ID `json:"a"`
	B       model.ID `json:"b"`
	NameA   string   `json:"name_a"`
	NameB   string   `json:"name_b"`
	Score   float64  `json:"score"`
	Reasons string   `json:"reasons"`
	Origin  string   `json:"origin,omitempty"`
	Status  string   `json:"status"`
}

func (s *server) apiReviews(w http.ResponseWriter, r *http.Request) error {
	status := r.URL.Query().Get("status")
	switch status {
	case "":
		status = "open"
	case "all":
		status = ""
	case "open", "merged", "separated":
	default:
		return bad("error.bad_request", "status "+status)
	}
	limit := 100
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return bad("error.bad_request", "limit "+v)
		}
		limit = n
	}
	pairs, err := s.arch.Reviews(r.Context(), actor(r), status, limit)
	if err != nil {
		return err
	}
	out := make([]reviewPairJSON, len(pairs))
	for i, p := range pairs {
		out[i] = reviewPairJSON{A: p.A, B: p.B, NameA: p.NameA, NameB: p.NameB, Score: p.Score, Reasons: p.Reasons, Origin: p.Origin, Status: p.Status}
	}
	writeJSON(w, http.StatusOK, map[string]any{"pairs": out})
	return nil
}

// reviewForm reads the body of a review request, JSON ({"a":…}) or a form, and resolves
// the person references it names (internal or external ids).
func (s *server) reviewForm(r *http.Request, refs ...string) (map[string]model.ID, string, error) {
	vals := map[string]string{}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "application/json" {
		dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 64<<10))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&vals); err != nil {
			return nil, "", bad("error.bad_request", "review body: "+err.Error())
		}
	} else {
		r.Body = http.MaxBytesReader(nil, r.Body, 64<<10)
		if err := r.ParseForm(); err != nil {
			return nil, "", bad("error.bad_request", "review form")
		}
		for k := range r.PostForm {
			vals[k] = r.PostForm.Get(k)
		}
	}
	ids := map[string]model.ID{}
	for _, k := range refs {
		if vals[k] == "" {
			return nil, "", bad("error.bad_request", "missing "+k)
		}
		id, err := s.arch.Resolve(r.Context(), vals[k])
		if err != nil {
			return nil, "", err
		}
		ids[k] = id
	}
	return ids, vals["reason"], nil
}

func (s *server) apiSeparate(w http.ResponseWriter, r *http.Request) error {
	ids, _, err := s.reviewForm(r, "a", "b")
	if err != nil {
		return err
	}
	if err := s.arch.Separate(r.Context(), actor(r), ids["a"], ids["b"]); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"a": ids["a"], "b": ids["b"], "status": "separated"})
	return nil
}

func (s *server) apiMerge(w http.ResponseWriter, r *http.Request) error {
	ids, reason, err := s.reviewForm(r, "keep", "other")
	if err != nil {
		return err
	}
	mid, err := s.arch.Merge(r.Context(), actor(r), ids["keep"], ids["other"], reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"merge": mid, "kept": ids["keep"], "merged": ids["other"],
		"undo": "/api/v1/merges/" + mid.String() + "/undo"})
	return nil
}

func (s *server) apiUndoMerge(w http.ResponseWriter, r *http.Request) error {
	mid, err := model.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := s.arch.UndoMerge(r.Context(), actor(r), mid); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"merge": mid, "status": "undone"})
	return nil
}
