package archive_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/store/storetest"
)

func personWithExt(ext, name string) *model.Person {
	p := &model.Person{Names: []model.NameForm{{Text: name, Kind: "primary"}}, Status: model.StatusCamp, Publication: model.Internal}
	p.ExternalID = ext
	return p
}

// TestKnownAbsent (ADR 0425): an import's knowledge of which of its ids were new is dropped
// as soon as anything else has committed — another connection to the file (another
// process) or another transaction of the same store (the web beside an import) — so a
// record that came meanwhile is updated, not inserted twice; on PostgreSQL there is none.
func TestKnownAbsent(t *testing.T) {
	ctx := context.Background()
	keys := storetest.Keys(t)
	path := t.TempDir() + "/tizim.db"
	open := func() *archive.Archive {
		st, err := store.Open(ctx, store.Config{SQLitePath: path, Keys: keys})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return archive.New(st)
	}
	a, other := open(), open()
	inFile := func(ext string) bool { return strings.HasPrefix(ext, "file:") }
	if _, _, err := a.StartImport(ctx, editor, "run", "file.csv"); err != nil {
		t.Fatal(err)
	}
	count := func(ext string) int {
		t.Helper()
		n := 0
		err := a.Store().Read(ctx, func(tx *store.Tx) error {
			m, err := tx.ByExternalIDs(ctx, []string{ext}, false)
			n = len(m)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, c := range []struct {
		name  string
		write func(rec model.Record) error // writes rec between the reading of the ids and the batch
	}{
		{"another connection", func(rec model.Record) error {
			_, err := other.ImportBatch(ctx, editor, "other", 1, 1, 0, []model.Record{rec}, nil, nil)
			return err
		}},
		{"another transaction of the store", func(rec model.Record) error {
			_, err := a.ImportBatch(ctx, editor, "other", 1, 1, 0, []model.Record{rec}, nil, nil)
			return err
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ext := "file:" + strings.ReplaceAll(c.name, " ", "-")
			known, err := a.KnownAbsent(ctx, editor, inFile)
			if err != nil || known == nil {
				t.Fatalf("KnownAbsent: %v, %v", known, err)
			}
			if err := c.write(personWithExt(ext, "Айгүл Серікова")); err != nil {
				t.Fatal(err)
			}
			got, err := a.ImportBatch(ctx, editor, "run", 1, 2, 0, []model.Record{personWithExt(ext, "Aygul Serikova"), personWithExt(ext+"-new", "Серік Біләш")}, nil, known)
			if err != nil {
				t.Fatalf("the batch after the other write: %v", err)
			}
			if got.Created != 1 || got.Updated != 1 || count(ext) != 1 || count(ext+"-new") != 1 {
				t.Errorf("counts %+v; %d and %d records", got, count(ext), count(ext+"-new"))
			}
			if n := known.Skipped(); n != 0 {
				t.Errorf("%d rows not looked up after another write", n)
			}
		})
	}
	// Batches of the import alone keep the knowledge, and are written right.
	known, err := a.KnownAbsent(ctx, editor, inFile)
	if err != nil {
		t.Fatal(err)
	}
	for i, ext := range []string{"file:a", "file:b"} {
		got, err := a.ImportBatch(ctx, editor, "run", 1, int64(3+i), 0, []model.Record{personWithExt(ext, "Айгүл Серікова")}, nil, known)
		if err != nil || got.Created != 1 || count(ext) != 1 {
			t.Errorf("%s: %+v, %v", ext, got, err)
		}
	}
	if n := known.Skipped(); n != 2 {
		t.Errorf("the import's own batches: %d rows not looked up, want 2", n)
	}
	for name, pa := range openArchives(t) {
		if name == "postgres" {
			if k, err := pa.KnownAbsent(ctx, editor, inFile); k != nil || err != nil {
				t.Errorf("postgres: %v, %v", k, err)
			}
		}
	}
}
