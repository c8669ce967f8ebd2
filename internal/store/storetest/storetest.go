// Package storetest opens real archive databases for tests: a fresh encrypted SQLite file
// always, and a fresh PostgreSQL schema when TIZIM_TEST_POSTGRES holds a server URL. Each
// test gets its own database and it is removed afterwards. Only tests import this package.
package storetest

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/tizim/tizim/internal/crypt"
)

// Engine is a database a test can run against.
type Engine struct {
	Name        string
	SQLitePath  string // set for sqlite
	PostgresURL string // set for postgres: a URL whose search_path is the test's own schema
}

// Engines returns the engines to test on; it logs clearly when PostgreSQL is skipped.
func Engines(t testing.TB) []Engine {
	t.Helper()
	out := []Engine{{Name: "sqlite", SQLitePath: filepath.Join(t.TempDir(), "tizim.db")}}
	base := os.Getenv("TIZIM_TEST_POSTGRES")
	if base == "" {
		t.Log("PostgreSQL skipped: TIZIM_TEST_POSTGRES is not set")
		return out
	}
	return append(out, Engine{Name: "postgres", PostgresURL: Schema(t, base)})
}

// Schema creates a fresh schema on the server at base and returns a URL that uses it; the
// schema is dropped when the test ends.
func Schema(t testing.TB, base string) string {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "tizim_test_" + hex.EncodeToString(b)
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("create schema " + schema); err != nil {
		db.Close()
		t.Fatalf("creating test schema on %s: %v", redact(base), err)
	}
	t.Cleanup(func() {
		db.Exec("drop schema " + schema + " cascade")
		db.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

// Keys returns a fresh keyring.
func Keys(t testing.TB) *crypt.Keyring {
	k, err := crypt.FromMaster(crypt.NewMaster())
	if err != nil {
		t.Fatal(err)
	}
	return k
}
