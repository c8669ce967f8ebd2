package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store/storetest"
)

// derivedRows lists, sorted, what the store holds of records besides their JSON: versions
// with their reasons, links, persons rows, blind terms, the name index (forms, level and
// keys) and the full-text rows.
func derivedRows(t *testing.T, s *Store) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	err := s.Read(ctx, func(tx *Tx) error {
		for _, q := range []string{
			`select 'record', id, kind, version, '' from records`,
			`select 'version', id, kind, version, reason from versions`,
			`select 'link', src, dst, rel, '' from links`,
			`select 'person', id, name || '|' || name_fold || '|' || status || '|' || county || '|' || publication, coalesce(public_code, '-'), coalesce(facility, '') from persons`,
			`select 'term', id, term, '', '' from blind_terms`,
			`select 'name', id, forms, level, keys from name_docs`,
			`select 'text', id, kind, '', '' from text_docs`,
		} {
			rows, err := tx.query(ctx, q)
			if err != nil {
				return err
			}
			for rows.Next() {
				var a, b, c, d, e any
				if err := rows.Scan(&a, &b, &c, &d, &e); err != nil {
					rows.Close()
					return err
				}
				if a == "name" {
					// The keys are packed from maps, in no fixed order: compare them as a set.
					var ks []string
					DecodeKeys(e.([]byte), func(w []byte, f int64) { ks = append(ks, fmt.Sprintf("%s:%d", w, f)) },
						func(k, f int64) { ks = append(ks, fmt.Sprintf("%x:%d", k, f)) })
					slices.Sort(ks)
					e = strings.Join(ks, ",")
				}
				out = append(out, fmt.Sprintf("%v %x %v %v %v", a, b, c, d, e))
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// TestUpdateBatchIsPut: saving changed records with UpdateBatch leaves exactly the rows that
// saving them one by one with Put leaves — versions and reasons, links, persons rows, blind
// terms, name index with its level, full text — and checks versions as Put does.
func TestUpdateBatchIsPut(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			keys := storetest.Keys(t)
			engines := []storetest.Engine{e, {SQLitePath: filepath.Join(t.TempDir(), "b.db")}}
			if e.PostgresURL != "" {
				engines[1] = storetest.Engine{PostgresURL: storetest.Schema(t, os.Getenv("TIZIM_TEST_POSTGRES"))}
			}
			var dumps [2][]string
			for i, en := range engines {
				s, err := Open(ctx, Config{SQLitePath: en.SQLitePath, PostgresURL: en.PostgresURL, Keys: keys})
				if err != nil {
					t.Fatal(err)
				}
				defer s.Close()
				var recs []model.Record
				for j := range 40 {
					p := &model.Person{Meta: model.Meta{ID: mustID(fmt.Sprintf("0190a0b0-0000-7000-8000-%012d", j+1))},
						Names: []model.NameForm{{Text: fmt.Sprintf("Серікжан Біләш %d", j), Kind: "primary"}}, Status: model.StatusCamp,
						Publication: model.Internal, Secret: model.PersonSecret{IDDocs: []model.IdentityDoc{{Type: "passport", Number: fmt.Sprintf("N%07d", j)}},
							Contacts: []model.Contact{{Kind: "phone", Value: fmt.Sprintf("+7 701 %07d", j)}}}}
					recs = append(recs, p)
				}
				tm := &model.Testimony{Meta: model.Meta{ID: mustID("0190a0b0-0000-7000-8000-000000009999")},
					Testifier: recs[0].Head().ID, About: []model.ID{recs[1].Head().ID}, Medium: "interview", Transcript: "свидетельство", Publication: model.Internal}
				tm2 := &model.Testimony{Meta: model.Meta{ID: mustID("0190a0b0-0000-7000-8000-000000009998")},
					Testifier: recs[3].Head().ID, About: []model.ID{recs[4].Head().ID}, Medium: "interview", Transcript: "показания", Publication: model.Internal}
				recs = append(recs, tm, tm2)
				if err := s.Write(ctx, func(tx *Tx) error { return tx.PutBatch(ctx, recs, "test", "") }); err != nil {
					t.Fatal(err)
				}
				// Change every kind of thing a derived row is made from.
				var ups []Update
				for j, r := range recs {
					switch x := r.(type) {
					case *model.Person:
						if j%3 == 0 {
							continue // unchanged ones stay as they are
						}
						x.Publication, x.PublicCode = model.Public, fmt.Sprintf("code%04d", j)
						if j%3 == 1 {
							break // only the level: links, blind terms and text stay as stored
						}
						x.Names = append(x.Names, model.NameForm{Text: fmt.Sprintf("Serikzhan Bilash %d", j), Kind: "alias"})
						x.Secret.IDDocs[0].Number = fmt.Sprintf("M%07d", j)
						x.Secret.Contacts = nil
					case *model.Testimony:
						x.Publication = model.Pseudonymous
						if x.ID == tm.ID {
							x.About = []model.ID{recs[2].Head().ID}
						}
					}
					ups = append(ups, Update{Rec: r, Reason: fmt.Sprintf("change %d", j%2)})
				}
				err = s.Write(ctx, func(tx *Tx) error {
					if i == 1 {
						return tx.UpdateBatch(ctx, ups, "test")
					}
					for _, u := range ups {
						if err := tx.Put(ctx, u.Rec, "test", u.Reason); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				dumps[i] = derivedRows(t, s)
				if probs, err := s.Consistency(ctx); err != nil || len(probs) > 0 {
					t.Errorf("consistency: %v %v", probs, err)
				}
				// A stale version is refused, as by Put.
				stale := *(ups[0].Rec.(*model.Person))
				stale.Version--
				if err := s.Write(ctx, func(tx *Tx) error { return tx.UpdateBatch(ctx, []Update{{Rec: &stale}}, "test") }); err == nil || !strings.Contains(err.Error(), model.ErrConflict.Error()) {
					t.Errorf("a stale version: %v", err)
				}
			}
			if !slices.Equal(dumps[0], dumps[1]) {
				for j := range max(len(dumps[0]), len(dumps[1])) {
					var a, b string
					if j < len(dumps[0]) {
						a = dumps[0][j]
					}
					if j < len(dumps[1]) {
						b = dumps[1][j]
					}
					if a != b {
						t.Errorf("row %d:\n Put         %s\n UpdateBatch %s", j, a, b)
					}
				}
			}
			if len(dumps[0]) < 200 {
				t.Errorf("only %d rows compared", len(dumps[0]))
			}
		})
	}
}

func mustID(s string) model.ID {
	id, err := model.ParseID(s)
	if err != nil {
		panic(err)
	}
	return id
}
