package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/store/storetest"
)

// TestPersonPageFollowsWrites: the public person page (kept rendered between requests)
// shows every write at the next request — an edit of the person, a renamed place, a new
// event, a relative's withdrawn consent — and is gone once the person's consent is
// withdrawn; in each language variant.
func TestPersonPageFollowsWrites(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) { personPageFollowsWrites(t, e) })
	}
}

func personPageFollowsWrites(t *testing.T, e storetest.Engine) {
	s := newSite(t, e)
	ctx := context.Background()
	c := s.client(t)
	path := "/p/" + s.public.PublicCode
	page := func(q string) string {
		t.Helper()
		r := c.get(path + q)
		if r.Status != 200 {
			t.Fatalf("%s%s: %d", path, q, r.Status)
		}
		return r.Body
	}
	both := func(what string, want, notWant string) {
		t.Helper()
		for _, api := range []string{"/api/v1/public/people/" + s.public.PublicCode, "/api/v1/public/people?limit=50"} {
			for range 2 {
				r := c.get(api)
				if strings.Contains(api, "limit") && !strings.Contains(what, "summary") && !strings.Contains(what, "county") {
					continue // the list shows no timeline or relatives
				}
				if r.Status != 200 || !strings.Contains(r.Body, want) || (notWant != "" && strings.Contains(r.Body, notWant)) {
					t.Fatalf("%s %s: %d, want %q, not %q", what, api, r.Status, want, notWant)
				}
			}
		}
		for _, q := range []string{"", "?lang=ru"} {
			for range 2 { // the second request is served from the cache
				b := page(q)
				if !strings.Contains(b, want) || (notWant != "" && strings.Contains(b, notWant)) {
					t.Fatalf("%s (%q): want %q, not %q", what, q, want, notWant)
				}
			}
		}
	}
	both("first", "Detained after returning from Kazakhstan.", "")
	get := func(id model.ID) model.Record {
		t.Helper()
		r, err := s.arch.Get(ctx, sys, id)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}

	p := get(s.public.ID).(*model.Person)
	p.Summary = "Sentenced in 2019."
	s.put(t, p)
	both("summary edited", "Sentenced in 2019.", "Detained after returning")

	county := get(p.Hometown).(*model.Place)
	county.Names = []model.PlaceName{{Text: "Yining", Lang: "en"}}
	s.put(t, county)
	both("county renamed", "Yining", "Ghulja")

	s.put(t, &model.Event{Type: "sentenced", Persons: []model.ID{p.ID}, Date: model.MustDate("2019-06-11"), Term: "20 years"})
	both("event added", "20 years", "")

	// The relatives named on the page: withdrawing the brother's own consent unnames him.
	var brother model.ID
	if err := s.st.Read(ctx, func(tx *store.Tx) error {
		ids, err := tx.PersonIDs(ctx, store.PersonFilter{Query: "Ерлан Сапарұлы"})
		if len(ids) == 1 {
			brother = ids[0]
		}
		return err
	}); err != nil || brother.IsZero() {
		t.Fatalf("brother: %v", err)
	}
	if !strings.Contains(page(""), "Ерлан Сапарұлы") {
		t.Fatal("the fixture's brother should be named on the page")
	}
	withdrawAll(t, s, brother)
	both("relative withdrawn", "Sentenced in 2019.", "Ерлан Сапарұлы")

	withdrawAll(t, s, p.ID)
	for _, q := range []string{"", "?lang=ru"} {
		if r := c.get(path + q); r.Status != http.StatusNotFound || strings.Contains(r.Body, "Sentenced") {
			t.Errorf("withdrawn person %s: %d", q, r.Status)
		}
	}
}

// withdrawAll withdraws every consent about a person.
func withdrawAll(t *testing.T, s *site, id model.ID) {
	t.Helper()
	ctx := context.Background()
	var ids []model.ID
	if err := s.st.Read(ctx, func(tx *store.Tx) (err error) {
		ids, err = tx.Linked(ctx, id, "consent")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for _, cid := range ids {
		rec, err := s.arch.Get(ctx, sys, cid)
		if err != nil {
			t.Fatal(err)
		}
		c := rec.(*model.Consent)
		c.Withdrawn = model.MustDate("2024-01")
		if err := s.arch.RecordConsent(ctx, sys, c); err != nil {
			t.Fatal(err)
		}
	}
}
