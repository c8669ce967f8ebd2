package archive_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/blob"
	"github.com/tizim/tizim/internal/crypt"
	"github.com/tizim/tizim/internal/model"
)

// onlyObject returns the name and raw bytes of the store's single object.
func onlyObject(t *testing.T, e *filesEnv) (string, []byte) {
	t.Helper()
	ctx := context.Background()
	var name string
	var raw []byte
	for info, err := range e.b.Store.List(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		if name != "" {
			t.Fatal("more than one object")
		}
		o, err := e.b.Store.Open(ctx, info.Name)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ = io.ReadAll(blob.NewReader(o))
		o.Close()
		name = info.Name
	}
	return name, raw
}

// replaceObject writes raw under name in place of what was there.
func replaceObject(t *testing.T, e *filesEnv, name string, raw []byte) {
	t.Helper()
	ctx := context.Background()
	if err := e.b.Store.Delete(ctx, name); err != nil {
		t.Fatal(err)
	}
	w, err := e.b.Store.Create(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(raw)
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
}

// TestEvidenceChunkedFormat checks that new objects are in the chunked format (ADR 0601),
// read back with range requests across chunk edges, and that verify names a file whose
// chunks were reordered or cut off.
func TestEvidenceChunkedFormat(t *testing.T) {
	eachFilesEnv(t, func(t *testing.T, e *filesEnv) {
		ctx := context.Background()
		data := make([]byte, 3<<20+12345) // four 1 MiB chunks, the last partial
		rand.Read(data)
		copy(data, "%PDF-1.7\n")
		res := ingestBytes(t, e, "scan.pdf", data, archive.Incoming{})
		name, raw := onlyObject(t, e)
		if !crypt.IsChunkedBlob(raw) {
			t.Fatalf("new object starts %q, want the chunked format", raw[:16])
		}
		if want := int64(100 + len(data) + 4*16); int64(len(raw)) != want {
			t.Errorf("stored %d bytes, want %d", len(raw), want)
		}
		c, err := e.f.Open(ctx, archive.SystemActor("test"), res.ID, archive.View)
		if err != nil {
			t.Fatal(err)
		}
		for _, off := range []int64{0, 1<<20 - 3, 2 << 20, int64(len(data)) - 7} {
			buf := make([]byte, 10)
			c.Seek(off, io.SeekStart)
			n, _ := io.ReadFull(c, buf)
			if !bytes.Equal(buf[:n], data[off:min(off+10, int64(len(data)))]) {
				t.Errorf("read at %d: wrong bytes", off)
			}
		}
		c.Close()

		for _, tc := range []struct {
			what string
			raw  []byte
		}{
			{"chunks 1 and 2 swapped", swapChunks(raw, 1, 2)},
			{"last chunk cut off", raw[:100+3*(1<<20+16)]},
		} {
			replaceObject(t, e, name, tc.raw)
			var problems []string
			if _, err := e.f.VerifyFiles(ctx, 0, func(p string) { problems = append(problems, p) }); err != nil {
				t.Fatal(err)
			}
			if len(problems) != 1 || !strings.Contains(problems[0], res.ID.String()) {
				t.Errorf("%s: verify reported %q, want one problem naming %s", tc.what, problems, res.ID)
			}
		}
	})
}

func swapChunks(raw []byte, i, j int) []byte {
	const cs = 1<<20 + 16
	b := bytes.Clone(raw)
	copy(b[100+i*cs:100+(i+1)*cs], raw[100+j*cs:100+(j+1)*cs])
	copy(b[100+j*cs:100+(j+1)*cs], raw[100+i*cs:100+(i+1)*cs])
	return b
}

// TestEvidenceLegacyAgeObjects checks that an object written in the age format of ADR 0600
// (before the chunked format) still plays, seeks and verifies: stored files are not migrated,
// so every one of them must stay readable.
func TestEvidenceLegacyAgeObjects(t *testing.T) {
	eachFilesEnv(t, func(t *testing.T, e *filesEnv) {
		ctx := context.Background()
		data := []byte("%PDF-1.4\n" + strings.Repeat("an appeal recorded in 2019\n", 20000))
		res := ingestBytes(t, e, "old.pdf", data, archive.Incoming{})
		name, _ := onlyObject(t, e)
		// Rewrite the object as ADR 0600 ingest wrote it.
		var enc bytes.Buffer
		aw, err := age.Encrypt(&enc, e.st.Keys().BlobRecipient(name))
		if err != nil {
			t.Fatal(err)
		}
		aw.Write(data)
		aw.Close()
		replaceObject(t, e, name, enc.Bytes())
		if _, raw := onlyObject(t, e); crypt.IsChunkedBlob(raw) || !bytes.HasPrefix(raw, []byte("age-encryption.org/v1")) {
			t.Fatal("the test object is not an age file")
		}
		var problems []string
		rep, err := e.f.VerifyFiles(ctx, 0, func(p string) { problems = append(problems, p) })
		if err != nil || len(problems) > 0 || rep.Files != 1 {
			t.Fatalf("verify of an age object: %v %q %+v", err, problems, rep)
		}
		c, err := e.f.Open(ctx, archive.SystemActor("test"), res.ID, archive.View)
		if err != nil {
			t.Fatal(err)
		}
		c.Seek(int64(len(data)-30), io.SeekStart)
		tail, _ := io.ReadAll(c)
		c.Close()
		if !bytes.Equal(tail, data[len(data)-30:]) {
			t.Errorf("age object: seek and read gave %q", tail)
		}
		// And a damaged age object is still reported.
		tamper(t, e)
		problems = nil
		e.f.VerifyFiles(ctx, 0, func(p string) { problems = append(problems, p) })
		if len(problems) != 1 || !strings.Contains(problems[0], res.ID.String()) {
			t.Errorf("damaged age object: verify reported %q", problems)
		}
	})
}

// TestIngestFileChangedWhileRead: a local file that another program modifies while it is
// ingested (here its modification time moves on all the time) is refused and leaves
// nothing behind, rather than being stored with a hash that may not be its content's.
func TestIngestFileChangedWhileRead(t *testing.T) {
	eachFilesEnv(t, func(t *testing.T, e *filesEnv) {
		path := filepath.Join(t.TempDir(), "moving.pdf")
		data := make([]byte, 32<<20)
		rand.Read(data)
		copy(data, "%PDF-1.4\n")
		os.WriteFile(path, data, 0o600)
		fh, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer fh.Close()
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			at := time.Now()
			for {
				select {
				case <-stop:
					return
				default:
				}
				at = at.Add(time.Second)
				os.Chtimes(path, at, at)
			}
		}()
		_, err = e.f.Ingest(context.Background(), archive.SystemActor("test"), archive.Incoming{Src: fh, Size: int64(len(data)),
			Name: "moving.pdf", Path: path, About: []model.ID{e.person}}, nil)
		close(stop)
		<-done
		if !errors.Is(err, archive.ErrChangedWhileRead) {
			t.Fatalf("got %v, want ErrChangedWhileRead", err)
		}
		if n := len(storedBytes(t, e)); n != 0 {
			t.Errorf("%d objects left behind", n)
		}
		if n := pendingCount(t, e); n != 0 {
			t.Errorf("%d pending rows left behind", n)
		}
	})
}
