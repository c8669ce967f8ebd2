package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/tizim/tizim/internal/store/storetest"
)

// A statement run with arguments is prepared for the cache in the background, and later
// transactions run it from the cache, on the writer (one connection) and on the readers.
func TestStatementCache(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Config{SQLitePath: filepath.Join(t.TempDir(), "t.db"), Keys: storetest.Keys(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const q = `insert into settings (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value`
	const r = `select value from settings where key = $1`
	cached := func(db string, query string) bool {
		s.stmts.mu.Lock()
		defer s.stmts.mu.Unlock()
		h := s.w
		if db == "r" {
			h = s.r
		}
		_, ok := s.stmts.m[stmtKey{h, query}]
		return ok
	}
	var used bool
	for i := 0; i < 200 && !(cached("w", q) && cached("r", r)); i++ {
		if err := s.Write(ctx, func(tx *Tx) error {
			_, err := tx.exec(ctx, q, "k", "v")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if err := s.Read(ctx, func(tx *Tx) error {
			var v string
			return tx.queryRow(ctx, r, "k").Scan(&v)
		}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if !cached("w", q) || !cached("r", r) {
		t.Fatal("the statements were never cached")
	}
	err = s.Write(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, q, "k", "w"); err != nil {
			return err
		}
		used = tx.stmts[q] != nil
		return nil
	})
	if err != nil || !used {
		t.Fatalf("the cached statement was not used: %v", err)
	}
	var v string
	if err := s.Read(ctx, func(tx *Tx) error { return tx.queryRow(ctx, r, "k").Scan(&v) }); err != nil || v != "w" {
		t.Fatalf("read through the cache: %q, %v", v, err)
	}
}
