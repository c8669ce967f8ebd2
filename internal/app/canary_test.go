package app

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/auth"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/store/storetest"
	"github.com/tizim/tizim/internal/transfer"
	"github.com/tizim/tizim/internal/web"
)

// canaryArchive fills a fresh archive with a random family history. Every value that must
// never be public carries a canary string; it returns them.
type canaryArchive struct {
	canaries []string
	n        int
}

func (c *canaryArchive) canary(t *rapid.T, what string) string {
	c.n++
	s := fmt.Sprintf("CANARY%04d%s", c.n, what)
	c.canaries = append(c.canaries, s)
	return s
}

func (c *canaryArchive) fill(t *rapid.T, ctx context.Context, a *archive.Archive) {
	who := archive.SystemActor("canary-test")
	levels := []model.Publication{model.Internal, model.Pseudonymous, model.Public}
	n := rapid.IntRange(1, 6).Draw(t, "persons")
	var persons []*model.Person
	for i := range n {
		level := rapid.SampledFrom(levels).Draw(t, fmt.Sprint("level", i))
		name := fmt.Sprintf("Public Name %d", i)
		if level != model.Public {
			name = c.canary(t, "name")
		}
		p := &model.Person{
			Names:      []model.NameForm{{Text: name, Kind: "primary"}},
			Status:     rapid.SampledFrom(model.Statuses).Draw(t, "status"),
			Gender:     "f",
			Birth:      model.MustDate("1970-04-17"),
			DetainedOn: model.MustDate("2018-02-03"),
			Secret: model.PersonSecret{
				IDDocs:   []model.IdentityDoc{{Type: "prc_resident_id", Number: c.canary(t, "id"), Notes: c.canary(t, "idnote")}},
				Contacts: []model.Contact{{Kind: "phone", Value: c.canary(t, "phone"), Notes: c.canary(t, "contactnote")}},
				Address:  c.canary(t, "address"),
				Notes:    c.canary(t, "notes"),
			},
		}
		if level != model.Public {
			p.Names = append(p.Names, model.NameForm{Text: c.canary(t, "alias"), Kind: "alias"})
			p.Summary = c.canary(t, "summary")
		}
		if err := a.Put(ctx, who, p, ""); err != nil {
			t.Fatal(err)
		}
		if level != model.Internal {
			if err := a.RecordConsent(ctx, who, &model.Consent{Subject: p.ID, SubjectKind: model.KindPerson, GivenBy: p.ID,
				Level: level, Date: model.MustDate("2019"), Method: "video", Notes: c.canary(t, "consentnote")}); err != nil {
				t.Fatal(err)
			}
		}
		persons = append(persons, p)
	}
	for i := range rapid.IntRange(0, 5).Draw(t, "extras") {
		about := rapid.SampledFrom(persons).Draw(t, fmt.Sprint("about", i))
		other := rapid.SampledFrom(persons).Draw(t, fmt.Sprint("other", i))
		switch rapid.IntRange(0, 3).Draw(t, fmt.Sprint("kind", i)) {
		case 0:
			tm := &model.Testimony{Testifier: other.ID, About: []model.ID{about.ID}, Medium: "video_appeal",
				Transcript: c.canary(t, "transcript"), Summary: c.canary(t, "tsummary"),
				Secret: model.TestimonySecret{TestifierContact: []model.Contact{{Kind: "phone", Value: c.canary(t, "tphone")}},
					Location: c.canary(t, "location"), Notes: c.canary(t, "tnotes")}}
			if err := a.Put(ctx, who, tm, ""); err != nil {
				t.Fatal(err)
			}
		case 1:
			if err := a.Put(ctx, who, &model.Source{Type: "leaked_file", Title: c.canary(t, "leak"), About: []model.ID{about.ID}, Published: false}, ""); err != nil {
				t.Fatal(err)
			}
		case 2:
			if other.ID != about.ID {
				if err := a.Put(ctx, who, &model.Relation{From: other.ID, To: about.ID, Type: "sibling", Notes: c.canary(t, "relnote")}, ""); err != nil {
					t.Fatal(err)
				}
			}
		case 3:
			if err := a.Put(ctx, who, &model.Event{Type: "detained", Persons: []model.ID{about.ID}, Date: model.MustDate("2018-02-03"),
				Description: c.canary(t, "eventdesc")}, ""); err != nil {
				t.Fatal(err)
			}
		}
	}
}

var hrefRE = regexp.MustCompile(`href="(/[^"]*)"`)

// TestNoCanaryInPublicOutputs is the privacy property: whatever the archive holds, no
// confidential value and nothing of an unpublished record reaches a public page, the public
// API, a public export or the server's log.
func TestNoCanaryInPublicOutputs(t *testing.T) {
	ctx := context.Background()
	rapid.Check(t, func(rt *rapid.T) {
		dir := t.TempDir()
		st, err := store.Open(ctx, store.Config{SQLitePath: filepath.Join(dir, "tizim.db"), Keys: storetest.Keys(t)})
		if err != nil {
			rt.Fatal(err)
		}
		defer st.Close()
		a := archive.New(st)
		var c canaryArchive
		c.fill(rt, ctx, a)

		var outputs []string
		var logs bytes.Buffer
		srv := httptest.NewServer(web.New(web.Config{Archive: a, Auth: auth.New(st), Secure: true,
			Log: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}))
		defer srv.Close()
		get := func(path string) string {
			res, err := http.Get(srv.URL + path)
			if err != nil {
				rt.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			return string(b)
		}
		seen := map[string]bool{}
		queue := []string{"/", "/stats", "/api/v1/public/people?limit=500", "/api/v1/public/stats"}
		for len(queue) > 0 {
			p := queue[0]
			queue = queue[1:]
			if seen[p] || len(seen) > 200 {
				continue
			}
			seen[p] = true
			body := get(p)
			outputs = append(outputs, p+"\n"+body)
			for _, m := range hrefRE.FindAllStringSubmatch(body, -1) {
				if u := strings.ReplaceAll(m[1], "&amp;", "&"); strings.HasPrefix(u, "/p/") || strings.HasPrefix(u, "/api/v1/public/") {
					queue = append(queue, u)
				}
			}
		}
		for _, format := range []string{"jsonl", "csv"} {
			var buf bytes.Buffer
			if _, err := transfer.Export(ctx, a, &buf, transfer.Options{Format: format, Public: true, Actor: archive.SystemActor("test")}); err != nil {
				rt.Fatal(err)
			}
			outputs = append(outputs, "export "+format+"\n"+buf.String())
		}
		outputs = append(outputs, "server log\n"+logs.String())
		for _, out := range outputs {
			for _, cn := range c.canaries {
				if strings.Contains(out, cn) {
					rt.Fatalf("confidential value %s in public output:\n%.600s", cn, out)
				}
			}
			if strings.Contains(out, "CANARY") {
				rt.Fatalf("a canary reached a public output:\n%.600s", out)
			}
		}
	})
}
