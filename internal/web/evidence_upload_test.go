package web_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/auth"
	"github.com/tizim/tizim/internal/blob"
	"github.com/tizim/tizim/internal/blob/blobtest"
	"github.com/tizim/tizim/internal/media"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/store/storetest"
	"github.com/tizim/tizim/internal/web"
)

// uploadFile is one file of a test upload.
type uploadFile struct {
	name string
	data []byte
}

// upload posts a multipart form as the browser's form does (fields first, then files),
// streaming the body through a pipe so that nothing requires it to be buffered.
func (c *client) upload(path string, fields [][2]string, files []uploadFile, hdr map[string]string) resp {
	c.t.Helper()
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		for _, f := range fields {
			mw.WriteField(f[0], f[1])
		}
		for _, f := range files {
			w, err := mw.CreateFormFile("files", f.name)
			if err != nil { // the server stopped reading (a refusal)
				pw.CloseWithError(err)
				return
			}
			w.Write(f.data)
		}
		pw.CloseWithError(mw.Close())
	}()
	req, err := http.NewRequest("POST", c.base+path, pr)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	for _, ck := range c.cookie {
		req.AddCookie(ck)
	}
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{Status: res.StatusCode, Header: res.Header, Body: string(b)}
}

// exifPhoto is a small JPEG carrying an EXIF block with a camera make.
func exifPhoto(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 32, 24))
	for i := range img.Pix {
		img.Pix[i] = uint8(i)
	}
	img.Set(0, 0, color.Black)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	tiff := []byte("MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x0f\x00\x02\x00\x00\x00\x06\x00\x00\x00\x1a\x00\x00\x00\x00Canon\x00")
	app1 := append([]byte("Exif\x00\x00"), tiff...)
	seg := append([]byte{0xff, 0xe1, byte((len(app1) + 2) >> 8), byte(len(app1) + 2)}, app1...)
	b := buf.Bytes()
	return append(append(append([]byte{}, b[:2]...), seg...), b[2:]...)
}

type uploadEnv struct {
	st     *store.Store
	files  *archive.Files
	b      blobtest.Backend
	srv    *httptest.Server
	person *model.Person
	testim *model.Testimony
}

