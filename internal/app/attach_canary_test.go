package app

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tizim/tizim/internal/blob"
	"github.com/tizim/tizim/internal/blob/blobtest"
	"github.com/tizim/tizim/internal/store/storetest"
)

// TestAttachCanaryAcceptance is issue 6's first acceptance check, end to end through the
// commands, on every engine and blob backend: a file holding a canary string is attached to
// a person; its bytes are nowhere in plaintext under the data directory (nor in the
// bucket); `tizim verify` passes; after one byte of the stored object is changed, verify
// exits 1 and names the file.
func TestAttachCanaryAcceptance(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		for _, b := range blobtest.Backends(t) {
			t.Run(eng.Name+"/"+b.Name, func(t *testing.T) {
				if eng.Name == "postgres" {
					eng.PostgresURL = storetest.Schema(t, os.Getenv("TIZIM_TEST_POSTGRES"))
				}
				canaryAcceptance(t, eng, b)
			})
		}
	}
}

func canaryAcceptance(t *testing.T, eng storetest.Engine, b blobtest.Backend) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	env := map[string]string{"TIZIM_DATABASE_URL": eng.PostgresURL, "TIZIM_BLOB_URL": b.URL,
		"AWS_ACCESS_KEY_ID": b.AccessKey, "AWS_SECRET_ACCESS_KEY": b.SecretKey}
	if r := run(t, env, "init", "--data", dir); r.code != 0 {
		t.Fatalf("init: %d %s", r.code, r.stderr)
	}
	if b.URL == "" { // the folder backend: the archive's own folder under the data directory
		l, err := blob.OpenLocal(filepath.Join(dir, "blobs"))
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		b.Store = l
	}
	src := t.TempDir()
	people := filepath.Join(src, "people.csv")
	os.WriteFile(people, []byte("id,name,status\ncanary-1,Canary Person,detained\n"), 0o600)
	if r := run(t, env, "import", "--data", dir, people); r.code != 0 {
		t.Fatalf("import: %d %s", r.code, r.stderr)
	}
	canary := "CANARY-" + blob.NewName()
	file := filepath.Join(src, "testimony.pdf")
	os.WriteFile(file, []byte("%PDF-1.4\n"+strings.Repeat(canary+" what my father told me\n", 3000)), 0o600)
	if r := run(t, env, "attach", "--data", dir, "--to", "canary-1", "--from", "his daughter", "--how", "in person", file); r.code != 0 {
		t.Fatalf("attach: %d %s %s", r.code, r.stdout, r.stderr)
	}

	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if raw, _ := os.ReadFile(p); bytes.Contains(raw, []byte(canary)) {
			t.Errorf("the canary is in plaintext in %s", p)
		}
		return nil
	})
	var objects []string
	for info, err := range b.Store.List(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		o, err := b.Store.Open(ctx, info.Name)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(blob.NewReader(o))
		o.Close()
		if bytes.Contains(raw, []byte(canary)) {
			t.Errorf("the canary is in plaintext in object %s", info.Name)
		}
		objects = append(objects, info.Name)
	}
	if len(objects) != 1 {
		t.Fatalf("%d objects stored, want 1", len(objects))
	}
	if r := run(t, env, "verify", "--data", dir); r.code != 0 {
		t.Fatalf("verify: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// One byte of the stored object changed.
	o, _ := b.Store.Open(ctx, objects[0])
	raw, _ := io.ReadAll(blob.NewReader(o))
	o.Close()
	raw[len(raw)/2] ^= 0x01
	b.Store.Delete(ctx, objects[0])
	w, _ := b.Store.Create(ctx, objects[0])
	w.Write(raw)
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	r := run(t, env, "verify", "--data", dir)
	if r.code != 1 || !strings.Contains(r.stdout, "testimony.pdf") || !strings.Contains(r.stdout, objects[0]) {
		t.Errorf("verify after a changed byte: exit %d, want 1 naming testimony.pdf\n%s%s", r.code, r.stdout, r.stderr)
	}
}
