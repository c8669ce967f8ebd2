package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store/storetest"
)

// TestBulkCheckpoints: bulk batches on SQLite are checkpointed by the checkpoint connection
// (ADR 0418), not the writer; the WAL starts again once it passes ckptRestartFrames instead
// of growing with the import; and the file those checkpoints wrote passes integrity_check
// with page checksums verified, with every record readable.
func TestBulkCheckpoints(t *testing.T) {
	testBulkCheckpoints(t)
}

// TestBulkCheckpointsSlowCheckpoint: a checkpoint that runs far behind the writer, as one
// starved of CPU on a busy machine, does not let the WAL grow past the limit: the writer
// counts the WAL's frames itself (its WAL hook) and waits at the limit. Before the hook, the
// writer went by the checkpoints' count, batches old, and wrote on.
func TestBulkCheckpointsSlowCheckpoint(t *testing.T) {
	defer func() { ckptBefore = nil }()
	ckptBefore = func() { time.Sleep(40 * time.Millisecond) }
	testBulkCheckpoints(t)
}

func testBulkCheckpoints(t *testing.T) {
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
	// A batch is 60-160 frames: a WAL that restarts stays within the limit and one batch;
	// one that does not reaches thousands.
	if maxFrames > ckptRestartFrames+200 {
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

// TestAutoCheckpoint: outside bulk batches the writer's WAL hook checkpoints as SQLite's
// automatic checkpoint did (wal_autocheckpoint=1000), so ordinary writes keep the WAL near
// a thousand frames: it restarts, and never holds more than that and one commit.
func TestAutoCheckpoint(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Config{SQLitePath: filepath.Join(t.TempDir(), "tizim.db"), Keys: storetest.Keys(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	frames := func() int {
		s.ckpt.mu.Lock()
		defer s.ckpt.mu.Unlock()
		return s.ckpt.frames
	}
	most, restarts, total := 0, 0, 0
	for i := 0; total < 2*autoCheckpointFrames+500; i++ {
		if i == 50 && total == 0 {
			t.Fatal("the writer's WAL hook reported no frames: is it installed?")
		}
		before := frames()
		err := s.Write(ctx, func(tx *Tx) error {
			for j := range 20 {
				p := &model.Person{Names: []model.NameForm{{Text: fmt.Sprintf("Серік Біләш %d-%d", i, j), Kind: "primary"}},
					Status: model.StatusCamp, Publication: model.Internal, Summary: fmt.Sprintf("write %d", i)}
				if err := tx.Put(ctx, p, "test", ""); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		after := frames()
		if after < before {
			restarts++
			total += after
		} else {
			total += after - before
		}
		most = max(most, after)
	}
	if restarts == 0 || most > autoCheckpointFrames+200 {
		t.Errorf("%d frames written: the WAL restarted %d times and held up to %d frames", total, restarts, most)
	}
}
