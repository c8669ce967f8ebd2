package archive_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/blob"
	"github.com/tizim/tizim/internal/blob/blobtest"
	"github.com/tizim/tizim/internal/media"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/store/storetest"
)

// filesEnv is an archive with one person on one engine and one blob backend.
type filesEnv struct {
	st     *store.Store
	a      *archive.Archive
	f      *archive.Files
	b      blobtest.Backend
	person model.ID
}

// eachFilesEnv runs fn on every database engine × blob backend.
func eachFilesEnv(t *testing.T, fn func(t *testing.T, e *filesEnv)) {
	for _, eng := range storetest.Engines(t) {
		for _, b := range blobtest.Backends(t) {
			t.Run(eng.Name+"/"+b.Name, func(t *testing.T) {
				ctx := context.Background()
				pg := ""
				if eng.Name == "postgres" {
					pg = storetest.Schema(t, os.Getenv("TIZIM_TEST_POSTGRES")) // a fresh schema per backend
				}
				st, err := store.Open(ctx, store.Config{SQLitePath: filepath.Join(t.TempDir(), "t.db"), PostgresURL: pg, Keys: storetest.Keys(t)})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { st.Close() })
				a := archive.New(st)
				p := &model.Person{Names: []model.NameForm{{Text: "Нұрлан Қадыров"}}, Status: model.StatusDetained}
				if err := a.Put(ctx, archive.SystemActor("test"), p, "test"); err != nil {
					t.Fatal(err)
				}
				f := archive.NewFiles(a, archive.FilesConfig{Blobs: b.Store, Tools: media.LookTools(), Host: "test", PID: os.Getpid()})
				fn(t, &filesEnv{st: st, a: a, f: f, b: b, person: p.ID})
			})
		}
	}
}

