package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"lukechampine.com/adiantum"

	"github.com/tizim/tizim/internal/crypt"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store/storetest"
)

// verifyFile opens a database file and runs the checks tizim verify runs; it returns nil
// only when the file is whole.
func verifyFile(path string, keys *crypt.Keyring) error {
	ctx := context.Background()
	s, err := Open(ctx, Config{SQLitePath: path, Keys: keys})
	if err != nil {
		return err
	}
	defer s.Close()
	probs, err := s.Integrity(ctx)
	if err != nil {
		return err
	}
	if len(probs) > 0 {
		return fmt.Errorf("integrity: %v", probs)
	}
	return s.Read(ctx, func(tx *Tx) error {
		ps, err := tx.VerifyAudit(ctx, 10)
		if err == nil && len(ps) > 0 {
			err = fmt.Errorf("audit: %v", ps)
		}
		return err
	})
}

// corruptPerson is a person whose records row fills a good part of a page.
func corruptPerson(i int) *model.Person {
	return &model.Person{Names: []model.NameForm{{Text: fmt.Sprintf("Person %d with a long enough name to fill pages", i), Kind: "primary"}},
		Status: model.StatusCamp, Publication: model.Internal, Summary: string(bytes.Repeat([]byte("x"), 600))}
}

// corruptArchive writes persons to a new archive at path, deleting some as it goes and a
// run of them at the end, so that the file has free pages unless auto_vacuum gives them back.
func corruptArchive(t *testing.T, path string, keys *crypt.Keyring) {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, Config{SQLitePath: path, Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var ids []model.ID
	for i := range 300 {
		if err := s.Write(ctx, func(tx *Tx) error {
			p := corruptPerson(i)
			if err := tx.Put(ctx, p, "alice", ""); err != nil {
				return err
			}
			ids = append(ids, p.ID)
			if i%3 == 0 {
				if err := tx.Delete(ctx, p.ID, "alice", "test"); err != nil {
					return err
				}
			}
			return tx.Audit(ctx, "alice", "create", "person", p.ID.String(), "")
		}); err != nil {
			t.Fatal(err)
		}
	}
	// A run of deletes empties whole pages of every table and index.
	if err := s.Write(ctx, func(tx *Tx) error {
		for i := 100; i < 250; i++ {
			if i%3 != 0 {
				if err := tx.Delete(ctx, ids[i], "alice", "test"); err != nil {
					return err
				}
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// pageReader decrypts a database file's pages as the Adiantum VFS does (4 KiB blocks, the
// block's offset as the tweak), for tests that look at pages SQLite never reads.
type pageReader struct {
	file     []byte
	pageSize int
	dec      func(block []byte, off int) []byte
}

func newPageReader(t *testing.T, file []byte, keys *crypt.Keyring) *pageReader {
	t.Helper()
	key, err := hex.DecodeString(keys.DatabaseKeyHex())
	if err != nil {
		t.Fatal(err)
	}
	h := adiantum.New(key)
	r := &pageReader{file: file, dec: func(block []byte, off int) []byte {
		var tweak [8]byte
		binary.LittleEndian.PutUint64(tweak[:], uint64(off))
		return h.Decrypt(append([]byte(nil), block...), tweak[:])
	}}
	head := r.dec(file[:4096], 0)
	if !bytes.HasPrefix(head, []byte("SQLite format 3\x00")) {
		t.Fatal("the file's first block does not decrypt to a SQLite header")
	}
	r.pageSize = int(binary.BigEndian.Uint16(head[16:18]))
	if r.pageSize == 1 {
		r.pageSize = 65536
	}
	return r
}

// page returns page n (from 1) decrypted.
func (r *pageReader) page(n int) []byte {
	var out []byte
	for off := (n - 1) * r.pageSize; off < n*r.pageSize; off += 4096 {
		out = append(out, r.dec(r.file[off:off+4096], off)...)
	}
	return out
}

// freelist returns the file's freelist trunk pages and its free leaf pages.
func (r *pageReader) freelist() (trunks, leaves map[int]bool) {
	trunks, leaves = map[int]bool{}, map[int]bool{}
	head := r.page(1)
	for n := int(binary.BigEndian.Uint32(head[32:36])); n != 0; {
		trunks[n] = true
		p := r.page(n)
		for i := range int(binary.BigEndian.Uint32(p[4:8])) {
			leaves[int(binary.BigEndian.Uint32(p[8+4*i:]))] = true
		}
		n = int(binary.BigEndian.Uint32(p[0:4]))
	}
	return trunks, leaves
}

// flipsDetected changes one bit of a copy of the file orig at every 4,099th byte — a few
// offsets in every 4 KiB block — except where skip says, and requires tizim verify's checks
// to fail on each copy. It returns how many it changed.
func flipsDetected(t *testing.T, orig []byte, keys *crypt.Keyring, skip func(off int) bool) int {
	t.Helper()
	checked := 0
	for off := 0; off < len(orig); off += 4099 {
		if skip != nil && skip(off) {
			continue
		}
		checked++
		bad := append([]byte(nil), orig...)
		bad[off] ^= 0x01
		p := filepath.Join(t.TempDir(), "tizim.db")
		if err := os.WriteFile(p, bad, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := verifyFile(p, keys); err == nil {
			t.Errorf("a changed byte at offset %d of %d went undetected", off, len(orig))
		}
	}
	return checked
}

// TestSQLiteCorruptionDetected (ADR 0002, amended by ADR 0421): a changed byte anywhere in a
// page that SQLite reads — every page in use, the freelist's trunk pages, the header — fails
// tizim verify's checks. New archives have auto_vacuum=none, so the file keeps free leaf
// pages: they hold zeros (secure_delete), SQLite never reads them (a reused one is written
// whole without being read), and a file whose free leaf pages are changed reads, verifies and
// takes new writes exactly as before. The test requires free leaf pages to exist, so that
// both halves are exercised.
func TestSQLiteCorruptionDetected(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tizim.db")
	keys := storetest.Keys(t)
	corruptArchive(t, path, keys)
	if err := verifyFile(path, keys); err != nil {
		t.Fatalf("intact file fails verification: %v", err)
	}
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pr := newPageReader(t, orig, keys)
	trunks, leaves := pr.freelist()
	if len(leaves) == 0 {
		t.Fatal("no free leaf pages: the test needs some")
	}
	// No remnants: every free leaf page decrypts to zeros (secure_delete on the writer).
	for n := range leaves {
		if p := pr.page(n); !bytes.Equal(p, make([]byte, len(p))) {
			t.Errorf("free leaf page %d is not all zeros", n)
		}
	}
	// A changed byte in a page SQLite reads is found: every 4 KiB block, at a few offsets
	// within it, except in free leaf pages.
	checked := flipsDetected(t, orig, keys, func(off int) bool { return leaves[off/pr.pageSize+1] })
	t.Logf("%d pages, %d free leaf pages, %d trunk pages; %d changed bytes found", len(orig)/pr.pageSize, len(leaves), len(trunks), checked)

	// Every free leaf page overwritten with random bytes: the archive says the same, passes
	// verification, and new writes reuse those pages without reading them.
	records := func(path string) (out []string) {
		t.Helper()
		s, err := Open(ctx, Config{SQLitePath: path, Keys: keys})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if err := s.Read(ctx, func(tx *Tx) error {
			for rec, err := range tx.All(ctx, "", true) {
				if err != nil {
					return err
				}
				// the record and its confidential part as JSON: all of it, no addresses
				b, err := recordJSON(rec)
				if err != nil {
					return err
				}
				if sp, ok := rec.(model.Secretive); ok {
					sb, err := json.Marshal(sp.SecretPart())
					if err != nil {
						return err
					}
					b = append(b, sb...)
				}
				out = append(out, string(b))
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	want := records(path)
	bad := append([]byte(nil), orig...)
	for n := range leaves {
		rand.Read(bad[(n-1)*pr.pageSize : n*pr.pageSize])
	}
	p := filepath.Join(t.TempDir(), "tizim.db")
	if err := os.WriteFile(p, bad, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := verifyFile(p, keys); err != nil {
		t.Fatalf("free leaf pages changed: %v", err)
	}
	if got := records(p); !slices.Equal(got, want) {
		t.Fatalf("free leaf pages changed: the records read differ")
	}
	s, err := Open(ctx, Config{SQLitePath: p, Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	var added []model.Record
	for i := range 100 {
		added = append(added, corruptPerson(1000+i))
	}
	if err := s.Write(ctx, func(tx *Tx) error { return tx.PutBatch(ctx, added, "alice", "") }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := verifyFile(p, keys); err != nil {
		t.Fatalf("after writes into changed free pages: %v", err)
	}
	after, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	_, left := newPageReader(t, after, keys).freelist()
	reused := 0
	for n := range leaves {
		if !left[n] {
			reused++
		}
	}
	if reused == 0 {
		t.Errorf("no changed free page was reused (%d free before, %d after)", len(leaves), len(left))
	}
	if got := records(p); len(got) != len(want)+len(added) {
		t.Errorf("%d records after adding %d to %d", len(got), len(added), len(want))
	}
}