func newUploadEnv(t *testing.T, e storetest.Engine, b blobtest.Backend) *uploadEnv {
	ctx := context.Background()
	pg := e.PostgresURL
	if pg != "" {
		pg = storetest.Schema(t, os.Getenv("TIZIM_TEST_POSTGRES"))
	}
	st, err := store.Open(ctx, store.Config{SQLitePath: filepath.Join(t.TempDir(), "u.db"), PostgresURL: pg, Keys: storetest.Keys(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	arch, au := archive.New(st), auth.New(st)
	files := archive.NewFiles(arch, archive.FilesConfig{Blobs: b.Store, Tools: media.LookTools(), Host: "t", PID: os.Getpid()})
	for _, u := range []struct{ name, role string }{{"ada", "admin"}, {"ina", "intake"}, {"rita", "researcher"}} {
		code, _ := au.Invite(ctx, sys, archive.Role(u.role))
		if _, err := au.Enrol(ctx, code, u.name, pw); err != nil {
			t.Fatal(err)
		}
	}
	p := &model.Person{Names: []model.NameForm{{Text: "Айгүл Тұрсын"}}, Status: model.StatusCamp}
	if err := arch.Put(ctx, sys, p, "t"); err != nil {
		t.Fatal(err)
	}
	tm := &model.Testimony{About: []model.ID{p.ID}, Medium: "video_appeal", Summary: "her sister's appeal"}
	if err := arch.Put(ctx, sys, tm, "t"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(web.New(web.Config{Archive: arch, Auth: au, Files: files, Log: slog.New(slog.DiscardHandler), Secure: true}))
	t.Cleanup(srv.Close)
	return &uploadEnv{st: st, files: files, b: b, srv: srv, person: p, testim: tm}
}

func (u *uploadEnv) objects(t *testing.T) [][]byte {
	var out [][]byte
	for info, err := range u.b.Store.List(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		o, err := u.b.Store.Open(context.Background(), info.Name)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(blob.NewReader(o))
		o.Close()
		out = append(out, b)
	}
	return out
}

func TestEvidenceUpload(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		for _, b := range blobtest.Backends(t) {
			t.Run(e.Name+"/"+b.Name, func(t *testing.T) {
				testEvidenceUpload(t, newUploadEnv(t, e, b))
			})
		}
	}
}

func testEvidenceUpload(t *testing.T, u *uploadEnv) {
	ctx := context.Background()
	ina, rita := &client{t: t, base: u.srv.URL}, &client{t: t, base: u.srv.URL}
	ina.login("ina", pw)
	rita.login("rita", pw)
	pid := u.person.ID.String()
	form := "/team/upload/" + pid

	if r := ina.get(form); r.Status != 200 || !strings.Contains(r.Body, `enctype="multipart/form-data"`) || !strings.Contains(r.Body, `name="received_from"`) {
		t.Fatalf("upload form for intake: %d", r.Status)
	}
	if r := ina.get("/team/person/" + pid + "/evidence"); !strings.Contains(r.Body, `href="/team/upload/`+pid+`"`) {
		t.Error("the person's files page has no upload link for intake")
	}
	if r := rita.get(form); r.Status != http.StatusForbidden {
		t.Errorf("upload form for a researcher: %d, want 403", r.Status)
	}
	if r := rita.get("/team/person/" + pid + "/evidence"); strings.Contains(r.Body, "/team/upload/") {
		t.Error("a researcher is offered the upload link")
	}

	canary := "CANARY-" + blob.NewName()
	pdf := []byte("%PDF-1.4\n" + strings.Repeat(canary+" a letter from the camp\n", 100000)) // ≈ 6 MB
	photo := exifPhoto(t)
	fields := [][2]string{{"received_from", "her brother Erlan"}, {"how", "USB stick, Almaty office"},
		{"received_at", "2026-11-20T14:30"}, {"kind", ""}, {"notes", "two files"}, {"scrub", "1"}}
	files := []uploadFile{{"letter.pdf", pdf}, {`C:\Users\x\photo.jpg`, photo}}

	// A researcher may not upload; a cross-site post is refused before anything is read.
	if r := rita.upload(form, fields, files, nil); r.Status != http.StatusForbidden {
		t.Errorf("researcher upload: %d, want 403", r.Status)
	}
	if r := ina.upload(form, fields, files, map[string]string{"Sec-Fetch-Site": "cross-site"}); r.Status != http.StatusForbidden {
		t.Errorf("cross-site upload: %d, want 403", r.Status)
	}
	if n := len(u.objects(t)); n != 0 {
		t.Fatalf("refused uploads stored %d objects", n)
	}

	r := ina.upload(form, fields, files, nil)
	if r.Status != 200 || strings.Count(r.Body, `class="added"`) != 2 || !strings.Contains(r.Body, "photo.jpg") || strings.Contains(r.Body, `Users\x`) {
		t.Fatalf("upload: %d %.600s", r.Status, r.Body)
	}
	evs, err := u.files.About(ctx, sys, u.person.ID)
	if err != nil || len(evs) != 3 {
		t.Fatalf("after upload: %d files about the person (%v), want 2 originals and a scrubbed photo", len(evs), err)
	}
	var letter, scrubbed *model.Evidence
	for _, ev := range evs {
		switch {
		case ev.Title == "letter.pdf":
			letter = ev
		case ev.Scrubbed:
			scrubbed = ev
		}
	}
	if letter == nil || scrubbed == nil {
		t.Fatalf("uploaded files: %+v", evs)
	}
	_, lf, _ := u.files.Evidence(ctx, sys, letter.ID)
	if letter.ReceivedFrom != "her brother Erlan" || letter.ReceivedAt.Format("2006-01-02 15:04") != "2026-11-20 14:30" ||
		letter.Notes != "two files" || letter.SHA256 != sumHex(pdf) || lf.ReceivedBy != "ina" || !strings.Contains(lf.ReceivedHow, "USB stick, Almaty office") {
		t.Errorf("custody fields: %+v %+v", letter, lf)
	}
	// Played back with range requests across chunk edges (1 MiB chunks) and at the end.
	for _, rng := range [][2]int{{1<<20 - 6, 1<<20 + 9}, {3<<20 + 5, 3<<20 + 5}, {len(pdf) - 4, len(pdf) - 1}} {
		r := ina.do("GET", "/team/evidence/"+letter.ID.String()+"/content", nil, map[string]string{"Range": fmt.Sprintf("bytes=%d-%d", rng[0], rng[1])})
		if r.Status != http.StatusPartialContent || r.Body != string(pdf[rng[0]:rng[1]+1]) {
			t.Errorf("range %v: %d %q", rng, r.Status, r.Body)
		}
	}
	sc, err := u.files.Open(ctx, archive.Actor{Name: "rita", Role: archive.Researcher}, scrubbed.ID, archive.View)
	if err != nil {
		t.Fatal(err)
	}
	clean, _ := io.ReadAll(sc)
	sc.Close()
	if bytes.Contains(clean, []byte("Canon")) || media.ReadEXIF(clean).Present {
		t.Error("the scrubbed copy of the uploaded photo keeps its EXIF")
	}
	for _, o := range u.objects(t) {
		if bytes.Contains(o, []byte(canary)) {
			t.Fatal("the uploaded canary is stored in the clear")
		}
	}
	// The custody log names the uploader and how the file came in.
	c, err := u.files.Custody(ctx, sys, letter.ID)
	if err != nil {
		t.Fatal(err)
	}
	ingested := false
	for _, l := range c.Log {
		ingested = ingested || l.Action == "ingest" && l.Actor == "ina" && strings.Contains(l.Detail, "USB stick") && strings.Contains(l.Detail, "her brother Erlan")
	}
	if !ingested {
		t.Errorf("custody log: %+v", c.Log)
	}

	// The same letter again: already stored, nothing added. A file off the allow-list: refused.
	r = ina.upload(form, [][2]string{{"how", "email"}}, []uploadFile{{"again.pdf", pdf}}, nil)
	if r.Status != 200 || !strings.Contains(r.Body, "/team/evidence/"+letter.ID.String()) {
		t.Errorf("duplicate upload: %d", r.Status)
	}
	r = ina.upload(form, [][2]string{{"how", "email"}}, []uploadFile{{"setup.exe", append([]byte("MZ\x90\x00"), make([]byte, 3000)...)}}, nil)
	if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "setup.exe") || !strings.Contains(r.Body, "allow-list") {
		t.Errorf("refused upload: %d %.300s", r.Status, r.Body)
	}
	if r := ina.upload(form, [][2]string{{"how", "email"}, {"kind", "nonsense"}}, []uploadFile{{"x.pdf", pdf}}, nil); r.Status != http.StatusBadRequest {
		t.Errorf("bad kind: %d", r.Status)
	}
	if n := len(u.objects(t)); n != 3 {
		t.Errorf("%d objects stored, want 3", n)
	}

	// To a testimony: the file is listed among the testimony's evidence.
	doc := []byte("%PDF-1.4\ntranscript of the appeal")
	r = ina.upload("/team/upload/"+u.testim.ID.String(), [][2]string{{"how", "messaging app"}}, []uploadFile{{"transcript.pdf", doc}}, nil)
	if r.Status != 200 {
		t.Fatalf("upload to a testimony: %d", r.Status)
	}
	var tm *model.Testimony
	u.st.Read(ctx, func(tx *store.Tx) error {
		rec, err := tx.Get(ctx, u.testim.ID, false)
		tm, _ = rec.(*model.Testimony)
		return err
	})
	if tm == nil || len(tm.Evidence) != 1 {
		t.Errorf("testimony after upload: %+v", tm)
	}

	// The scrub button on a stored original (the photo) makes another scrubbed copy; a
	// researcher may not press it.
	var photoID model.ID
	for _, ev := range evs {
		if ev.Original.IsZero() && ev.MediaType == "image/jpeg" {
			photoID = ev.ID
		}
	}
	page := ina.get("/team/evidence/" + photoID.String())
	if !strings.Contains(page.Body, "/team/evidence/"+photoID.String()+"/scrub") {
		t.Error("the photo's page has no scrub button for intake")
	}
	if r := rita.do("POST", "/team/evidence/"+photoID.String()+"/scrub", nil, nil); r.Status != http.StatusForbidden {
		t.Errorf("researcher scrub: %d", r.Status)
	}
	r = ina.do("POST", "/team/evidence/"+photoID.String()+"/scrub", nil, nil)
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/team/evidence/") {
		t.Errorf("scrub: %d %q", r.Status, r.Header.Get("Location"))
	}
	if r := ina.do("POST", "/team/evidence/"+scrubbed.ID.String()+"/scrub", nil, nil); r.Status != http.StatusBadRequest {
		t.Errorf("scrubbing a scrubbed copy: %d, want 400", r.Status)
	}
}

func sumHex(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }
