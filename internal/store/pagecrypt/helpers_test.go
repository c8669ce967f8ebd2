package pagecrypt

import (
	"net/url"
	"testing"

	"github.com/ncruces/go-sqlite3"
	_ "github.com/ncruces/go-sqlite3/vfs/adiantum" // the format's reference, ncruces' "adiantum"
)

const (
	testHexKey  = "6b1f3c0a9e2d4f5871a3b6c9d0e2f4a5b7c8d9e0f1a2b3c4d5e6f708192a3b4c"
	otherHexKey = "0000000000000000000000000000000000000000000000000000000000000001"
	ncruces     = "adiantum"
)

// uriOf is the URI of the file at path through the VFS named vfsName, with hexKey.
func uriOf(vfsName, path, hexKey string) string {
	q := url.Values{"vfs": {vfsName}}
	if hexKey != "" {
		q.Set("hexkey", hexKey)
	}
	return (&url.URL{Scheme: "file", OmitHost: true, Path: path, RawQuery: q.Encode()}).String()
}

// openConn opens the database at path as tizim does: 16 KiB pages, WAL, synchronous=full,
// and, when checksums is set, SQLite's page checksums (which a new file gets by a VACUUM).
func openConn(t testing.TB, vfsName, path, hexKey string, checksums bool) *sqlite3.Conn {
	t.Helper()
	c, err := sqlite3.Open(uriOf(vfsName, path, hexKey))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	for _, p := range []string{
		"pragma page_size=16384",
		"pragma busy_timeout=10000",
		"pragma journal_mode=wal",
		"pragma synchronous=full",
		"pragma secure_delete=on",
		"pragma temp_store=memory",
	} {
		if err := c.Exec(p); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
	}
	if checksums {
		if err := c.EnableChecksums("main"); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// query returns the rows of q as strings, one per row, columns joined by "|".
func query(t testing.TB, c *sqlite3.Conn, q string, args ...any) []string {
	t.Helper()
	out, err := queryErr(c, q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return out
}

func queryErr(c *sqlite3.Conn, q string, args ...any) ([]string, error) {
	st, _, err := c.Prepare(q)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	for i, a := range args {
		if err := bindAny(st, i+1, a); err != nil {
			return nil, err
		}
	}
	var out []string
	for st.Step() {
		row := ""
		for i := range st.ColumnCount() {
			if i > 0 {
				row += "|"
			}
			row += st.ColumnText(i)
		}
		out = append(out, row)
	}
	return out, st.Err()
}

func bindAny(st *sqlite3.Stmt, i int, a any) error {
	switch v := a.(type) {
	case int:
		return st.BindInt(i, v)
	case int64:
		return st.BindInt64(i, v)
	case string:
		return st.BindText(i, v)
	case []byte:
		return st.BindBlob(i, v)
	}
	panic("bindAny: unsupported type")
}

func exec(t testing.TB, c *sqlite3.Conn, q string, args ...any) {
	t.Helper()
	if err := execErr(c, q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func execErr(c *sqlite3.Conn, q string, args ...any) error {
	if len(args) == 0 {
		return c.Exec(q)
	}
	st, _, err := c.Prepare(q)
	if err != nil {
		return err
	}
	defer st.Close()
	for i, a := range args {
		if err := bindAny(st, i+1, a); err != nil {
			return err
		}
	}
	return st.Exec()
}

func integrityOK(t testing.TB, c *sqlite3.Conn) {
	t.Helper()
	if got := query(t, c, "pragma integrity_check"); len(got) != 1 || got[0] != "ok" {
		t.Fatalf("integrity_check: %q", got)
	}
}
