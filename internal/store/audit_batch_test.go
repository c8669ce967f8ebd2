package store_test

import (
	"context"
	"testing"

	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/store/storetest"
)

// TestAuditBatchCheckpoints: a batch of entries stores a signed checkpoint at every
// CheckpointEvery-th entry (4 here), as many as appending them one by one would, all in
// one statement per batch; the log verifies, and a forged
// checkpoint is caught.
func TestAuditBatchCheckpoints(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			s := open(t, e)
			for _, n := range []int{3, 1, 40, 9} { // 53 entries: checkpoints at 4, 8, …, 52
				recs := make([]store.AuditRecord, n)
				for i := range recs {
					recs[i] = store.AuditRecord{Actor: "import", Action: "create", Kind: "person", Record: "r", Detail: "version 1"}
				}
				if err := s.WriteBulk(ctx, func(tx *store.Tx) error { return tx.AuditBatch(ctx, recs) }); err != nil {
					t.Fatal(err)
				}
			}
			for q, want := range map[string]int64{
				`select count(*) from audit_checkpoints`:                                                     13,
				`select min(seq) from audit_checkpoints`:                                                     4,
				`select max(seq) from audit_checkpoints`:                                                     52,
				`select count(*) from audit_checkpoints where seq % 4 <> 0`:                                  0,
				`select count(*) from audit_checkpoints c join audit a on a.seq = c.seq and a.hash = c.hash`: 13,
			} {
				if got, err := s.CountForTest(ctx, q); err != nil || got != want {
					t.Errorf("%s: %d (%v), want %d", q, got, err, want)
				}
			}
			err := s.Read(ctx, func(tx *store.Tx) error {
				probs, err := tx.VerifyAudit(ctx, 100)
				if len(probs) > 0 {
					t.Errorf("log does not verify: %v", probs)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			// a checkpoint signed by another key is caught
			if err := s.ExecForTest(ctx, `update audit_checkpoints set sig = hash || hash where seq = 8`); err != nil {
				t.Fatal(err)
			}
			s.Read(ctx, func(tx *store.Tx) error {
				if probs, _ := tx.VerifyAudit(ctx, 100); len(probs) == 0 {
					t.Error("forged checkpoint not detected")
				}
				return nil
			})
		})
	}
}
