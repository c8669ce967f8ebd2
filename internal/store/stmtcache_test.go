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

// A query of one row without arguments (the generation counters every public request reads)
// is cached too; an exec without arguments (a script of several statements) still runs
// every statement.
func TestStatementCacheNoArguments(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Config{SQLitePath: filepath.Join(t.TempDir(), "t.db"), Keys: storetest.Keys(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const r = `select v from counters where name = 'refdata'`
	const x = `insert into settings (key, value) values ('a', '1') on conflict (key) do nothing; insert into settings (key, value) values ('b', '2') on conflict (key) do nothing`
	var cached bool
	for i := 0; i < 200 && !cached; i++ {
		if err := s.Read(ctx, func(tx *Tx) error {
			var v int64
			if err := tx.queryRow(ctx, r).Scan(&v); err != nil {
				return err
			}
			cached = tx.stmts[r] != nil
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if !cached {
		t.Fatal("the query without arguments was never cached")
	}
	for range 2 {
		if err := s.Write(ctx, func(tx *Tx) error {
			_, err := tx.exec(ctx, x)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	if err := s.Read(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, `select count(*) from settings where key in ('a', 'b')`).Scan(&n)
	}); err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Fatalf("exec without arguments: %d of its 2 statements ran", n)
	}
}
