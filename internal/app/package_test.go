package app

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tizim/tizim/internal/store/storetest"
)

// TestOpenDataPackage builds an archive from a synthetic JSONL (with consents, so some
// persons are published) plus an internal person full of canaries, exports the open-data
// package and checks that no confidential value and no internal person is in it, that the
// signature verifies, and that any change to a file is caught.
func TestOpenDataPackage(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) { openDataPackage(t, e) })
	}
}

func openDataPackage(t *testing.T, e storetest.Engine) {
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "data")
	env := map[string]string{"TIZIM_DATABASE_URL": e.PostgresURL}
	if r := run(t, env, "init", "--data", dir); r.code != 0 {
		t.Fatalf("init: %s", r.stderr)
	}
	src := filepath.Join(tmp, "archive.jsonl")
	if r := run(t, nil, "synth", "--persons", "400", "--out", src); r.code != 0 {
		t.Fatalf("synth: %s", r.stderr)
	}
	canary := filepath.Join(tmp, "canary.csv")
	os.WriteFile(canary, []byte("id,name,status,notes,id_number,address\ncanary-1,Canaryname Internalperson,camp,CANARY-NOTE,CANARY-ID-0001,CANARY-ADDRESS\n"), 0o600)
	for _, f := range []string{src, canary} {
		if r := run(t, env, "import", "--data", dir, "--no-duplicates-check", f); r.code != 0 {
			t.Fatalf("import %s: %s %s", f, r.stdout, r.stderr)
		}
	}
	secrets := []string{"CANARY", "Canaryname"}
	fh, _ := os.Open(src)
	sc := bufio.NewScanner(fh)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var l struct {
			Secret struct {
				IDDocs  []struct{ Number string } `json:"id_docs"`
				Address string
			}
		}
		json.Unmarshal(sc.Bytes(), &l)
		for _, d := range l.Secret.IDDocs {
			secrets = append(secrets, d.Number)
		}
		if len(l.Secret.Address) > 12 {
			secrets = append(secrets, l.Secret.Address)
		}
	}
	fh.Close()

	pkg := filepath.Join(tmp, "package")
	if r := run(t, env, "export", "--data", dir, "--public", "--format", "package", "--out", pkg); r.code != 0 {
		t.Fatalf("export package: %s", r.stderr)
	}
	published := 0
	for _, name := range []string{"persons.csv", "persons.jsonl", "manifest.json"} {
		b, err := os.ReadFile(filepath.Join(pkg, name))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range secrets {
			if strings.Contains(string(b), s) {
				t.Errorf("%s contains the confidential or internal value %q", name, s)
			}
		}
		if name == "persons.jsonl" {
			published = strings.Count(string(b), "\n")
		}
	}
	if published == 0 {
		t.Errorf("the package has no published person: the test proves nothing")
	}
	if r := run(t, nil, "verify-package", pkg); r.code != 0 || !strings.HasPrefix(r.stdout, "ok") {
		t.Fatalf("verify-package: %d %s %s", r.code, r.stdout, r.stderr)
	}
	b, _ := os.ReadFile(filepath.Join(pkg, "persons.csv"))
	b[len(b)/2] ^= 1
	os.WriteFile(filepath.Join(pkg, "persons.csv"), b, 0o644)
	if r := run(t, nil, "verify-package", pkg); r.code != 1 {
		t.Errorf("verify-package after a changed byte: exit %d, want 1", r.code)
	}
	b[len(b)/2] ^= 1
	os.WriteFile(filepath.Join(pkg, "persons.csv"), b, 0o644)
	m, _ := os.ReadFile(filepath.Join(pkg, "manifest.json"))
	os.WriteFile(filepath.Join(pkg, "manifest.json"), []byte(strings.Replace(string(m), `"audit_seq": `, `"audit_seq": 1`, 1)), 0o644)
	if r := run(t, nil, "verify-package", pkg); r.code != 1 || !strings.Contains(r.stderr, "signature") {
		t.Errorf("verify-package after a changed manifest: exit %d %s", r.code, r.stderr)
	}
}
