package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/model"
)

// The review queue page (/team/review): open duplicate pairs with both persons side by side
// and the name engine's reasons, forms to merge one into the other or to keep them apart,
// and the recent merges with an undo. It calls the same archive methods as the review API;
// the archive decides who may merge (editors and admins). Each form posts, then redirects
// back here with what was done, so reloading the page never repeats a decision.

const (
	reviewPageSize = 50
	recentMerges   = 20
)

type reviewPage struct {
	Pairs     []archive.ReviewCard
	Merges    []archive.MergeEntry
	CanDecide bool   // the role may merge and separate (only hides the forms; the archive checks)
	Done      string // merged, separated or undone, after a redirect
	Undo      string // the merge just made, offered for undoing at the top
}

func (s *server) reviewPage(w http.ResponseWriter, r *http.Request) error {
	l := s.locale(w, r)
	who := actor(r)
	pairs, err := s.arch.ReviewCards(r.Context(), who, reviewPageSize)
	if err != nil {
		return err
	}
	merges, err := s.arch.Merges(r.Context(), who, recentMerges)
	if err != nil {
		return err
	}
	p := reviewPage{Pairs: pairs, Merges: merges, CanDecide: who.Role.Can(archive.OpDelete)}
	q := r.URL.Query()
	switch d := q.Get("done"); d {
	case "merged", "separated", "undone":
		p.Done = d
	}
	if id, err := model.ParseID(q.Get("merge")); err == nil && p.Done == "merged" {
		for _, m := range merges {
			if m.ID == id && m.UndoneAt == 0 {
				p.Undo = id.String()
			}
		}
	}
	s.render(w, r, http.StatusOK, "team_review", l, l.T("review.title"), p)
	return nil
}

// reviewPost reads a review form's person references, bounded in size.
func (s *server) reviewPost(w http.ResponseWriter, r *http.Request, keys ...string) (map[string]model.ID, error) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		return nil, bad("error.bad_request", "review form")
	}
	out := map[string]model.ID{}
	for _, k := range keys {
		v := r.PostForm.Get(k)
		if v == "" {
			return nil, bad("error.bad_request", "missing "+k)
		}
		id, err := model.ParseID(v)
		if err != nil {
			return nil, bad("error.bad_request", k+" is not an id")
		}
		out[k] = id
	}
	return out, nil
}

// reviewMerge merges the pair's other person into the one whose button was pressed.
func (s *server) reviewMerge(w http.ResponseWriter, r *http.Request) error {
	ids, err := s.reviewPost(w, r, "a", "b", "keep")
	if err != nil {
		return err
	}
	keep, other := ids["keep"], ids["b"]
	switch keep {
	case ids["a"]:
	case ids["b"]:
		other = ids["a"]
	default:
		return bad("error.bad_request", "keep is neither of the pair")
	}
	reason := strings.TrimSpace(r.PostForm.Get("reason"))
	if len(reason) > 500 {
		return bad("error.bad_request", "reason too long")
	}
	mid, err := s.arch.Merge(r.Context(), actor(r), keep, other, reason)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/team/review?"+url.Values{"done": {"merged"}, "merge": {mid.String()}}.Encode(), http.StatusSeeOther)
	return nil
}

func (s *server) reviewSeparate(w http.ResponseWriter, r *http.Request) error {
	ids, err := s.reviewPost(w, r, "a", "b")
	if err != nil {
		return err
	}
	if err := s.arch.Separate(r.Context(), actor(r), ids["a"], ids["b"]); err != nil {
		return err
	}
	http.Redirect(w, r, "/team/review?done=separated", http.StatusSeeOther)
	return nil
}

func (s *server) reviewUndo(w http.ResponseWriter, r *http.Request) error {
	ids, err := s.reviewPost(w, r, "merge")
	if err != nil {
		return err
	}
	if err := s.arch.UndoMerge(r.Context(), actor(r), ids["merge"]); err != nil {
		return err
	}
	http.Redirect(w, r, "/team/review?done=undone", http.StatusSeeOther)
	return nil
}
