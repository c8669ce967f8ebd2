package app

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tizim/tizim/internal/blob"
	"github.com/tizim/tizim/internal/blob/blobtest"
	"github.com/tizim/tizim/internal/store/storetest"
)

// TestManifestKillAndResume is the bulk-ingest acceptance test: the built binary ingests a
// manifest, is killed with SIGKILL half way, and the same command run again finishes the
// job: every file exactly once in the full export, no row without its file, verify passes.
// It runs on each engine with the folder and with an S3 server.
func TestManifestKillAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "tizim")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/tizim/tizim/cmd/tizim").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, eng := range storetest.Engines(t) {
		for _, backend := range []string{"local", "s3-fake"} {
			t.Run(eng.Name+"/"+backend, func(t *testing.T) {
				if eng.Name == "postgres" {
					eng.PostgresURL = storetest.Schema(t, os.Getenv("TIZIM_TEST_POSTGRES")) // one database per run
				}
				killAndResume(t, bin, eng, backend)
			})
		}
	}
}

func killAndResume(t *testing.T, bin string, eng storetest.Engine, backend string) {
	dir := filepath.Join(t.TempDir(), "data")
	var b blobtest.Backend
	if backend == "s3-fake" {
		b = blobtest.Fake(t)
	}
	env := map[string]string{"TIZIM_DATABASE_URL": eng.PostgresURL, "TIZIM_BLOB_URL": b.URL,
		"AWS_ACCESS_KEY_ID": b.AccessKey, "AWS_SECRET_ACCESS_KEY": b.SecretKey}
	if r := run(t, env, "init", "--data", dir); r.code != 0 {
		t.Fatalf("init: %d %s", r.code, r.stderr)
	}
	if backend == "local" {
		l, err := blob.OpenLocal(filepath.Join(dir, "blobs")) // the archive's own folder, to watch
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		b.Store = l
	}
	files := t.TempDir()
	var man strings.Builder
	man.WriteString("file,about,testifier,kind,recorded_on,language,consent,notes\n")
	const n = 40
	for i := range n {
		body := make([]byte, 300_000)
		rand.Read(body)
		name := fmt.Sprintf("appeal-%03d.pdf", i)
		os.WriteFile(filepath.Join(files, name), append([]byte("%PDF-1.4\n"), body...), 0o600)
		fmt.Fprintf(&man, "%s,Нұрлан Қадыров | Айгүл Қадырова,Бақыт Қадыров,video_appeal,2019-0%d,kk,internal,appeal %d\n", name, 1+i%9, i)
	}
	manifest := filepath.Join(files, "appeals.csv")
	os.WriteFile(manifest, []byte(man.String()), 0o600)

	cmd := exec.Command(bin, "attach", "--data", dir, "--manifest", manifest)
	cmd.Env = append(os.Environ(), "TIZIM_DATABASE_URL="+eng.PostgresURL, "TIZIM_BLOB_URL="+b.URL,
		"AWS_ACCESS_KEY_ID="+b.AccessKey, "AWS_SECRET_ACCESS_KEY="+b.SecretKey)
	stderr, _ := cmd.StderrPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go bufio.NewScanner(stdout).Scan()
	// Kill once the first progress line shows some files in: mid-run, mid-file most likely.
	sc := bufio.NewScanner(stderr)
	killed := make(chan struct{})
	go func() {
		defer close(killed)
		deadline := time.After(60 * time.Second)
		for {
			select {
			case <-deadline:
				return
			default:
			}
			if countObjects(t, b) >= 5 {
				cmd.Process.Signal(syscall.SIGKILL)
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	go func() {
		for sc.Scan() {
		}
	}()
	<-killed
	cmd.Wait()
	if cmd.ProcessState.Success() {
		t.Log("the first run finished before it could be killed")
	}

	r := run(t, env, "attach", "--data", dir, "--manifest", manifest)
	if r.code != 0 {
		t.Fatalf("second run: exit %d\n%s", r.code, r.stderr)
	}
	if r := run(t, env, "verify", "--data", dir); r.code != 0 {
		t.Fatalf("verify after resume: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	out := filepath.Join(t.TempDir(), "full.jsonl")
	if r := run(t, env, "export", "--data", dir, "--format", "jsonl", "--plaintext", "--out", out); r.code != 0 {
		t.Fatalf("export: %d %s", r.code, r.stderr)
	}
	raw, _ := os.ReadFile(out)
	seen := map[string]int{}
	testimonies := 0
	for _, line := range bytes.Split(raw, []byte("\n")) {
		var rec struct {
			Kind   string `json:"kind"`
			Record struct {
				SHA256 string `json:"sha256"`
			} `json:"record"`
		}
		if json.Unmarshal(line, &rec) != nil {
			continue
		}
		if rec.Kind == "evidence" {
			seen[rec.Record.SHA256]++
		}
		if bytes.Contains(line, []byte(`"medium":"video_appeal"`)) {
			testimonies++
		}
	}
	if len(seen) != n {
		t.Errorf("export lists %d distinct files, want %d", len(seen), n)
	}
	for s, k := range seen {
		if k != 1 {
			t.Errorf("sha256 %s listed %d times, want once", s, k)
		}
	}
	if testimonies != n {
		t.Errorf("got %d video-appeal testimonies, want %d (one per file)", testimonies, n)
	}
	if got := countObjects(t, b); got != n {
		t.Errorf("blob store holds %d objects, want %d", got, n)
	}
}

// countObjects counts committed objects in the backend.
func countObjects(t *testing.T, b blobtest.Backend) int {
	n := 0
	for info, err := range b.Store.List(t.Context()) {
		if err == nil && !info.Partial {
			n++
		}
	}
	return n
}
