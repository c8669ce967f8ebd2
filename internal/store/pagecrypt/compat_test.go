package pagecrypt

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"lukechampine.com/adiantum"

	"github.com/ncruces/go-sqlite3"
)

// workload writes the same rows, deletes and updates every time: a few thousand rows over
// several transactions, with blobs of all lengths up to overflow pages.
func workload(t testing.TB, c *sqlite3.Conn) {
	t.Helper()
	exec(t, c, "create table t(id integer primary key, name text not null, v blob)")
	exec(t, c, "create index t_name on t(name)")
	rng := rand.New(rand.NewPCG(1, 2))
	exec(t, c, "begin")
	for i := range 4000 {
		if i%500 == 499 {
			exec(t, c, "commit")
			exec(t, c, "begin")
		}
		v := make([]byte, rng.IntN(600))
		for j := range v {
			v[j] = byte(rng.Uint32())
		}
		if i%97 == 0 {
			v = bytes.Repeat(v, 40) // some rows overflow the page
		}
		exec(t, c, "insert into t(id, name, v) values (?, ?, ?)", i, fmt.Sprintf("name %d %x", i, rng.Uint64()), v)
	}
	exec(t, c, "commit")
	exec(t, c, "delete from t where id % 7 = 0")
	exec(t, c, "update t set name = name || ' updated' where id % 5 = 0")
	exec(t, c, "update t set v = ? where id % 11 = 0", bytes.Repeat([]byte("tizim"), 300))
}

func dump(t testing.TB, c *sqlite3.Conn) []string {
	t.Helper()
	rows := query(t, c, "select id, name, hex(v) from t order by id")
	if len(rows) < 3000 {
		t.Fatalf("%d rows", len(rows))
	}
	return rows
}

// TestFormatCompatible: a database written through this VFS is read through ncruces'
// "adiantum" with the same key, and the other way round; the same writes give the same
// file, byte for byte; and a WAL left behind (as by a crash) by either is recovered by the
// other.
func TestFormatCompatible(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{}
	var want []string
	for _, v := range []string{Name, ncruces} {
		path := filepath.Join(dir, v+".db")
		files[v] = path
		c := openConn(t, v, path, testHexKey, true)
		workload(t, c)
		got := dump(t, c)
		if want == nil {
			want = got
		} else if !slices.Equal(got, want) {
			t.Fatalf("%s: the workload gives other rows", v)
		}
		query(t, c, "pragma wal_checkpoint(truncate)")
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
	}

	mine, err := os.ReadFile(files[Name])
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := os.ReadFile(files[ncruces])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(mine, theirs) {
		t.Errorf("the files differ (%d and %d bytes)", len(mine), len(theirs))
	}
	checkRawFormat(t, mine, testHexKey)

	// Each file read through the other VFS.
	for writer, path := range files {
		reader := Name
		if writer == Name {
			reader = ncruces
		}
		c := openConn(t, reader, path, testHexKey, true)
		if got := dump(t, c); !slices.Equal(got, want) {
			t.Errorf("written by %s, read by %s: other rows", writer, reader)
		}
		integrityOK(t, c)
		c.Close()
	}

	// A WAL written by one, recovered by the other.
	for _, writer := range []string{Name, ncruces} {
		reader := Name
		if writer == Name {
			reader = ncruces
		}
		path := filepath.Join(dir, "wal-"+writer+".db")
		c := openConn(t, writer, path, testHexKey, true)
		exec(t, c, "pragma wal_autocheckpoint=0")
		workload(t, c)
		copied := filepath.Join(dir, "wal-copy-"+writer+".db")
		copyFiles(t, path, copied, "", "-wal")
		c.Close()
		if st, err := os.Stat(copied + "-wal"); err != nil || st.Size() < 1<<20 {
			t.Fatalf("no WAL to recover: %v", err)
		}
		c = openConn(t, reader, copied, testHexKey, true)
		if got := dump(t, c); !slices.Equal(got, want) {
			t.Errorf("WAL written by %s, recovered by %s: other rows", writer, reader)
		}
		integrityOK(t, c)
		c.Close()
	}
}

// checkRawFormat decrypts the file's blocks with the cipher alone, as the format defines
// them, and finds SQLite's header and page checksums in the plaintext.
func checkRawFormat(t *testing.T, file []byte, hexKey string) {
	t.Helper()
	if len(file)%blockSize != 0 || len(file) == 0 {
		t.Fatalf("file of %d bytes", len(file))
	}
	key := keyOf(hexKey)
	c := adiantum.New(key)
	plain := slices.Clone(file)
	for off := 0; off < len(plain); off += blockSize {
		var tweak [8]byte
		for i := range 8 {
			tweak[i] = byte(uint64(off) >> (8 * i))
		}
		c.Decrypt(plain[off:off+blockSize], tweak[:])
	}
	if !bytes.HasPrefix(plain, []byte("SQLite format 3\x00")) {
		t.Fatal("no SQLite header in the decrypted file")
	}
	if pageSize := int(plain[16])<<8 | int(plain[17]); pageSize != 16384 || plain[20] != 8 {
		t.Fatalf("header: page size %d, reserved bytes %d; want 16384 and 8", pageSize, plain[20])
	}
}

