package store_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/store/storetest"
)

func open(t *testing.T, e storetest.Engine) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), store.Config{SQLitePath: e.SQLitePath, PostgresURL: e.PostgresURL, Keys: storetest.Keys(t), CheckpointEvery: 4})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

const canary = "CANARY-7f3a-passport"

func person(name string) *model.Person {
	return &model.Person{Names: []model.NameForm{{Text: name, Kind: "primary"}}, Status: model.StatusCamp,
		Publication: model.Internal, Birth: model.MustDate("1975"),
		Secret: model.PersonSecret{IDDocs: []model.IdentityDoc{{Type: "passport", Number: canary}}}}
}

func TestRecordsOnBothEngines(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			s := open(t, e)
			p := person("Серікжан Біләш")
			p.ExternalID = "list-1:17"
			if err := s.Write(ctx, func(tx *store.Tx) error { return tx.Put(ctx, p, "alice", "") }); err != nil {
				t.Fatal(err)
			}
			if p.Version != 1 || p.ID.IsZero() {
				t.Fatalf("after insert: version %d id %v", p.Version, p.ID)
			}
			p.Status = model.StatusImprisoned
			if err := s.Write(ctx, func(tx *store.Tx) error { return tx.Put(ctx, p, "bob", "sentenced") }); err != nil {
				t.Fatal(err)
			}
			stale := *p
			stale.Version = 1
			err := s.Write(ctx, func(tx *store.Tx) error { return tx.Put(ctx, &stale, "carol", "") })
			if !errors.Is(err, model.ErrConflict) {
				t.Fatalf("stale write: got %v, want conflict", err)
			}
			s.Read(ctx, func(tx *store.Tx) error {
				got, err := tx.Get(ctx, p.ID, false)
				if err != nil {
					t.Fatal(err)
				}
				gp := got.(*model.Person)
				if gp.Status != model.StatusImprisoned || gp.Version != 2 || gp.UpdatedBy != "bob" {
					t.Errorf("got status %s version %d by %s", gp.Status, gp.Version, gp.UpdatedBy)
				}
				if len(gp.Secret.IDDocs) != 0 {
					t.Error("secret opened without asking")
				}
				got, _ = tx.Get(ctx, p.ID, true)
				if got.(*model.Person).Secret.IDDocs[0].Number != canary {
					t.Error("secret did not round-trip")
				}
				id, err := tx.Resolve(ctx, "list-1:17")
				if err != nil || id != p.ID {
					t.Errorf("resolve external id: %v %v", id, err)
				}
				if id, err := tx.Resolve(ctx, p.ID.String()); err != nil || id != p.ID {
					t.Errorf("resolve internal id: %v %v", id, err)
				}
				h, err := tx.History(ctx, p.ID, false)
				if err != nil || len(h) != 1 || h[0].Record.(*model.Person).Status != model.StatusCamp || h[0].ChangedBy != "bob" || h[0].Reason != "sentenced" {
					t.Errorf("history: %+v %v", h, err)
				}
				ids, err := tx.FindByIDNumber(ctx, strings.ToLower(canary))
				if err != nil || len(ids) != 1 || ids[0] != p.ID {
					t.Errorf("blind index lookup: %v %v", ids, err)
				}
				ids, err = tx.PersonIDs(ctx, store.PersonFilter{Query: "біләш"})
				if err != nil || len(ids) != 1 {
					t.Errorf("name filter: %v %v", ids, err)
				}
				ids, _ = tx.PersonIDs(ctx, store.PersonFilter{Publications: []model.Publication{model.Public}})
				if len(ids) != 0 {
					t.Errorf("internal person listed as public")
				}
				return nil
			})
			bad := &model.Person{Status: "camp", Publication: model.Internal}
			if err := s.Write(ctx, func(tx *store.Tx) error { return tx.Put(ctx, bad, "alice", "") }); !model.IsValidation(err) {
				t.Errorf("invalid person: got %v, want validation error", err)
			}
		})
	}
}

func TestSQLiteFileIsEncrypted(t *testing.T) {
	ctx := context.Background()
	e := storetest.Engines(t)[0]
	s := open(t, e)
	if err := s.Write(ctx, func(tx *store.Tx) error { return tx.Put(ctx, person("Bilash"), "alice", "") }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	for _, f := range []string{e.SQLitePath, e.SQLitePath + "-wal"} {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, needle := range []string{"SQLite format 3", "Bilash", canary, "records"} {
			if bytes.Contains(b, []byte(needle)) {
				t.Errorf("%s contains %q in the clear", f, needle)
			}
		}
	}
}

func TestAuditChain(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			s := open(t, e)
			for i := range 10 {
				if err := s.Write(ctx, func(tx *store.Tx) error {
					return tx.Audit(ctx, "alice", "update", "person", "r"+string(rune('0'+i)), "fields: status")
				}); err != nil {
					t.Fatal(err)
				}
			}
			s.Checkpoint(ctx)
			check := func() int {
				var n int
				s.Read(ctx, func(tx *store.Tx) error {
					probs, err := tx.VerifyAudit(ctx, 100)
					if err != nil {
						t.Fatal(err)
					}
					n = len(probs)
					return nil
				})
				return n
			}
			if n := check(); n != 0 {
				t.Fatalf("intact log has %d problems", n)
			}
			// Editing an entry with plain SQL, as an insider with database access could.
			if err := s.ExecForTest(ctx, `update audit set actor = 'mallory' where seq = 3`); err != nil {
				t.Fatal(err)
			}
			if n := check(); n == 0 {
				t.Fatal("edited audit entry not detected")
			}
		})
	}
}

// TestNoConfidentialValueStoredInTheClear reads every stored row back as raw bytes, on both
// engines: the confidential part of a record, and its earlier versions, are sealed.
func TestNoConfidentialValueStoredInTheClear(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			s := open(t, e)
			p := person("Name")
			p.Secret.Contacts = []model.Contact{{Kind: "phone", Value: canary + "-phone"}}
			p.Secret.Address, p.Secret.Notes = canary+"-address", canary+"-notes"
			for range 2 { // an update, so there is a version too
				if err := s.Write(ctx, func(tx *store.Tx) error { return tx.Put(ctx, p, "alice", "") }); err != nil {
					t.Fatal(err)
				}
			}
			rows, err := s.RawRowsForTest(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) < 2 {
				t.Fatalf("read %d rows", len(rows))
			}
			for _, r := range rows {
				if bytes.Contains(r, []byte("CANARY")) {
					t.Errorf("confidential value stored in the clear: %.200q", r)
				}
			}
		})
	}
}
