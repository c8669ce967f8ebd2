package app

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/tizim/tizim/internal/store/storetest"
)

type result struct {
	code           int
	stdout, stderr string
}

func run(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return env[k] }})
	return result{code, out.String(), errb.String()}
}

func countLines(s string) int { return strings.Count(s, "\n") }

func TestUsageAndExitCodes(t *testing.T) {
	if r := run(t, nil); r.code != 2 {
		t.Errorf("no command: exit %d, want 2", r.code)
	}
	if r := run(t, nil, "frobnicate"); r.code != 2 {
		t.Errorf("unknown command: exit %d, want 2", r.code)
	}
	if r := run(t, nil, "export", "--format", "xml"); r.code != 2 || !strings.Contains(r.stderr, "--format") {
		t.Errorf("bad flag value: exit %d, %q", r.code, r.stderr)
	}
	dir := t.TempDir()
	if r := run(t, nil, "verify", "--data", dir); r.code != 1 || !strings.Contains(r.stderr, "not a tizim archive") {
		t.Errorf("verify on an empty dir: exit %d, %q", r.code, r.stderr)
	}
}

// TestInitExportVerify walks the acceptance path of the foundation issue on the embedded
// default: an archive with reference and synthetic data; full export larger than the public
// one; verify passes, then fails after one byte of the database changes.
func TestInitExportVerify(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) { demoAcceptance(t, e) })
	}
}

func demoAcceptance(t *testing.T, e storetest.Engine) {
	dir := filepath.Join(t.TempDir(), "data")
	env := map[string]string{"TIZIM_DATABASE_URL": e.PostgresURL}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var errb bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, []string{"serve", "--demo", "--demo-persons", "300", "--data", dir, "--addr", "127.0.0.1:0"},
			&Env{Stdin: strings.NewReader(""), Stdout: pw, Stderr: &errb, Getenv: func(k string) string { return env[k] }})
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	var base, code string
	deadline := time.After(90 * time.Second)
	lines := make(chan string)
	go func() {
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	for base == "" || code == "" {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("server stopped: %s", errb.String())
			}
			if m := regexp.MustCompile(`at (http://\S+/)`).FindStringSubmatch(l); m != nil {
				base = m[1]
			}
			if m := regexp.MustCompile(`code \(shown once\): (\S+)`).FindStringSubmatch(l); m != nil {
				code = m[1]
			}
		case <-deadline:
			t.Fatalf("demo did not start in 90 s: %s", errb.String())
		}
	}
	go func() {
		for range lines {
		}
	}()
	if got := debug.SetMemoryLimit(-1); got != serveMemoryLimit {
		t.Errorf("memory limit while serving: %d, want %d", got, serveMemoryLimit)
	}
	for _, path := range []string{"healthz", "", "stats", "api/v1/public/people?limit=5"} {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Errorf("GET /%s: %d", path, res.StatusCode)
		}
		if res.Header.Get("Content-Security-Policy") == "" {
			t.Errorf("GET /%s: no CSP", path)
		}
		if strings.HasPrefix(path, "api/") {
			var v struct{ People []map[string]any }
			if err := json.Unmarshal(body, &v); err != nil || len(v.People) == 0 {
				t.Errorf("public API: %v, %d people: %.200s", err, len(v.People), body)
			}
		}
	}
	cancel()
	if c := <-done; c != 0 {
		t.Fatalf("serve exit %d: %s", c, errb.String())
	}

	full := run(t, env, "export", "--data", dir, "--format", "jsonl", "--plaintext")
	pub := run(t, env, "export", "--data", dir, "--format", "jsonl", "--public")
	if full.code != 0 || pub.code != 0 {
		t.Fatalf("export: %d %q / %d %q", full.code, full.stderr, pub.code, pub.stderr)
	}
	if countLines(full.stdout) <= countLines(pub.stdout) || countLines(pub.stdout) == 0 {
		t.Errorf("full export %d lines, public %d", countLines(full.stdout), countLines(pub.stdout))
	}
	if r := run(t, env, "export", "--data", dir, "--format", "jsonl"); r.code != 2 {
		t.Errorf("unencrypted full export without --plaintext: exit %d", r.code)
	}
	if r := run(t, env, "verify", "--data", dir); r.code != 0 {
		t.Fatalf("verify: %d %s %s", r.code, r.stdout, r.stderr)
	}
	if e.Name != "sqlite" {
		return
	}
	db := filepath.Join(dir, "tizim.db")
	b, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0x40
	if err := os.WriteFile(db, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if r := run(t, env, "verify", "--data", dir); r.code != 1 {
		t.Fatalf("verify after a changed byte: exit %d, %s %s", r.code, r.stdout, r.stderr)
	}
}

func TestPassphraseArchive(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	env := map[string]string{"TIZIM_PASSPHRASE": "a passphrase of several words"}
	r := run(t, env, "init", "--data", dir)
	if r.code != 0 || !strings.Contains(r.stdout, "enrolment code") {
		t.Fatalf("init: %d %s %s", r.code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stderr, "WARNING") {
		t.Errorf("passphrase archive warned about a key in the data dir: %s", r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "tizim.key")); err == nil {
		t.Error("passphrase archive wrote a key file")
	}
	if r := run(t, nil, "verify", "--data", dir); r.code != 1 || !strings.Contains(r.stderr, "TIZIM_PASSPHRASE") {
		t.Errorf("verify without the passphrase: %d %q", r.code, r.stderr)
	}
	if r := run(t, map[string]string{"TIZIM_PASSPHRASE": "wrong"}, "verify", "--data", dir); r.code != 1 || !strings.Contains(r.stderr, "wrong passphrase") {
		t.Errorf("verify with a wrong passphrase: %d %q", r.code, r.stderr)
	}
	if r := run(t, env, "user", "add", "--data", dir, "--role", "researcher"); r.code != 0 || !strings.Contains(r.stdout, "code") {
		t.Errorf("user add: %d %s %s", r.code, r.stdout, r.stderr)
	}
	if r := run(t, env, "user", "list", "--data", dir); r.code != 0 || strings.Count(r.stdout, "invited") != 2 {
		t.Errorf("user list: %d %s", r.code, r.stdout)
	}
	if r := run(t, env, "verify", "--data", dir); r.code != 0 {
		t.Errorf("verify: %d %s %s", r.code, r.stdout, r.stderr)
	}
	if r := run(t, env, "init", "--data", dir); r.code != 1 {
		t.Errorf("second init over an archive: exit %d", r.code)
	}
}
