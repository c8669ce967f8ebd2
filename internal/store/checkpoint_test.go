package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store/storetest"
)

// TestBulkCheckpoints: bulk batches on SQLite are checkpointed by the checkpoint connection
// (ADR 0418), not the writer; the WAL starts again once it passes ckptRestartFrames instead
// of growing with the import; and the file those checkpoints wrote passes integrity_check
// with page checksums verified, with every record readable.
func TestBulkCheckpoints(t *testing.T) {
	ctx := context.Background()
	defer func(n int) { ckptRestartFrames = n }(ckptRestartFrames)
	ckptRestartFrames = 256
	keys := storetest.Keys(t)
	path := filepath.Join(t.TempDir(), "tizim.db")
	s, err := Open(ctx, Config{SQLitePath: path, Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	var ids []model.ID
	maxFrames := 0
	for b := range 40 {
		recs := make([]model.Record, 300)
		for i := range recs {
			p := &model.Person{Names: []model.NameForm{{Text: fmt.Sprintf("Айгүл Серікова %d-%d", b, i), Kind: "primary"}},
				Status: model.StatusCamp, Publication: model.Internal, Summary: fmt.Sprintf("batch %d row %d", b, i)}
			p.Secret.IDDocs = []model.IdentityDoc{{Type: "passport", Number: fmt.Sprintf("N%03d%04d", b, i)}}
			recs[i] = p
		}
		if err := s.WriteBulk(ctx, func(tx *Tx) error { return tx.PutBatch(ctx, recs, "test", "") }); err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			ids = append(ids, r.Head().ID)
		}
		s.ckpt.mu.Lock()
		maxFrames = max(maxFrames, s.ckpt.frames)
		s.ckpt.mu.Unlock()
	}
	s.ckpt.mu.Lock()
	on, copied, frames := s.ckpt.conn != nil, s.ckpt.copied, s.ckpt.frames
	s.ckpt.mu.Unlock()
	if !on || copied == 0 {
		t.Fatalf("bulk batches were not checkpointed off the writer (connection %t, batches copied %d)", on, copied)
	}
	// A batch is 60-160 frames: a WAL that restarts stays within the limit and a few batches;
	// one that does not reaches thousands.
	if maxFrames > ckptRestartFrames+400 {
		t.Errorf("the WAL grew to %d frames (restart at %d; last %d)", maxFrames, ckptRestartFrames, frames)
	}
	// An ordinary write afterwards checkpoints as before.
	if err := s.Write(ctx, func(tx *Tx) error {
		return tx.Put(ctx, &model.Person{Names: []model.NameForm{{Text: "Серік Біләш", Kind: "primary"}}, Status: model.StatusCamp, Publication: model.Internal}, "test", "")
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// Reopened, the pages come from the file and the checksum layer checks every one.
	s, err = Open(ctx, Config{SQLitePath: path, Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var v string
	if err := s.w.QueryRowContext(ctx, "pragma checksum_verification").Scan(&v); err != nil || v != "1" {
		t.Fatalf("checksum verification %q %v", v, err)
	}
	if probs, err := s.Integrity(ctx); err != nil || len(probs) > 0 {
		t.Fatalf("integrity: %v %v", probs, err)
	}
	err = s.Read(ctx, func(tx *Tx) error {
		for _, id := range ids {
			if _, err := tx.Get(ctx, id, true); err != nil {
				return fmt.Errorf("%s: %w", id, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
