package transfer_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/store/storetest"
	"github.com/tizim/tizim/internal/transfer"
)

// pipelineFile writes a CSV of n persons "t:1" … "t:n", named "Person 1" …, every seventh
// naming one of three sources, so that later batches name sources created by earlier ones.
func pipelineFile(t *testing.T, n int) string {
	var b strings.Builder
	b.WriteString("id,name,gender,source\n")
	for i := 1; i <= n; i++ {
		src := ""
		if i%7 == 0 {
			src = fmt.Sprintf("Testimony %d", i%3)
		}
		fmt.Fprintf(&b, "t:%d,Person %d,f,%s\n", i, i, src)
	}
	path := filepath.Join(t.TempDir(), "list.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// archiveState is what an import leaves: the persons by external id with their name index
// sequence number, sources, links, the import's progress (a line of the file) and what
// verify finds wrong.
type archiveState struct {
	persons, sources, links, docs int64
	rowsDone                      int64
	problems                      []string
}

func stateAfter(t *testing.T, st *store.Store, run string) archiveState {
	t.Helper()
	ctx := context.Background()
	var s archiveState
	q := func(sql string, args ...any) int64 {
		n, err := st.CountForTest(ctx, sql, args...)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	s.persons = q(`select count(*) from records where kind = 'person'`)
	s.sources = q(`select count(*) from records where kind = 'source'`)
	s.links = q(`select count(*) from links`)
	s.docs = q(`select count(*) from name_docs`)
	s.rowsDone = q(`select coalesce(max(rows_done), 0) from import_runs where id = $1`, run)
	// The name index rows are numbered in the order the batches committed, which must be the
	// file's: row i's number is below row i+1's, and the counter holds the last.
	if got := q(`select count(*) from name_docs a join records ra on ra.id = a.id, name_docs b join records rb on rb.id = b.id
		where cast(substr(ra.external_id, 3) as integer) < cast(substr(rb.external_id, 3) as integer) and a.seq >= b.seq`); got != 0 {
		s.problems = append(s.problems, fmt.Sprintf("%d pairs of persons numbered out of file order", got))
	}
	if max, last := q(`select coalesce(max(seq), 0) from name_docs`), q(`select v from counters where name = 'name_docs'`); max > last {
		s.problems = append(s.problems, fmt.Sprintf("name index seq %d beyond its counter %d", max, last))
	}
	probs, err := st.Consistency(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.problems = append(s.problems, probs...)
	err = st.Read(ctx, func(tx *store.Tx) error {
		ps, err := tx.VerifyAudit(ctx, 10)
		for _, p := range ps {
			s.problems = append(s.problems, fmt.Sprint(p))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestPipelinedBatchFails: a batch that fails while the batches around it are in flight
// (ADR 0417) — in the middle of its own rows, or at its progress row after its turn —
// leaves the batches before it committed and nothing of itself or the batch after it; the
// progress row says so, the archive verifies, and the same import run again resumes and
// ends with exactly what one uninterrupted run writes.
func TestPipelinedBatchFails(t *testing.T) {
	const n, batch = 2000, 100
	const bad = 11 // the failing batch: rows 1001 … 1100
	for _, e := range storetest.Engines(t) {
		for _, where := range []string{"rows", "progress"} {
			t.Run(e.Name+"/"+where, func(t *testing.T) {
				ctx := context.Background()
				file := pipelineFile(t, n)
				o := transfer.ImportOptions{Path: file, Actor: sys, Batch: batch}
				want := func() archiveState {
					a, st := openArchive(t, fresh(t, e))
					res, err := transfer.Import(ctx, a, o)
					if err != nil {
						t.Fatal(err)
					}
					return stateAfter(t, st, res.Run)
				}()
				if want.persons != n || want.sources != 3 || want.rowsDone != n+1 || len(want.problems) > 0 {
					t.Fatalf("one uninterrupted run: %+v", want)
				}

				a, st := openArchive(t, fresh(t, e))
				failAt(t, st, e, where, bad, batch)
				res, err := transfer.Import(ctx, a, o)
				if err == nil || !strings.Contains(err.Error(), "refused by the test") {
					t.Fatalf("the import with a failing batch: %v", err)
				}
				mid := stateAfter(t, st, res.Run)
				if before := int64((bad - 1) * batch); mid.persons != before || mid.docs != before || mid.rowsDone != before+1 || len(mid.problems) > 0 {
					t.Fatalf("after batch %d failed: %+v, want the %d persons of the batches before it", bad, mid, before)
				}

				unfail(t, st, e)
				res, err = transfer.Import(ctx, a, o)
				if err != nil || !res.Resumed {
					t.Fatalf("the second run: %+v %v", res, err)
				}
				if got := stateAfter(t, st, res.Run); fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("after resuming: %+v, want %+v", got, want)
				}
				if got := count(t, st, model.KindPerson); got != n {
					t.Errorf("%d persons, want %d", got, n)
				}
			})
		}
	}
}

// failAt makes the database refuse the failing batch: a person row of its (rows), or its
// progress row (progress), by a trigger — an insider's edit, as in the store's tests.
func failAt(t *testing.T, st *store.Store, e storetest.Engine, where string, bad, batch int) {
	t.Helper()
	ctx := context.Background()
	name := fmt.Sprintf("Person %d", (bad-1)*batch+batch/2)
	upto := bad*batch + 1 // the file's line of the batch's last row (line 1 is the header)
	var stmts []string
	if e.PostgresURL != "" {
		fn := `create or replace function refuse() returns trigger language plpgsql as $$ begin
			if %s then raise exception 'refused by the test'; end if; return new; end $$`
		if where == "rows" {
			stmts = []string{fmt.Sprintf(fn, fmt.Sprintf("new.name = '%s'", name)),
				`create trigger refuse before insert on persons for each row execute function refuse()`}
		} else {
			stmts = []string{fmt.Sprintf(fn, fmt.Sprintf("new.rows_done = %d", upto)),
				`create trigger refuse before update on import_runs for each row execute function refuse()`}
		}
	} else if where == "rows" {
		stmts = []string{fmt.Sprintf(`create trigger refuse before insert on persons when new.name = '%s' begin select raise(abort, 'refused by the test'); end`, name)}
	} else {
		stmts = []string{fmt.Sprintf(`create trigger refuse before update on import_runs when new.rows_done = %d begin select raise(abort, 'refused by the test'); end`, upto)}
	}
	for _, s := range stmts {
		if err := st.ExecForTest(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
}

func unfail(t *testing.T, st *store.Store, e storetest.Engine) {
	t.Helper()
	for _, table := range []string{"persons", "import_runs"} {
		q := `drop trigger if exists refuse`
		if e.PostgresURL != "" {
			q += ` on ` + table
		}
		if err := st.ExecForTest(context.Background(), q); err != nil {
			t.Fatal(err)
		}
	}
}
