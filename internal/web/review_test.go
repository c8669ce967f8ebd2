package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/store/storetest"
)

func TestReviewAPI(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) { reviewAPI(t, e) })
	}
}

func reviewAPI(t *testing.T, e storetest.Engine) {
	s := newSite(t, e)
	ctx := context.Background()
	a := &model.Person{Meta: model.Meta{ExternalID: "list1:7"}, Names: names("Ержан Қасымұлы"), Status: model.StatusCamp}
	b := &model.Person{Meta: model.Meta{ExternalID: "list2:3"}, Names: names("Erzhan Kasymuly", "叶尔江"), Status: model.StatusDetained}
	c := &model.Person{Names: names("Erzhan Kasym"), Status: model.StatusUnknown}
	s.put(t, a, b, c)
	if err := s.st.Write(ctx, func(tx *store.Tx) error {
		for _, o := range []*model.Person{b, c} {
			if _, err := tx.QueueReview(ctx, store.ReviewItem{A: a.ID, B: o.ID, Score: 0.93, Reasons: "same name across scripts", Origin: "test"}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	s.run(t, []scenario{
		{"review needs sign-in", "GET", "/api/v1/review", nil, "", 401, []string{`"error"`}, nil},
		{"open pairs", "GET", "/api/v1/review?status=open", nil, "rita", 200, []string{`"pairs":[`, "Erzhan Kasymuly", "same name across scripts"}, nil},
		{"bad status", "GET", "/api/v1/review?status=maybe", nil, "rita", 400, []string{`"error"`}, nil},
		{"bad limit", "GET", "/api/v1/review?limit=-1", nil, "rita", 400, nil, nil},
		{"researcher may not merge", "POST", "/api/v1/review/merge", url.Values{"keep": {"list1:7"}, "other": {"list2:3"}}, "rita", 403, nil, nil},
		{"merge needs both", "POST", "/api/v1/review/merge", url.Values{"keep": {"list1:7"}}, "erlan", 400, nil, nil},
		{"merge unknown", "POST", "/api/v1/review/merge", url.Values{"keep": {"list1:7"}, "other": {"nobody"}}, "erlan", 404, nil, nil},
		{"merge self", "POST", "/api/v1/review/merge", url.Values{"keep": {"list1:7"}, "other": {"list1:7"}}, "erlan", 400, nil, nil},
		{"undo bad id", "POST", "/api/v1/merges/not-an-id/undo", nil, "erlan", 404, nil, nil},
	})

	editor := s.client(t)
	editor.login("erlan", pw)
	if r := editor.do("POST", "/api/v1/review/merge", url.Values{"keep": {"list1:7"}}, map[string]string{"Sec-Fetch-Site": "cross-site"}); r.Status != http.StatusForbidden {
		t.Errorf("cross-site merge: status %d, want 403", r.Status)
	}
	r := editor.do("POST", "/api/v1/review/merge", url.Values{"keep": {"list1:7"}, "other": {"list2:3"}, "reason": {"same man"}}, nil)
	if r.Status != http.StatusCreated {
		t.Fatalf("merge: status %d %s", r.Status, r.Body)
	}
	var merged struct{ Merge, Undo string }
	if err := json.Unmarshal([]byte(r.Body), &merged); err != nil || merged.Undo != "/api/v1/merges/"+merged.Merge+"/undo" {
		t.Fatalf("merge response %s: %v", r.Body, err)
	}
	if r := editor.get("/api/v1/review?status=merged"); !strings.Contains(r.Body, `"status":"merged"`) {
		t.Errorf("merged pairs: %s", r.Body)
	}
	if r := editor.get("/api/v1/people/" + a.ID.String()); !strings.Contains(r.Body, "叶尔江") {
		t.Errorf("kept person lacks the merged name forms: %.400s", r.Body)
	}
	// Search reads the persons table too: the merged record is found as the kept person.
	if r := editor.get("/api/v1/people?q=" + url.QueryEscape("Erzhan Kasymuly")); r.Status != 200 || strings.Contains(r.Body, b.ID.String()) || !strings.Contains(r.Body, a.ID.String()) {
		t.Errorf("search after merge: %d, want the kept %s and not the merged %s: %.600s", r.Status, a.ID, b.ID, r.Body)
	}
	researcher := s.client(t)
	researcher.login("rita", pw)
	if r := researcher.do("POST", merged.Undo, nil, nil); r.Status != http.StatusForbidden {
		t.Errorf("researcher undo: status %d, want 403", r.Status)
	}
	if r := editor.do("POST", merged.Undo, nil, nil); r.Status != http.StatusOK {
		t.Errorf("undo: status %d %s", r.Status, r.Body)
	}
	if r := editor.do("POST", merged.Undo, nil, nil); r.Status != http.StatusConflict {
		t.Errorf("second undo: status %d, want 409", r.Status)
	}
	if r := editor.get("/api/v1/review?status=open"); !strings.Contains(r.Body, "Erzhan Kasymuly") {
		t.Errorf("undo did not reopen the pair: %s", r.Body)
	}

	// A JSON body works the same way as a form.
	r = editor.do("POST", "/api/v1/review/separate", nil, nil)
	if r.Status != http.StatusBadRequest {
		t.Errorf("separate without body: status %d, want 400", r.Status)
	}
	req, _ := http.NewRequest("POST", s.URL+"/api/v1/review/separate", strings.NewReader(`{"a":"list1:7","b":"`+c.ID.String()+`"}`))
	req.Header.Set("Content-Type", "application/json")
	for _, ck := range editor.cookie {
		req.AddCookie(ck)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("separate (JSON): status %d", res.StatusCode)
	}
	if r := editor.get("/api/v1/review?status=separated"); !strings.Contains(r.Body, "Erzhan Kasym") {
		t.Errorf("separated pairs: %s", r.Body)
	}
}
