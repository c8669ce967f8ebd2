package archive_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/blob"
	"github.com/tizim/tizim/internal/media"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
)

// onlyReader hides every interface but io.Reader, as an HTTP request body does.
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

func pendingCount(t *testing.T, e *filesEnv) int {
	var ps []store.Pending
	if err := e.st.Read(context.Background(), func(tx *store.Tx) (err error) { ps, err = tx.PendingUploads(context.Background()); return err }); err != nil {
		t.Fatal(err)
	}
	return len(ps)
}

func TestIngestStream(t *testing.T) {
	eachFilesEnv(t, func(t *testing.T, e *filesEnv) {
		ctx := context.Background()
		who := archive.SystemActor("test")
		canary := "CANARY-" + blob.NewName()
		data := []byte("%PDF-1.4\n" + strings.Repeat(canary+" statement\n", 200000)) // ≈ 8 MB
		res, err := e.f.IngestStream(ctx, who, archive.Incoming{Name: "statement.pdf", About: []model.ID{e.person},
			ReceivedFrom: "her brother", How: "web upload"}, onlyReader{bytes.NewReader(data)}, nil)
		if err != nil || res.SHA256 != sum(data) || res.Size != int64(len(data)) || res.MediaType != "application/pdf" {
			t.Fatalf("stream ingest: %+v %v", res, err)
		}
		again, err := e.f.IngestStream(ctx, who, archive.Incoming{Name: "again.pdf", About: []model.ID{e.person}}, onlyReader{bytes.NewReader(data)}, nil)
		if err != nil || !again.Duplicate || again.ID != res.ID {
			t.Fatalf("second stream ingest: %+v %v, want a duplicate", again, err)
		}
		for _, b := range storedBytes(t, e) {
			if bytes.Contains(b, []byte(canary)) {
				t.Fatal("canary stored in the clear")
			}
		}
		var problems []string
		if rep, err := e.f.VerifyFiles(ctx, 0, func(p string) { problems = append(problems, p) }); err != nil || len(problems) > 0 || rep.Objects != 1 {
			t.Fatalf("verify: %v %q %+v", err, problems, rep)
		}

		// Refused files leave neither an object nor a pending row: over the type's size limit
		// (found while streaming), a pixel bomb (found in the stored object), not on the
		// allow-list (found in the first bytes).
		lim := media.DefaultLimits()
		lim.Size[media.PDF] = 1 << 20
		small := archive.NewFiles(e.a, archive.FilesConfig{Blobs: e.b.Store, Limits: &lim, Host: "test", PID: os.Getpid()})
		bomb := jpegWithEXIF(t, 8, 8)
		i := bytes.Index(bomb, []byte{0xff, 0xc0})
		bomb[i+5], bomb[i+6], bomb[i+7], bomb[i+8] = 0xea, 0x60, 0xea, 0x60
		for _, tc := range []struct {
			name string
			data []byte
		}{
			{"big.pdf", append([]byte("%PDF-1.4\n"), make([]byte, 2<<20)...)},
			{"bomb.jpg", bomb},
			{"tool.exe", append([]byte("MZ\x90\x00"), make([]byte, 5000)...)},
			{"empty", nil},
		} {
			_, err := small.IngestStream(ctx, who, archive.Incoming{Name: tc.name, About: []model.ID{e.person}}, onlyReader{bytes.NewReader(tc.data)}, nil)
			if !errors.Is(err, media.ErrRejected) {
				t.Errorf("%s: got %v, want rejected", tc.name, err)
			}
		}
		if n := len(storedBytes(t, e)); n != 1 {
			t.Errorf("refused uploads left objects: %d in the store, want 1", n)
		}
		if n := pendingCount(t, e); n != 0 {
			t.Errorf("refused uploads left %d pending rows", n)
		}
		// A researcher may not upload.
		if _, err := e.f.IngestStream(ctx, archive.Actor{Name: "r", Role: archive.Researcher}, archive.Incoming{Name: "x.pdf", About: []model.ID{e.person}},
			strings.NewReader("%PDF-1.4\nx"), nil); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("researcher upload: %v", err)
		}
	})
}