func sum(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

func ingestBytes(t *testing.T, e *filesEnv, name string, data []byte, in archive.Incoming) *archive.Ingested {
	t.Helper()
	in.Src, in.Size, in.Name = bytes.NewReader(data), int64(len(data)), name
	if in.About == nil {
		in.About = []model.ID{e.person}
	}
	res, err := e.f.Ingest(context.Background(), archive.SystemActor("test"), in, nil)
	if err != nil {
		t.Fatalf("ingest %s: %v", name, err)
	}
	return res
}

// storedBytes reads every stored object raw, as a thief of the bucket or folder would.
func storedBytes(t *testing.T, e *filesEnv) [][]byte {
	ctx := context.Background()
	var out [][]byte
	for info, err := range e.b.Store.List(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		o, err := e.b.Store.Open(ctx, info.Name)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(blob.NewReader(o))
		o.Close()
		out = append(out, b)
	}
	return out
}

func TestEvidenceCanaryVerifyAndTamper(t *testing.T) {
	eachFilesEnv(t, func(t *testing.T, e *filesEnv) {
		ctx := context.Background()
		canary := "CANARY-" + blob.NewName()
		data := []byte("%PDF-1.4\n" + strings.Repeat(canary+" testimony of a relative\n", 5000))
		res := ingestBytes(t, e, "appeal.pdf", data, archive.Incoming{})
		if res.SHA256 != sum(data) || res.MediaType != "application/pdf" {
			t.Fatalf("got %s %s, want %s application/pdf", res.SHA256, res.MediaType, sum(data))
		}
		again := ingestBytes(t, e, "copy.pdf", data, archive.Incoming{})
		if !again.Duplicate || again.ID != res.ID {
			t.Errorf("second ingest: got %+v, want a duplicate of %s", again, res.ID)
		}
		for _, b := range storedBytes(t, e) {
			if bytes.Contains(b, []byte(canary)) || bytes.Contains(b, []byte(res.SHA256)) {
				t.Fatal("the canary or the hash is stored in the clear")
			}
		}
		if e.b.Dir != "" {
			filepath.Walk(e.b.Dir, func(p string, fi os.FileInfo, err error) error {
				if strings.Contains(p, res.SHA256[:16]) {
					t.Errorf("a stored name reveals the hash: %s", p)
				}
				return nil
			})
		}
		var problems []string
		rep, err := e.f.VerifyFiles(ctx, 0, func(p string) { problems = append(problems, p) })
		if err != nil || len(problems) > 0 || rep.Files != 1 {
			t.Fatalf("verify: %v %v %+v", err, problems, rep)
		}
		// Playback reads back the plaintext with seeking.
		c, err := e.f.Open(ctx, archive.SystemActor("test"), res.ID, archive.View)
		if err != nil {
			t.Fatal(err)
		}
		c.Seek(int64(len(data)-10), io.SeekStart)
		tail, _ := io.ReadAll(c)
		c.Close()
		if !bytes.Equal(tail, data[len(data)-10:]) {
			t.Errorf("seek and read: got %q, want %q", tail, data[len(data)-10:])
		}
		// A researcher may not open an original.
		if _, err := e.f.Open(ctx, archive.Actor{Name: "r", Role: archive.Researcher}, res.ID, archive.Download); err == nil {
			t.Error("a researcher opened an original")
		}
		// One byte changed in the stored object: verify names the file.
		tamper(t, e)
		problems = nil
		e.f.VerifyFiles(ctx, 0, func(p string) { problems = append(problems, p) })
		if len(problems) != 1 || !strings.Contains(problems[0], res.ID.String()) || !strings.Contains(problems[0], "appeal.pdf") {
			t.Errorf("after tampering: got %q, want one problem naming %s", problems, res.ID)
		}
	})
}

// tamper flips one byte in the middle of the only stored object.
func tamper(t *testing.T, e *filesEnv) {
	ctx := context.Background()
	for info := range e.b.Store.List(ctx) {
		o, _ := e.b.Store.Open(ctx, info.Name)
		b, _ := io.ReadAll(blob.NewReader(o))
		o.Close()
		b[len(b)/2] ^= 1
		e.b.Store.Delete(ctx, info.Name)
		w, _ := e.b.Store.Create(ctx, info.Name)
		w.Write(b)
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestEvidenceRejects(t *testing.T) {
	eachFilesEnv(t, func(t *testing.T, e *filesEnv) {
		bomb := jpegWithEXIF(t, 8, 8)
		// Claim 60000×60000 pixels in the SOF0 header: DecodeConfig reads it, nothing decodes.
		i := bytes.Index(bomb, []byte{0xff, 0xc0})
		bomb[i+5], bomb[i+6], bomb[i+7], bomb[i+8] = 0xea, 0x60, 0xea, 0x60
		for _, tc := range []struct{ name, data string }{
			{"zip archive", "PK\x03\x04" + strings.Repeat("x", 100)},
			{"executable", "\x7fELF" + strings.Repeat("\x00", 100)},
			{"html", "<html><script>alert(1)</script></html>"},
			{"pixel bomb", string(bomb)},
			{"empty", ""},
		} {
			_, err := e.f.Ingest(context.Background(), archive.SystemActor("test"),
				archive.Incoming{Src: strings.NewReader(tc.data), Size: int64(len(tc.data)), Name: tc.name, About: []model.ID{e.person}}, nil)
			if err == nil {
				t.Errorf("%s: accepted, want rejected", tc.name)
			}
		}
		if objs := storedBytes(t, e); len(objs) != 0 {
			t.Errorf("rejected files left %d object(s)", len(objs))
		}
	})
}

func TestScrubbedPhotoAndVideo(t *testing.T) {
	eachFilesEnv(t, func(t *testing.T, e *filesEnv) {
		ctx := context.Background()
		photo := jpegWithEXIF(t, 64, 48)
		if ex := media.ReadEXIF(photo); !ex.GPS || ex.Make != "Canon" {
			t.Fatalf("test photo lacks its metadata: %+v", ex)
		}
		res := ingestBytes(t, e, "photo.jpg", photo, archive.Incoming{Scrub: true})
		if res.SHA256 != sum(photo) || res.Scrubbed.IsZero() {
			t.Fatalf("got %+v, want the original's hash and a scrubbed copy", res)
		}
		c, err := e.f.Open(ctx, archive.Actor{Name: "r", Role: archive.Researcher}, res.Scrubbed, archive.View)
		if err != nil {
			t.Fatalf("a researcher cannot open the scrubbed copy: %v", err)
		}
		clean, _ := io.ReadAll(c)
		c.Close()
		if segs := media.MetadataSegments(clean); len(segs) > 1 || (len(segs) == 1 && segs[0] != "APP0") {
			t.Errorf("scrubbed photo keeps metadata segments %v", segs)
		}
		if ex := media.ReadEXIF(clean); ex.Present || bytes.Contains(clean, []byte("Canon")) {
			t.Errorf("scrubbed photo keeps EXIF: %+v", ex)
		}
		ev, file, err := e.f.Evidence(ctx, archive.SystemActor("test"), res.Scrubbed)
		if err != nil || !archive.Publishable(ev, file) || ev.Original != res.ID {
			t.Errorf("scrubbed copy: %+v %v, want a publishable derivative of %s", ev, err, res.ID)
		}
		orig, ofile, _ := e.f.Evidence(ctx, archive.SystemActor("test"), res.ID)
		if archive.Publishable(orig, ofile) {
			t.Error("the original is publishable")
		}

		ffmpeg, err := exec.LookPath("ffmpeg")
		if err != nil {
			t.Skip("ffmpeg not installed: video scrubbing skipped")
		}
		video := filepath.Join(t.TempDir(), "appeal.mp4")
		out, err := exec.Command(ffmpeg, "-v", "error", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=10:duration=1",
			"-f", "lavfi", "-i", "sine=duration=1", "-shortest", "-c:v", "mpeg4", "-c:a", "aac",
			"-metadata", "location=+43.2389+076.8897/", "-metadata", "com.apple.quicktime.make=Apple",
			"-metadata", "creation_time=2019-03-14T10:00:00Z", "-movflags", "use_metadata_tags", video).CombinedOutput()
		if err != nil {
			t.Fatalf("making the test video: %v %s", err, out)
		}
		vb, _ := os.ReadFile(video)
		if !bytes.Contains(vb, []byte("+43.2389")) {
			t.Fatal("test video lacks its GPS tag")
		}
		fh, _ := os.Open(video)
		defer fh.Close()
		vres, err := e.f.Ingest(ctx, archive.SystemActor("test"), archive.Incoming{Src: fh, Size: int64(len(vb)), Name: "appeal.mp4",
			Path: video, About: []model.ID{e.person}, Scrub: true}, nil)
		if err != nil || vres.Scrubbed.IsZero() || vres.SHA256 != sum(vb) {
			t.Fatalf("video ingest: %+v %v", vres, err)
		}
		c, err = e.f.Open(ctx, archive.SystemActor("test"), vres.Scrubbed, archive.View)
		if err != nil {
			t.Fatal(err)
		}
		cv, _ := io.ReadAll(c)
		c.Close()
		for _, leak := range []string{"+43.2389", "Apple", "2019-03-14"} {
			if bytes.Contains(cv, []byte(leak)) {
				t.Errorf("scrubbed video still carries %q", leak)
			}
		}
		if p, err := exec.LookPath("ffprobe"); err == nil {
			tmp := filepath.Join(t.TempDir(), "clean.mp4")
			os.WriteFile(tmp, cv, 0o600)
			meta, _ := exec.Command(p, "-v", "error", "-show_entries", "format_tags:stream_tags", "-of", "default", tmp).Output()
			if bytes.Contains(meta, []byte("location")) || bytes.Contains(meta, []byte("creation_time")) || bytes.Contains(meta, []byte("make")) {
				t.Errorf("ffprobe finds tags in the scrubbed video: %s", meta)
			}
		}
	})
}

// jpegWithEXIF makes a JPEG with an APP1 EXIF block holding a camera make, model and a
// GPS pointer, as phones write them.
func jpegWithEXIF(t *testing.T, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 4), uint8(y * 4), 128, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	// TIFF, big-endian: IFD0 with Make, Model and a GPS IFD pointer.
	tiff := []byte("MM\x00\x2a\x00\x00\x00\x08")
	tiff = append(tiff, 0x00, 0x03)                                      // three entries
	tiff = append(tiff, 0x01, 0x0f, 0x00, 0x02, 0, 0, 0, 6, 0, 0, 0, 50) // Make → offset 50
	tiff = append(tiff, 0x01, 0x10, 0x00, 0x02, 0, 0, 0, 4, 'E', 'O', 'S', 0)
	tiff = append(tiff, 0x88, 0x25, 0x00, 0x04, 0, 0, 0, 1, 0, 0, 0, 56) // GPS IFD → offset 56
	tiff = append(tiff, 0, 0, 0, 0)
	for len(tiff) < 50 {
		tiff = append(tiff, 0)
	}
	tiff = append(tiff, "Canon\x00"...)
	tiff = append(tiff, 0, 0) // an empty GPS IFD
	app1 := append([]byte("Exif\x00\x00"), tiff...)
	seg := []byte{0xff, 0xe1, byte((len(app1) + 2) >> 8), byte(len(app1) + 2)}
	seg = append(seg, app1...)
	b := buf.Bytes()
	return append(append(append([]byte{}, b[:2]...), seg...), b[2:]...)
}
