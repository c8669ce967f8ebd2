package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/tizim/tizim/internal/crypt"
	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/store/storetest"
)

// verifyFile opens a database file and runs the checks tizim verify runs; it returns nil
// only when the file is whole.
func verifyFile(path string, keys *crypt.Keyring) error {
	ctx := context.Background()
	s, err := store.Open(ctx, store.Config{SQLitePath: path, Keys: keys})
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
	return s.Read(ctx, func(tx *store.Tx) error {
		ps, err := tx.VerifyAudit(ctx, 10)
		if err == nil && len(ps) > 0 {
			err = fmt.Errorf("audit: %v", ps)
		}
		return err
	})
}

func TestSQLiteCorruptionDetected(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "tizim.db")
	keys := storetest.Keys(t)
	s, err := store.Open(ctx, store.Config{SQLitePath: path, Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 300 {
		if err := s.Write(ctx, func(tx *store.Tx) error {
			p := person(fmt.Sprintf("Person %d with a long enough name to fill pages", i))
			if err := tx.Put(ctx, p, "alice", ""); err != nil {
				return err
			}
			if i%3 == 0 { // deletes leave free pages unless auto_vacuum reclaims them
				if err := tx.Delete(ctx, p.ID, "alice", "test"); err != nil {
					return err
				}
			}
			return tx.Audit(ctx, "alice", "create", "person", p.ID.String(), "")
		}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	if err := verifyFile(path, keys); err != nil {
		t.Fatalf("intact file fails verification: %v", err)
	}
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Every 4 KiB page, at a few offsets within it.
	for off := 0; off < len(orig); off += 4099 {
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
}
