package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ncruces/go-sqlite3"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store/pagecrypt"
	"github.com/tizim/tizim/internal/store/storetest"
)

// TestChecksumsAfterCrashWithPageOneInWAL (ADR 0419): an archive left by a crash with page 1
// in its write-ahead log and the rest in the file. Keyed by PRAGMA, a connection to it had
// its checksum layer off until a checkpoint wrote page 1: it neither verified the pages it
// read nor computed checksums for the pages it wrote. Every connection of the store now has
// its key in its URI: writer and readers verify from the start, a changed byte in a page of
// the file is reported as a checksum error, and what the writer checkpoints then passes
// integrity_check with checksums verified.
func TestChecksumsAfterCrashWithPageOneInWAL(t *testing.T) {
	ctx := context.Background()
	keys := storetest.Keys(t)
	dir := t.TempDir()
	src := filepath.Join(dir, "src.db")
	s, err := Open(ctx, Config{SQLitePath: src, Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	var ids []model.ID
	for i := range 200 {
		p := &model.Person{Names: []model.NameForm{{Text: fmt.Sprintf("Айгүл Серікова %d", i), Kind: "primary"}},
			Status: model.StatusCamp, Publication: model.Internal, Summary: strings.Repeat("row ", 40)}
		if err := s.Write(ctx, func(tx *Tx) error { return tx.Put(ctx, p, "test", "") }); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	if err := s.Close(); err != nil { // the writer copies the WAL into the file
		t.Fatal(err)
	}
	// Reopened, one committed write of page 1 alone (user_version lives in its header),
	// and the file and its WAL copied as a kill -9 would leave them.
	s, err = Open(ctx, Config{SQLitePath: src, Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.ExecContext(ctx, "pragma user_version=0"); err != nil {
		t.Fatal(err)
	}
	crashed := filepath.Join(dir, "crashed.db")
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(src + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if suffix == "-wal" && len(b) == 0 {
			t.Fatal("no WAL to copy")
		}
		if err := os.WriteFile(crashed+suffix, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	// copyOf copies the crashed archive, with the byte at off of the file flipped when off ≥ 0.
	copyOf := func(off int) string {
		p := filepath.Join(t.TempDir(), "tizim.db")
		for _, suffix := range []string{"", "-wal"} {
			b, err := os.ReadFile(crashed + suffix)
			if err != nil {
				t.Fatal(err)
			}
			if suffix == "" && off >= 0 {
				b[off] ^= 0x01
			}
			if err := os.WriteFile(p+suffix, b, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		return p
	}

	// The state: keyed by PRAGMA (as the writer and readers were), the checksum layer is off.
	{
		c, err := sqlite3.Open("file:" + copyOf(-1) + "?vfs=" + pagecrypt.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Config(sqlite3.DBCONFIG_NO_CKPT_ON_CLOSE, true); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"pragma hexkey='" + keys.DatabaseKeyHex() + "'", "pragma page_size=16384", "select count(*) from sqlite_schema"} {
			if err := c.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		if v := checksumVerification(t, c); v != "0" {
			t.Fatalf("the crashed copy is not in the state this test is about: keyed by PRAGMA, checksum_verification %q", v)
		}
		c.Close()
	}

	// The store's connections verify checksums from the start.
	path := copyOf(-1)
	s, err = Open(ctx, Config{SQLitePath: path, Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	var vw, vr string
	if err := s.w.QueryRowContext(ctx, "pragma checksum_verification").Scan(&vw); err != nil {
		t.Fatal(err)
	}
	if err := s.r.QueryRowContext(ctx, "pragma checksum_verification").Scan(&vr); err != nil {
		t.Fatal(err)
	}
	if vw != "1" || vr != "1" {
		t.Errorf("after a crash with page 1 in the WAL: checksum_verification writer %q, reader %q; want 1", vw, vr)
	}
	// The writer writes and checkpoints (page 1 among other pages); reopened from the file
	// alone, every page passes.
	if err := s.Write(ctx, func(tx *Tx) error {
		return tx.Put(ctx, &model.Person{Names: []model.NameForm{{Text: "Серік Біләш", Kind: "primary"}}, Status: model.StatusCamp, Publication: model.Internal}, "test", "")
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.ExecContext(ctx, "pragma wal_checkpoint(truncate)"); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(ctx, Config{SQLitePath: path, Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	if probs, err := s.Integrity(ctx); err != nil || len(probs) > 0 {
		t.Errorf("integrity after the writer's checkpoint: %v %v", probs, err)
	}
	if err := s.Read(ctx, func(tx *Tx) error {
		for _, id := range ids {
			if _, err := tx.Get(ctx, id, true); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Error(err)
	}
	s.Close()

	// A byte changed in a page of the file (not in the WAL) of the crashed archive is a
	// checksum error, not something integrity_check may or may not notice.
	info, err := os.Stat(crashed)
	if err != nil {
		t.Fatal(err)
	}
	pages := int(info.Size() / 16384)
	if pages < 4 {
		t.Fatalf("file of %d pages", pages)
	}
	for _, pg := range []int{2, pages / 2, pages - 1} { // 0-based: the third page, the middle, the last
		off := pg*16384 + 5000
		err := func() error {
			s, err := Open(ctx, Config{SQLitePath: copyOf(off), Keys: keys})
			if err != nil {
				return err
			}
			defer s.Close()
			probs, err := s.Integrity(ctx)
			if err == nil && len(probs) > 0 {
				err = fmt.Errorf("integrity: %v", probs)
			}
			return err
		}()
		// integrity_check reports a page it could not read by its error code: 8202 is
		// SQLITE_IOERR_DATA, the checksum layer's.
		if !errors.Is(err, sqlite3.IOERR_DATA) && (err == nil || !strings.Contains(err.Error(), "error code=8202")) {
			t.Errorf("a changed byte in page %d of %d of the crashed archive: %v, want a checksum error", pg+1, pages, err)
		}
	}
}

func checksumVerification(t *testing.T, c *sqlite3.Conn) string {
	t.Helper()
	st, _, err := c.Prepare("pragma checksum_verification")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if !st.Step() {
		t.Fatal(st.Err())
	}
	return st.ColumnText(0)
}

// TestSQLiteKeyNotInErrors: the key is in the connections' URIs (ADR 0419) but in no error.
func TestSQLiteKeyNotInErrors(t *testing.T) {
	ctx := context.Background()
	keys := storetest.Keys(t)
	hexKey := keys.DatabaseKeyHex()
	dir := t.TempDir()
	// A file that cannot be opened, one that is not an archive, one under another key.
	notDB := filepath.Join(dir, "not.db")
	if err := os.WriteFile(notDB, []byte(strings.Repeat("not a database ", 2000)), 0o600); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "other.db")
	s, err := Open(ctx, Config{SQLitePath: other, Keys: storetest.Keys(t)})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	for _, path := range []string{filepath.Join(dir, "missing", "dir", "tizim.db"), notDB, other, dir + "/bad%zz name?.db"} {
		s, err := Open(ctx, Config{SQLitePath: path, Keys: keys})
		if err == nil {
			s.Close()
			if !strings.Contains(path, "%") {
				t.Errorf("%s opened", path)
			}
			continue
		}
		if msg := strings.ToLower(err.Error()); strings.Contains(msg, strings.ToLower(hexKey)) || strings.Contains(msg, "hexkey") {
			t.Errorf("%s: the error shows the key: %v", path, err)
		}
	}
	if err := sqliteOpenErr(fmt.Errorf("parse %q: bad", "file:x?hexkey="+strings.ToUpper(hexKey)), hexKey); strings.Contains(err.Error(), strings.ToUpper(hexKey)) {
		t.Errorf("sqliteOpenErr kept the key: %v", err)
	}
}
