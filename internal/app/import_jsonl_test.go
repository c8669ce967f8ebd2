package app

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tizim/tizim/internal/store/storetest"
)

// TestImportJSONLKilledInConsents: a JSONL restore killed (kill -9) in its consent phase,
// then run again, resumes there and ends with the archive a run that was never killed
// gives: every record once, the same versions and publication levels, public codes given to
// the same records, and an audit log that verifies.
func TestImportJSONLKilledInConsents(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "tizim")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/tizim/tizim/cmd/tizim").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	file := filepath.Join(t.TempDir(), "restore.jsonl")
	if r := run(t, nil, "synth", "--persons", "1000", "--out", file); r.code != 0 {
		t.Fatalf("synth: %s", r.stderr)
	}
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			tmp := t.TempDir()
			killed, clean := filepath.Join(tmp, "killed"), filepath.Join(tmp, "clean")
			envK := map[string]string{"TIZIM_DATABASE_URL": e.PostgresURL}
			envC := map[string]string{}
			if e.PostgresURL != "" {
				envC["TIZIM_DATABASE_URL"] = storetest.Schema(t, os.Getenv("TIZIM_TEST_POSTGRES"))
			}
			for dir, env := range map[string]map[string]string{killed: envK, clean: envC} {
				if r := run(t, env, "init", "--data", dir); r.code != 0 {
					t.Fatalf("init: %s", r.stderr)
				}
			}
			args := []string{"import", "--data", killed, "--batch", "40", "--no-duplicates-check", "--progress-every", "1ms", file}
			// Kill at the first progress line of the consent phase that shows some written.
			killMidway(t, bin, e.PostgresURL, args, "consents:")
			r := run(t, envK, args...)
			if r.code != 0 || !strings.Contains(r.stdout, "resumed") {
				t.Fatalf("second run: %d %s %s", r.code, r.stdout, r.stderr)
			}
			if r := run(t, envC, "import", "--data", clean, "--no-duplicates-check", file); r.code != 0 {
				t.Fatalf("clean run: %d %s", r.code, r.stderr)
			}
			got, want := restored(t, envK, killed), restored(t, envC, clean)
			if len(got) != len(want) || len(want) < 5_000 {
				t.Fatalf("%d records after the kill and the second run, %d after a clean run", len(got), len(want))
			}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("after the kill: %s\n    clean run: %s", got[i], want[i])
				}
			}
			auditEntries(t, envK, killed)
		})
	}
}

// restored lists every record of an archive by id with its kind, version, publication and
// whether it has a public code (codes are random, so two runs give different ones).
func restored(t *testing.T, env map[string]string, dir string) []string {
	t.Helper()
	r := run(t, env, "export", "--data", dir, "--format", "jsonl", "--plaintext")
	if r.code != 0 {
		t.Fatalf("export: %d %s", r.code, r.stderr)
	}
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		var line struct {
			Kind   string `json:"kind"`
			Record struct {
				ID          string `json:"id"`
				Version     int    `json:"version"`
				Publication string `json:"publication"`
				PublicCode  string `json:"public_code"`
			} `json:"record"`
		}
		if err := json.Unmarshal([]byte(l), &line); err != nil {
			t.Fatal(err)
		}
		rec := line.Record
		out = append(out, fmt.Sprintf("%s %s v%d %s code %t", rec.ID, line.Kind, rec.Version, rec.Publication, rec.PublicCode != ""))
	}
	slices.Sort(out)
	return out
}