// TestScrubStored makes the public copies of a photo and a video that are already in the
// encrypted store (ingested without --scrub, from a stream: no local file exists), and
// checks that no plaintext reached the disk on the way.
func TestScrubStored(t *testing.T) {
	eachFilesEnv(t, func(t *testing.T, e *filesEnv) {
		ctx := context.Background()
		who := archive.SystemActor("test")
		photo := jpegWithEXIF(t, 64, 48)
		res, err := e.f.IngestStream(ctx, who, archive.Incoming{Name: "photo.jpg", About: []model.ID{e.person}}, onlyReader{bytes.NewReader(photo)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.f.Scrub(ctx, archive.Actor{Name: "r", Role: archive.Researcher}, res.ID); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("a researcher scrubbed: %v", err)
		}
		clean := scrubAndRead(t, e, res.ID)
		if ex := media.ReadEXIF(clean); ex.Present || bytes.Contains(clean, []byte("Canon")) {
			t.Errorf("scrubbed stored photo keeps EXIF: %+v", ex)
		}
		if _, err := e.f.Scrub(ctx, who, mustScrubbedOf(t, e, res.ID)); !errors.Is(err, archive.ErrNotOriginal) {
			t.Errorf("scrubbing a scrubbed copy: %v", err)
		}

		ffmpeg, err := exec.LookPath("ffmpeg")
		if err != nil {
			t.Skip("ffmpeg not installed: scrubbing stored video skipped")
		}
		// A plain (not fast-start) MP4: its index is at the end, so ffmpeg must seek.
		video := filepath.Join(t.TempDir(), "appeal.mp4")
		out, err := exec.Command(ffmpeg, "-v", "error", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=10:duration=2",
			"-f", "lavfi", "-i", "sine=duration=2", "-shortest", "-c:v", "mpeg4", "-c:a", "aac",
			"-metadata", "location=+43.2389+076.8897/", "-metadata", "com.apple.quicktime.make=Apple",
			"-metadata", "creation_time=2019-03-14T10:00:00Z", "-movflags", "use_metadata_tags", video).CombinedOutput()
		if err != nil {
			t.Fatalf("making the test video: %v %s", err, out)
		}
		vb, _ := os.ReadFile(video)
		if bytes.Index(vb, []byte("moov")) < bytes.Index(vb, []byte("mdat")) {
			t.Fatal("test video has its index first; it would not test seeking")
		}
		os.Remove(video) // from here on the video exists only encrypted
		vres, err := e.f.IngestStream(ctx, who, archive.Incoming{Name: "appeal.mp4", About: []model.ID{e.person}}, onlyReader{bytes.NewReader(vb)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, vfile, _ := e.f.Evidence(ctx, who, vres.ID)
		if !strings.Contains(vfile.Probe, `"codec":"mpeg4"`) {
			t.Errorf("ffprobe over the loopback gave %s", vfile.Probe)
		}
		tmpBefore := listTmp(t)
		cv := scrubAndRead(t, e, vres.ID)
		if len(cv) < 1000 || !bytes.Contains(cv[:64], []byte("ftyp")) {
			t.Fatalf("scrubbed video is %d bytes, not an MP4", len(cv))
		}
		for _, leak := range []string{"+43.2389", "Apple", "2019-03-14"} {
			if bytes.Contains(cv, []byte(leak)) {
				t.Errorf("scrubbed stored video still carries %q", leak)
			}
		}
		if after := listTmp(t); after != tmpBefore {
			t.Errorf("scrubbing wrote temporary files: before %q, after %q", tmpBefore, after)
		}
		var problems []string
		if _, err := e.f.VerifyFiles(ctx, 0, func(p string) { problems = append(problems, p) }); err != nil || len(problems) > 0 {
			t.Errorf("verify after scrubbing: %v %q", err, problems)
		}
		if _, file, _ := e.f.Evidence(ctx, who, vres.ID); file.SHA256 != sum(vb) {
			t.Error("the original's hash changed")
		}
	})
}

func scrubAndRead(t *testing.T, e *filesEnv, id model.ID) []byte {
	t.Helper()
	ctx := context.Background()
	sid, err := e.f.Scrub(ctx, archive.SystemActor("test"), id)
	if err != nil {
		t.Fatalf("scrub %s: %v", id, err)
	}
	ev, file, err := e.f.Evidence(ctx, archive.SystemActor("test"), sid)
	if err != nil || !archive.Publishable(ev, file) || ev.Original != id {
		t.Fatalf("scrubbed copy %+v: %v", ev, err)
	}
	c, err := e.f.Open(ctx, archive.Actor{Name: "r", Role: archive.Researcher}, sid, archive.View)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	b, _ := io.ReadAll(c)
	return b
}

func mustScrubbedOf(t *testing.T, e *filesEnv, id model.ID) model.ID {
	files, err := e.f.About(context.Background(), archive.SystemActor("test"), e.person)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Original == id {
			return f.ID
		}
	}
	t.Fatal("no scrubbed copy found")
	return model.ID{}
}

// listTmp names what is in the temporary folder, where a careless tool would spill.
func listTmp(t *testing.T) string {
	ents, _ := os.ReadDir(os.TempDir())
	var names []string
	for _, e := range ents {
		if !strings.HasPrefix(e.Name(), "go-build") && !strings.HasPrefix(e.Name(), "Test") {
			names = append(names, e.Name())
		}
	}
	return strings.Join(names, ",")
}

func TestScrubTwice(t *testing.T) {
	eachFilesEnv(t, func(t *testing.T, e *filesEnv) {
		res := ingestBytes(t, e, "p.jpg", jpegWithEXIF(t, 16, 16), archive.Incoming{Scrub: true})
		// The copy made at ingest is the one: asking again returns it, and adds none.
		again, err := e.f.Scrub(context.Background(), archive.SystemActor("test"), res.ID)
		if err != nil || again != res.Scrubbed {
			t.Fatalf("second scrub: %s %v, want %s", again, err, res.Scrubbed)
		}
		if n := len(storedBytes(t, e)); n != 2 {
			t.Errorf("%d objects, want the original and one copy", n)
		}
	})
}
