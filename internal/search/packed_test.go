package search_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/refdata"
	"github.com/tizim/tizim/internal/search"
	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/store/storetest"
	"github.com/tizim/tizim/internal/synth"
)

// unpackedSource is a Live source without its documents in memory: Rank reads the
// documents from the database and analyses their forms (through its cache of analyses).
type unpackedSource struct{ search.Source }

// TestPublicRankFromPackedForms: the public search compares candidates from their packed
// forms (names.Unpacker), not from forms analysed afresh; its hits — persons, order, scores
// and reasons — are exactly those of the same search analysing the forms, over a synthetic
// archive (every script synth writes, families of namesakes) with queries in the persons'
// other forms, misspelt, with and without qualifiers.
func TestPublicRankFromPackedForms(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	ref, err := refdata.LoadAt(now)
	if err != nil {
		t.Fatal(err)
	}
	var persons []*model.Person
	err = synth.Generate(synth.Options{Persons: 1500, Seed: 7, Now: now}, ref, func(r model.Record) error {
		if p, ok := r.(*model.Person); ok {
			p.Publication = model.Public
			persons = append(persons, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, store.Config{SQLitePath: storetest.Engines(t)[0].SQLitePath, Keys: storetest.Keys(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	err = st.Write(ctx, func(tx *store.Tx) error {
		for _, p := range persons {
			if err := tx.Put(ctx, p, "test", ""); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	l := search.NewLive()
	compared, empty := 0, 0
	err = st.Read(ctx, func(tx *store.Tx) error {
		if err := l.Sync(ctx, tx); err != nil {
			return err
		}
		for i, p := range persons[:400] {
			f := p.Names[i%len(p.Names)].Text
			qs := []string{f, f + " 1975", p.Names[len(p.Names)-1].Text + " male"}
			if r := []rune(f); len(r) > 6 {
				qs = append(qs, string(r[:3])+string(r[4:])) // a letter dropped
			}
			for _, q := range qs {
				o := search.Options{PublicOnly: true, Limit: 10}
				got, err := search.Rank(ctx, l.Source(tx), search.Parse(q, nil), o)
				if err != nil {
					return err
				}
				want, err := search.Rank(ctx, unpackedSource{l.Source(tx)}, search.Parse(q, nil), o)
				if err != nil {
					return err
				}
				if len(got) != len(want) {
					t.Fatalf("query %q: %d hits from packed forms, %d analysed", q, len(got), len(want))
				}
				for i := range want {
					want[i].Seq = got[i].Seq // the database read knows no seq
				}
				if len(want) == 0 {
					empty++ // a few Chinese forms without their middle dot (see TestWordsRunTogether)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("query %q: from packed forms\n%+v\nanalysed\n%+v", q, got, want)
				}
				compared++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d queries ranked the same, %d of them with no hit", compared, empty)
	if empty > compared/10 {
		t.Errorf("%d of %d queries found no one", empty, compared)
	}
}
