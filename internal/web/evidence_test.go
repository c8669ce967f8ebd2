package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/auth"
	"github.com/tizim/tizim/internal/blob/blobtest"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/store/storetest"
	"github.com/tizim/tizim/internal/web"
)

func TestEvidencePlaybackAndCustody(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			ctx := context.Background()
			st, err := store.Open(ctx, store.Config{SQLitePath: e.SQLitePath, PostgresURL: e.PostgresURL, Keys: storetest.Keys(t)})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			arch, au := archive.New(st), auth.New(st)
			files := archive.NewFiles(arch, archive.FilesConfig{Blobs: blobtest.Local(t).Store, Host: "t", PID: os.Getpid()})
			for _, u := range []struct{ name, role string }{{"ada", "admin"}, {"rita", "researcher"}} {
				code, _ := au.Invite(ctx, sys, archive.Role(u.role))
				if _, err := au.Enrol(ctx, code, u.name, pw); err != nil {
					t.Fatal(err)
				}
			}
			p := &model.Person{Names: []model.NameForm{{Text: "Айгүл"}}, Status: model.StatusCamp}
			if err := arch.Put(ctx, sys, p, "t"); err != nil {
				t.Fatal(err)
			}
			doc := []byte("%PDF-1.4\n" + strings.Repeat("0123456789", 10000))
			res, err := files.Ingest(ctx, sys, archive.Incoming{Src: bytes.NewReader(doc), Size: int64(len(doc)), Name: "letter.pdf", About: []model.ID{p.ID}}, nil)
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(web.New(web.Config{Archive: arch, Auth: au, Files: files, Log: slog.New(slog.DiscardHandler), Secure: true}))
			t.Cleanup(srv.Close)
			ada := &client{t: t, base: srv.URL}
			ada.login("ada", pw)
			id := res.ID.String()
			for _, tc := range []struct {
				name, path, rng string
				status          int
				want            string
			}{
				{"person's files", "/team/person/" + p.ID.String() + "/evidence", "", 200, "letter.pdf"},
				{"file page", "/team/evidence/" + id, "", 200, res.SHA256},
				{"whole file", "/team/evidence/" + id + "/content", "", 200, string(doc)},
				{"a range (seek)", "/team/evidence/" + id + "/content", "bytes=50000-50009", 206, string(doc[50000:50010])},
				{"the last bytes", "/team/evidence/" + id + "/content", "bytes=-5", 206, "56789"},
				{"download", "/team/evidence/" + id + "/content?download=1", "", 200, string(doc)},
				{"no such file", "/team/evidence/" + model.NewID(st.Now()).String(), "", 404, ""},
			} {
				t.Run(tc.name, func(t *testing.T) {
					r := ada.do("GET", tc.path, nil, map[string]string{"Range": tc.rng})
					if r.Status != tc.status || !strings.Contains(r.Body, tc.want) {
						t.Errorf("GET %s: got %d (%d bytes), want %d containing %.40q", tc.path, r.Status, len(r.Body), tc.status, tc.want)
					}
				})
			}
			r := ada.get("/team/evidence/" + id + "/content?download=1")
			if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") {
				t.Errorf("download: Content-Disposition %q, want attachment", cd)
			}
			rita := &client{t: t, base: srv.URL}
			rita.login("rita", pw)
			if r := rita.get("/team/evidence/" + id + "/content"); r.Status != http.StatusForbidden {
				t.Errorf("a researcher opening an original: got %d, want 403", r.Status)
			}
			r = ada.get("/team/evidence/" + id + "/custody?format=json")
			var c archive.Custody
			if err := json.Unmarshal([]byte(r.Body), &c); err != nil {
				t.Fatalf("custody JSON: %v (%d %.200s)", err, r.Status, r.Body)
			}
			actions := map[string]int{}
			for _, e := range c.Log {
				actions[e.Action]++
			}
			// One view for the first request, none for the seek from 50000, one for "bytes=-5"
			// (a fresh start of a reader), two downloads; the ingest and the report itself.
			if c.SHA256 != res.SHA256 || actions["ingest"] != 1 || actions["download"] != 2 || actions["view"] < 1 || actions["custody_report"] != 1 {
				t.Errorf("custody: sha %s, actions %v", c.SHA256, actions)
			}
			if !strings.HasPrefix(c.Verified, "ok") {
				t.Errorf("custody check: %s", c.Verified)
			}
			if r := ada.get("/team/evidence/" + id + "/custody"); r.Status != 200 || !strings.Contains(r.Body, res.SHA256) {
				t.Errorf("custody page: %d", r.Status)
			}
		})
	}
}
