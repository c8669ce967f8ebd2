package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/store/storetest"
)

// TestWriteBulkInTurn (ADR 0417): a transaction in turn writes its new records while the
// transaction before it is still open (PostgreSQL), and its name index numbers and audit
// entries come after that transaction's, which commits first; a transaction whose turn
// fails commits nothing, even if it never asked for its turn itself.
func TestWriteBulkInTurn(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			s := open(t, e)
			batch := func(tag string) []model.Record {
				recs := make([]model.Record, 3)
				for i := range recs {
					p := person(fmt.Sprintf("Turn %s %d", tag, i))
					p.ExternalID = fmt.Sprintf("%s:%d", tag, i)
					recs[i] = p
				}
				return recs
			}
			first, second := batch("first"), batch("second")
			// write saves recs and audits them (the second batch: its records saved before).
			write := func(tx *store.Tx, recs []model.Record, tag string) error {
				if err := tx.PutPrepared(ctx, recs, nil, "test", ""); err != nil {
					return err
				}
				if tag == "second" {
					recs = second
				}
				entries := make([]store.AuditRecord, len(recs))
				for i, r := range recs {
					entries[i] = store.AuditRecord{Actor: "test", Action: "create", Kind: "person", Record: r.Head().ID.String(), Detail: tag}
				}
				return tx.AuditBatch(ctx, entries)
			}

			release, firstDone := make(chan struct{}), make(chan error, 1)
			go func() {
				firstDone <- s.WriteBulk(ctx, func(tx *store.Tx) error {
					if err := write(tx, first, "first"); err != nil {
						return err
					}
					<-release // the first transaction stays open until the test lets it go
					return nil
				})
			}()
			var firstErr error
			turn := func() error {
				firstErr = <-firstDone
				return firstErr
			}
			wrote, secondDone := make(chan struct{}), make(chan error, 1)
			go func() {
				secondDone <- s.WriteBulkInTurn(ctx, turn, func(tx *store.Tx) error {
					if err := tx.PutPrepared(ctx, second, nil, "test", ""); err != nil {
						return err
					}
					close(wrote)
					return write(tx, nil, "second")
				})
			}()
			if e.PostgresURL != "" {
				<-wrote // while the first transaction is open
				close(release)
			} else {
				close(release) // one writer: the second begins after the first
				<-wrote
			}
			if err := <-secondDone; err != nil || firstErr != nil {
				t.Fatalf("first: %v, second: %v", firstErr, err)
			}
			for q, want := range map[string]int64{
				`select count(*) from persons`: 6,
				// every name index number of the second batch above the first's
				`select count(*) from name_docs a join records ra on ra.id = a.id, name_docs b join records rb on rb.id = b.id
					where ra.external_id like 'first:%' and rb.external_id like 'second:%' and a.seq >= b.seq`: 0,
				`select max(seq) from name_docs`: 6,
				// the second batch's audit entries after the first's
				`select count(*) from audit a, audit b where a.detail = 'first' and b.detail = 'second' and a.seq >= b.seq`: 0,
				`select count(*) from audit where detail = 'second'`:                                                        3,
			} {
				if got, err := s.CountForTest(ctx, q); err != nil || got != want {
					t.Errorf("%s: %d (%v), want %d", q, got, err, want)
				}
			}

			// A turn that fails: nothing of the transaction stays.
			refused := errors.New("the transaction before failed")
			third := batch("third")
			err := s.WriteBulkInTurn(ctx, func() error { return refused }, func(tx *store.Tx) error {
				return tx.PutPrepared(ctx, third, nil, "test", "")
			})
			if !errors.Is(err, refused) {
				t.Errorf("a failed turn: %v", err)
			}
			if n, err := s.CountForTest(ctx, `select count(*) from records where external_id like 'third:%'`); err != nil || n != 0 {
				t.Errorf("a failed turn left %d records (%v)", n, err)
			}
			err = s.Read(ctx, func(tx *store.Tx) error {
				ps, err := tx.VerifyAudit(ctx, 10)
				if len(ps) > 0 {
					t.Errorf("audit: %v", ps)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}
