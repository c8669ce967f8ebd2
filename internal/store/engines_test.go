package store

import (
	"context"
	"testing"

	"github.com/tizim/tizim/internal/store/storetest"
)

// openEngine opens a new store on engine e for the test, closed when the test ends.
func openEngine(t *testing.T, e storetest.Engine) *Store {
	t.Helper()
	s, err := Open(context.Background(), Config{SQLitePath: e.SQLitePath, PostgresURL: e.PostgresURL, Keys: storetest.Keys(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
