package store

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store/storetest"
)

// TestPageSizes: new files get 16 KiB pages, and archives made before that, with 4 KiB
// pages, still open, read and write (openSQLite tries 16 KiB, then 4 KiB).
func TestPageSizes(t *testing.T) {
	ctx := context.Background()
	keys := storetest.Keys(t)
	for _, old := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "tizim.db")
		if old {
			w, r, _, err := openSQLitePages(path, keys.DatabaseKeyHex(), 4096, new(checkpointer).walHook, nil)
			if err != nil {
				t.Fatal(err)
			}
			r.Close()
			w.Close()
		}
		s, err := Open(ctx, Config{SQLitePath: path, Keys: keys})
		if err != nil {
			t.Fatalf("old file %t: %v", old, err)
		}
		p := &model.Person{Names: []model.NameForm{{Text: "Айгүл Серікова", Kind: "primary"}}, Status: model.StatusCamp, Publication: model.Internal}
		if err := s.Write(ctx, func(tx *Tx) error { return tx.Put(ctx, p, "test", "") }); err != nil {
			t.Fatal(err)
		}
		var size int
		if err := s.w.QueryRowContext(ctx, "pragma page_size").Scan(&size); err != nil {
			t.Fatal(err)
		}
		if want := map[bool]int{false: 16384, true: 4096}[old]; size != want {
			t.Errorf("old file %t: page size %d, want %d", old, size, want)
		}
		s.Close()
		s, err = Open(ctx, Config{SQLitePath: path, Keys: keys})
		if err != nil {
			t.Fatalf("reopening (old file %t): %v", old, err)
		}
		if probs, err := s.Integrity(ctx); err != nil || len(probs) > 0 {
			t.Errorf("integrity (old file %t): %v %v", old, probs, err)
		}
		if err := s.Read(ctx, func(tx *Tx) error { _, err := tx.Get(ctx, p.ID, false); return err }); err != nil {
			t.Errorf("reading back (old file %t): %v", old, err)
		}
		s.Close()
	}
}
