package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tizim/tizim/internal/store/storetest"
)

// TestReviewMergeUndo drives `tizim review merge` and `tizim review undo` on each engine:
// after the undo the full JSONL export is byte for byte the one before the merge.
func TestReviewMergeUndo(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			tmp := t.TempDir()
			dir := filepath.Join(tmp, "data")
			env := map[string]string{"TIZIM_DATABASE_URL": e.PostgresURL}
			if r := run(t, env, "init", "--data", dir); r.code != 0 {
				t.Fatalf("init: %s", r.stderr)
			}
			file := filepath.Join(tmp, "two.csv")
			os.WriteFile(file, []byte("id,name,names,gender,birth_date,status\n"+
				"k1,Қайрат Сапарұлы,,m,1978,camp\nk2,Kairat Saparuly,凯拉特,m,1978-03,detained\n"), 0o600)
			if r := run(t, env, "import", "--data", dir, "--no-duplicates-check", file); r.code != 0 {
				t.Fatalf("import: %s %s", r.stdout, r.stderr)
			}
			export := func() string {
				r := run(t, env, "export", "--data", dir, "--format", "jsonl", "--confidential", "--plaintext")
				if r.code != 0 {
					t.Fatalf("export: %s", r.stderr)
				}
				return r.stdout
			}
			before := export()
			if r := run(t, env, "review", "merge", "--data", dir, "k1"); r.code != 2 {
				t.Errorf("merge with one id: exit %d, want 2", r.code)
			}
			r := run(t, env, "review", "merge", "--data", dir, "k1", "k2", "--reason", "same man")
			if r.code != 0 {
				t.Fatalf("merge: %d %s", r.code, r.stderr)
			}
			mid := strings.TrimSpace(r.stdout)
			if got := persons(t, env, dir); got != 2 {
				t.Errorf("the CSV export holds both records (%d): the merged one is kept", got)
			}
			if r := run(t, env, "review", "list", "--data", dir, "--status", "merged"); !strings.Contains(r.stdout, "merged") {
				t.Errorf("review list --status merged: %q", r.stdout)
			}
			if r := run(t, env, "review", "merges", "--data", dir); !strings.Contains(r.stdout, mid+"  in force") {
				t.Errorf("review merges: %q, want %s in force", r.stdout, mid)
			}
			if r := run(t, env, "review", "undo", "--data", dir, mid); r.code != 0 {
				t.Fatalf("undo: %d %s", r.code, r.stderr)
			}
			if after := export(); after != before {
				t.Errorf("export after undo differs from before the merge:\n%s\n---\n%s", before, after)
			}
			if r := run(t, env, "review", "undo", "--data", dir, mid); r.code != 1 || !strings.Contains(r.stderr, "already undone") {
				t.Errorf("second undo: exit %d %q, want 1 and a reason", r.code, r.stderr)
			}
			auditEntries(t, env, dir)
		})
	}
}
