package store_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/store/storetest"
)

// TestBulkPath: the bulk write path (WriteBulk, Prepare, PutPrepared; COPY on PostgreSQL)
// stores what Put stores — rows found by every index, blind terms, search rows — with
// ascending ids, and AllParallel reads back exactly what All reads, in the same order.
func TestBulkPath(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			s := open(t, e)
			const n = 1500 // several COPY chunks of links and persons' rows on PostgreSQL
			recs := make([]model.Record, n)
			for i := range recs {
				p := person(fmt.Sprintf("Серікжан Біләш %d", i))
				p.ExternalID = fmt.Sprintf("bulk:%d", i)
				p.Secret.IDDocs[0].Number = fmt.Sprintf("P%07d", i)
				p.Secret.Contacts = []model.Contact{{Kind: "phone", Value: fmt.Sprintf("+7 701 %07d", i)}}
				recs[i] = p
			}
			prep := s.Prepare(recs[:n/2]) // half prepared, half analysed in the transaction
			if err := s.WriteBulk(ctx, func(tx *store.Tx) error { return tx.PutPrepared(ctx, recs, prep, "bulk", "") }); err != nil {
				t.Fatal(err)
			}
			for i := 1; i < n; i++ {
				a, b := recs[i-1].Head().ID, recs[i].Head().ID
				if bytes.Compare(a[:], b[:]) >= 0 {
					t.Fatalf("ids not ascending at %d: %s, %s", i, a, b)
				}
			}
			err := s.Read(ctx, func(tx *store.Tx) error {
				for _, i := range []int{0, n/2 - 1, n / 2, n - 1} {
					ids, err := tx.FindByIDNumber(ctx, fmt.Sprintf("P%07d", i))
					if err != nil {
						return err
					}
					if len(ids) != 1 || ids[0] != recs[i].Head().ID {
						t.Errorf("identity number of row %d finds %v", i, ids)
					}
				}
				got, err := tx.PersonIDs(ctx, store.PersonFilter{Status: string(model.StatusCamp), Limit: 1000})
				if err != nil {
					return err
				}
				if len(got) != 1000 {
					t.Errorf("persons by status: %d, want 1000", len(got))
				}
				var seq, par []model.Record
				for r, err := range tx.All(ctx, model.KindPerson, true) {
					if err != nil {
						return err
					}
					seq = append(seq, r)
				}
				for r, err := range tx.AllParallel(ctx, model.KindPerson, true) {
					if err != nil {
						return err
					}
					par = append(par, r)
				}
				if len(seq) != n || len(par) != n {
					t.Fatalf("All read %d, AllParallel %d, want %d", len(seq), len(par), n)
				}
				for i := range seq {
					a, b := seq[i].(*model.Person), par[i].(*model.Person)
					if a.ID != b.ID || a.PrimaryName() != b.PrimaryName() || a.Secret.IDDocs[0].Number != b.Secret.IDDocs[0].Number {
						t.Fatalf("record %d differs: %s %s", i, a.ID, b.ID)
					}
				}
				k := 0
				for range tx.AllParallel(ctx, model.KindPerson, false) {
					if k++; k == 300 {
						break // stopping early must not hang or leak the reader
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			// The search rows of prepared and unprepared records alike.
			hits := 0
			err = s.Read(ctx, func(tx *store.Tx) error {
				return tx.NameKeyRows(ctx, 0, func(r store.NameKeyRow) {
					if len(r.Keys) > 0 {
						hits++
					}
				})
			})
			if err != nil {
				t.Fatal(err)
			}
			if hits != n {
				t.Errorf("%d persons with name keys, want %d", hits, n)
			}
		})
	}
}