func copyFiles(t testing.TB, from, to string, suffixes ...string) {
	t.Helper()
	for _, s := range suffixes {
		b, err := os.ReadFile(from + s)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to+s, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// TestKeys: a wrong key does not open the file, a key of the wrong length is refused as
// ncruces refuses it, and a key given by PRAGMA opens it.
func TestKeys(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "k.db")
	c := openConn(t, Name, path, testHexKey, true)
	exec(t, c, "create table t(x)")
	exec(t, c, "insert into t values ('hello')")
	c.Close()

	for _, v := range []string{Name, ncruces} {
		c, err := sqlite3.Open(uriOf(v, path, otherHexKey))
		if err == nil {
			_, err = queryErr(c, "select x from t")
			c.Close()
		}
		if !errors.Is(err, sqlite3.NOTADB) {
			t.Errorf("%s, wrong key: %v, want SQLITE_NOTADB", v, err)
		}
	}

	for _, bad := range []string{testHexKey[:62], testHexKey + "00", "zz" + testHexKey[2:]} {
		for _, v := range []string{Name, ncruces} {
			c, err := sqlite3.Open(uriOf(v, path, bad))
			if err == nil {
				c.Close()
			}
			if !errors.Is(err, sqlite3.IOERR_BADKEY) {
				t.Errorf("%s, key %q: %v, want SQLITE_IOERR_BADKEY", v, bad, err)
			}
		}
	}

	// Without a key in the URI, PRAGMA hexkey (on a file without page checksums: the
	// checksum layer sees the header only if it can be read when the file is opened, the
	// reason tizim keys by URI, ADR 0419).
	path = filepath.Join(dir, "nocksm.db")
	c = openConn(t, Name, path, testHexKey, false)
	exec(t, c, "create table t(x)")
	exec(t, c, "insert into t values ('hello')")
	c.Close()
	c, err := sqlite3.Open(uriOf(Name, path, ""))
	if err != nil {
		t.Fatal(err)
	}
	exec(t, c, "pragma hexkey='"+testHexKey+"'")
	if got := query(t, c, "select x from t"); !slices.Equal(got, []string{"hello"}) {
		t.Errorf("keyed by PRAGMA: %q", got)
	}
	c.Close()
}

const canary = "CANARY-the-plaintext-of-tizim-must-not-reach-the-disk"

// TestNoPlaintextOnDisk: no file the VFS writes — database, WAL, rollback journal — holds
// the plaintext of a value stored, while the same writes through the plain VFS do (the scan
// can find it).
func TestNoPlaintextOnDisk(t *testing.T) {
	for _, v := range []string{Name, ""} {
		dir := t.TempDir()
		found := map[string]bool{}
		scan := func(path string) {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if len(b) == 0 {
				t.Fatalf("%s is empty", path)
			}
			name := strings.TrimPrefix(filepath.Base(path), "x.db")
			found[name] = found[name] || bytes.Contains(b, []byte(canary)) || bytes.Contains(b, []byte("SQLite format 3"))
		}

		// WAL mode: the database and its WAL, copied while the connection is open.
		path := filepath.Join(dir, "x.db")
		c := openConn(t, orDefault(v), path, testHexKey, true)
		exec(t, c, "pragma wal_autocheckpoint=0")
		exec(t, c, "create table t(x)")
		for i := range 200 {
			exec(t, c, "insert into t values (?)", fmt.Sprintf("%s %d", canary, i))
		}
		copyFiles(t, path, filepath.Join(dir, "copy.db"), "-wal")
		scan(filepath.Join(dir, "copy.db-wal"))
		query(t, c, "pragma wal_checkpoint(truncate)")
		scan(path)
		c.Close()

		// Rollback journal: a persisted journal keeps the pages it saved.
		c, err := sqlite3.Open(uriOf(orDefault(v), path, testHexKey))
		if err != nil {
			t.Fatal(err)
		}
		exec(t, c, "pragma journal_mode=persist")
		exec(t, c, "update t set x = x || ' again'")
		scan(path + "-journal")
		c.Close()

		for name, f := range found {
			if v == Name && f {
				t.Errorf("x.db%s holds plaintext", name)
			}
			if v == "" && !f {
				t.Errorf("through the plain VFS, x.db%s holds no plaintext: the scan finds nothing", name)
			}
		}
		if len(found) != 3 {
			t.Errorf("scanned %v", found)
		}
	}
}

func orDefault(v string) string {
	if v == "" {
		return "os" // the plain OS VFS, which ignores the hexkey parameter
	}
	return v
}

// TestChecksumsVerified: ncruces' checksum layer, above this VFS, verifies the pages it
// reads: a byte changed in the file is a checksum error, not data.
func TestChecksumsVerified(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ck.db")
	c := openConn(t, Name, path, testHexKey, true)
	workload(t, c)
	query(t, c, "pragma wal_checkpoint(truncate)")
	c.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2+123] ^= 1
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	c = openConn(t, Name, path, testHexKey, false)
	if got := query(t, c, "pragma checksum_verification"); got[0] != "1" {
		t.Fatalf("checksum_verification %s", got[0])
	}
	_, err = queryErr(c, "pragma integrity_check")
	if !errors.Is(err, sqlite3.IOERR_DATA) {
		t.Fatalf("integrity_check of a changed file: %v, want SQLITE_IOERR_DATA", err)
	}
}
