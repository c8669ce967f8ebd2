package app

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestTokenCommand: token add prints a token once, list shows it without the token,
// revoke ends it, and verify still passes (the audit chain holds the token entries).
func TestTokenCommand(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	env := map[string]string{"TIZIM_PASSPHRASE": "a passphrase of several words"}
	r := run(t, env, "init", "--data", dir)
	code := regexp.MustCompile(`[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{5}`).FindString(r.stdout)
	if r.code != 0 || code == "" {
		t.Fatalf("init: %d %s %s", r.code, r.stdout, r.stderr)
	}
	c := Config{DataDir: dir, Passphrase: env["TIZIM_PASSPHRASE"]}
	o, err := open(ctx, &c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.Auth.Enrol(ctx, code, "aigul", "four words are enough"); err != nil {
		t.Fatal(err)
	}
	o.Close()

	if r := run(t, env, "token", "add", "--data", dir); r.code != 2 {
		t.Errorf("token add without --user: exit %d", r.code)
	}
	if r := run(t, env, "token", "add", "--data", dir, "--user", "aigul", "--expires", "soon"); r.code != 2 {
		t.Errorf("bad --expires: exit %d", r.code)
	}
	if r := run(t, env, "token", "add", "--data", dir, "--user", "nobody"); r.code != 1 {
		t.Errorf("token for an unknown user: exit %d", r.code)
	}
	r = run(t, env, "token", "add", "--data", dir, "--user", "aigul", "--expires", "30d", "--label", "openrefine")
	tok := regexp.MustCompile(`tzt_[A-Za-z0-9_-]{43}`).FindString(r.stdout)
	if r.code != 0 || tok == "" {
		t.Fatalf("token add: %d %s %s", r.code, r.stdout, r.stderr)
	}
	r = run(t, env, "token", "list", "--data", dir)
	if r.code != 0 || !strings.Contains(r.stdout, "aigul") || !strings.Contains(r.stdout, "active") || !strings.Contains(r.stdout, "openrefine") ||
		strings.Contains(r.stdout, tok) {
		t.Fatalf("token list: %d %s", r.code, r.stdout)
	}
	id := regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`).FindString(r.stdout)
	if r := run(t, env, "token", "revoke", "--data", dir, id); r.code != 0 {
		t.Fatalf("token revoke %q: %d %s %s", id, r.code, r.stdout, r.stderr)
	}
	if r := run(t, env, "token", "list", "--data", dir); !strings.Contains(r.stdout, "revoked") {
		t.Errorf("after revoke: %s", r.stdout)
	}
	if r := run(t, env, "verify", "--data", dir); r.code != 0 {
		t.Errorf("verify: %d %s %s", r.code, r.stdout, r.stderr)
	}
}
