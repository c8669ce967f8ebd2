package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/store/storetest"
)

// queuePairs puts a, b and c in the archive and queues (a, b) and (a, c) for review.
func queuePairs(t *testing.T, s *site) (a, b, c *model.Person) {
	t.Helper()
	ctx := context.Background()
	a = &model.Person{Meta: model.Meta{ExternalID: "list1:7"}, Names: names("Ержан Қасымұлы"), Status: model.StatusCamp, Birth: model.MustDate("1979")}
	b = &model.Person{Meta: model.Meta{ExternalID: "list2:3"}, Names: names("Erzhan Kasymuly", "叶尔江"), Status: model.StatusDetained, Birth: model.MustDate("1979-04")}
	c = &model.Person{Names: names("Erzhan Kasym"), Status: model.StatusUnknown}
	s.put(t, a, b, c)
	if err := s.st.Write(ctx, func(tx *store.Tx) error {
		for _, o := range []*model.Person{b, c} {
			if _, err := tx.QueueReview(ctx, store.ReviewItem{A: a.ID, B: o.ID, Score: 0.93, Reasons: "same name across scripts; same birth year", Origin: "import list2.csv"}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return a, b, c
}

// TestReviewPage: the queue side by side with reasons, merging from either side, undoing
// from the page, separating; researchers see it without the forms and cannot post them.
func TestReviewPage(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) { reviewPage(t, e) })
	}
}

func reviewPage(t *testing.T, e storetest.Engine) {
	s := newSite(t, e)
	a, b, c := queuePairs(t, s)

	if r := s.client(t).get("/team/review"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Fatalf("anonymous: %d %q", r.Status, r.Header.Get("Location"))
	}
	researcher := s.client(t)
	researcher.login("rita", pw)
	r := researcher.get("/team/review")
	if r.Status != 200 || !strings.Contains(r.Body, "Erzhan Kasymuly") || !strings.Contains(r.Body, "same birth year") ||
		strings.Contains(r.Body, `action="/team/review/merge"`) && strings.Contains(r.Body, `name="keep"`) || !strings.Contains(r.Body, "may read the queue") {
		t.Fatalf("researcher's page: %d %.2000s", r.Status, r.Body)
	}
	if r.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q", r.Header.Get("Cache-Control"))
	}
	form := url.Values{"a": {a.ID.String()}, "b": {b.ID.String()}, "keep": {a.ID.String()}}
	if r := researcher.do("POST", "/team/review/merge", form, nil); r.Status != http.StatusForbidden {
		t.Errorf("researcher merge: %d", r.Status)
	}

	editor := s.client(t)
	editor.login("erlan", pw)
	r = editor.get("/team/review")
	for _, want := range []string{"Ержан Қасымұлы", "Erzhan Kasymuly", "叶尔江", "Erzhan Kasym", "list2:3", "93%", "same name across scripts",
		"import list2.csv", `name="keep" value="` + b.ID.String() + `"`, `formaction="/team/review/separate"`, "1979-04", `href="/team/review"`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("editor's page lacks %q", want)
		}
	}
	if strings.Contains(r.Body, "CANARY") {
		t.Error("the review page shows a confidential value")
	}
	if r := editor.do("POST", "/team/review/merge", form, map[string]string{"Sec-Fetch-Site": "cross-site"}); r.Status != http.StatusForbidden {
		t.Errorf("cross-site merge: %d", r.Status)
	}
	bad := url.Values{"a": {a.ID.String()}, "b": {b.ID.String()}, "keep": {c.ID.String()}}
	if r := editor.do("POST", "/team/review/merge", bad, nil); r.Status != http.StatusBadRequest {
		t.Errorf("keep outside the pair: %d", r.Status)
	}

	// Merge keeping the right-hand record (b): a goes into b.
	form.Set("keep", b.ID.String())
	form.Set("reason", "same man, two lists")
	r = editor.do("POST", "/team/review/merge", form, nil)
	loc := r.Header.Get("Location")
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(loc, "/team/review?done=merged") {
		t.Fatalf("merge: %d %q %.300s", r.Status, loc, r.Body)
	}
	r = editor.get(loc)
	mid := regexp.MustCompile(`name="merge" value="([0-9a-f-]+)"`).FindStringSubmatch(r.Body)
	if !strings.Contains(r.Body, "Merged.") || mid == nil || !strings.Contains(r.Body, "in force") {
		t.Fatalf("after merge: %.3000s", r.Body)
	}
	if strings.Contains(r.Body, `name="b" value="`+b.ID.String()+`"`) {
		t.Error("the merged pair is still offered")
	}
	var kept model.Record
	kept, err := s.arch.Get(context.Background(), sys, b.ID)
	if err != nil || !strings.Contains(strings.Join(formsOf(kept.(*model.Person)), "|"), "Ержан Қасымұлы") {
		t.Errorf("kept b lacks a's names: %v %v", kept, err)
	}

	// Undo from the page.
	r = editor.do("POST", "/team/review/undo", url.Values{"merge": {mid[1]}}, nil)
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/team/review?done=undone" {
		t.Fatalf("undo: %d %q", r.Status, r.Header.Get("Location"))
	}
	r = editor.get("/team/review?done=undone")
	if !strings.Contains(r.Body, "merge was undone") || !strings.Contains(r.Body, "undone</td>") || !strings.Contains(r.Body, `name="keep" value="`+b.ID.String()+`"`) {
		t.Errorf("after undo: %.3000s", r.Body)
	}
	if r := editor.do("POST", "/team/review/undo", url.Values{"merge": {mid[1]}}, nil); r.Status != http.StatusConflict {
		t.Errorf("second undo: %d", r.Status)
	}

	// Separate the other pair.
	r = editor.do("POST", "/team/review/separate", url.Values{"a": {a.ID.String()}, "b": {c.ID.String()}}, nil)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("separate: %d %.300s", r.Status, r.Body)
	}
	r = editor.get("/team/review?done=separated")
	if !strings.Contains(r.Body, "different people") || strings.Contains(r.Body, `value="`+c.ID.String()+`"`) {
		t.Errorf("after separate: %.3000s", r.Body)
	}

	// Every language renders the page; Uyghur right to left.
	for _, lang := range []string{"en", "kk", "ru", "ug", "zh"} {
		r := editor.get("/team/review?lang=" + lang)
		if r.Status != 200 || strings.Contains(r.Body, "review.") {
			t.Errorf("%s: %d, untranslated key in %.3000s", lang, r.Status, r.Body)
		}
		if lang == "ug" && !strings.Contains(r.Body, `dir="rtl"`) {
			t.Error("Uyghur review page is not right to left")
		}
	}
}

func formsOf(p *model.Person) []string {
	var out []string
	for _, n := range p.Names {
		out = append(out, n.Text)
	}
	return out
}
