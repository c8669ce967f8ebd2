package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/tizim/tizim/internal/store/storetest"
)

// TestSQLiteAutoVacuumModes (ADR 0421): a new archive has auto_vacuum=none; one made before
// (auto_vacuum=full) keeps its mode when opened and written by this tizim, keeps no free
// pages, and a changed byte anywhere in its file is found, as ADR 0002 had it. Every
// connection has secure_delete on, so freed pages hold no remnants in either mode.
func TestSQLiteAutoVacuumModes(t *testing.T) {
	ctx := context.Background()
	keys := storetest.Keys(t)
	pragma := func(s *Store, db string, q string) int64 {
		t.Helper()
		var n int64
		h := s.r
		if db == "writer" {
			h = s.w
		}
		if err := h.QueryRowContext(ctx, q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	path := filepath.Join(t.TempDir(), "tizim.db")
	s, err := Open(ctx, Config{SQLitePath: path, Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	if av := pragma(s, "reader", "pragma auto_vacuum"); av != 0 {
		t.Errorf("a new archive has auto_vacuum %d, want 0 (none)", av)
	}
	for _, db := range []string{"writer", "reader"} {
		if sd := pragma(s, db, "pragma secure_delete"); sd != 1 {
			t.Errorf("%s: secure_delete %d, want 1", db, sd)
		}
	}
	s.Close()

	// An archive as tizim made it before ADR 0421.
	path = filepath.Join(t.TempDir(), "tizim.db")
	autoVacuumFullForTest = true
	s, err = Open(ctx, Config{SQLitePath: path, Keys: keys})
	autoVacuumFullForTest = false
	if err != nil {
		t.Fatal(err)
	}
	if av := pragma(s, "reader", "pragma auto_vacuum"); av != 1 {
		t.Fatalf("the old archive has auto_vacuum %d, want 1 (full)", av)
	}
	s.Close()
	corruptArchive(t, path, keys) // opened and written as this tizim opens it
	s, err = Open(ctx, Config{SQLitePath: path, Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	if av, free := pragma(s, "writer", "pragma auto_vacuum"), pragma(s, "writer", "pragma freelist_count"); av != 1 || free != 0 {
		t.Errorf("after writes, the old archive has auto_vacuum %d and %d free pages, want 1 and 0", av, free)
	}
	s.Close()
	if err := verifyFile(path, keys); err != nil {
		t.Fatalf("intact file fails verification: %v", err)
	}
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	flipsDetected(t, orig, keys, nil) // every page: the old archive has no free ones
}
