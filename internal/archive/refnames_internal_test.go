package archive

import (
	"context"
	"path/filepath"
	"testing"
	"weak"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/store/storetest"
)

// A reader that began before a place was renamed (an older snapshot) and reads the place
// after a newer reader moved the cache on must not leave the old name in the newer
// generation's cache: the next request shows the new name. (It did not: the flaky
// "County 19" of TestPublicCachesConcurrent.)
func TestRefCacheOlderSnapshot(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{SQLitePath: filepath.Join(t.TempDir(), "a.db"), Keys: storetest.Keys(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	a := New(st)
	ed := Actor{Name: "erlan", Role: Editor}
	county := &model.Place{Level: "county", Names: []model.PlaceName{{Text: "Old name", Lang: "en"}}}
	if err := a.Put(ctx, ed, county, ""); err != nil {
		t.Fatal(err)
	}
	nameIn := func(tx *store.Tx) string {
		refs, err := a.refs(ctx, tx)
		if err != nil {
			t.Error(err)
			return ""
		}
		n := &refNamer{ctx: ctx, tx: tx, cache: refs}
		if r, ok := n.record(county.ID).(*model.Place); ok {
			return r.Names[0].Text
		}
		return ""
	}
	// Two old readers: one is given its cache before the rename, the other only takes its
	// snapshot before it (SQLite: its first read) and asks for a cache after a newer reader.
	validated, renamed, done := make(chan struct{}, 2), make(chan struct{}), make(chan string, 2)
	for _, early := range []bool{true, false} {
		go func() {
			var got string
			err := st.Read(ctx, func(tx *store.Tx) error {
				var err error
				if early {
					_, err = a.refs(ctx, tx)
				} else {
					_, err = tx.Get(ctx, county.ID, false)
				}
				if err != nil {
					return err
				}
				validated <- struct{}{}
				<-renamed
				got = nameIn(tx) // reads the place only after the rename and a newer reader
				return nil
			})
			if err != nil {
				t.Error(err)
			}
			done <- got
		}()
	}
	<-validated
	<-validated
	county.Names[0].Text = "New name"
	if err := a.Put(ctx, ed, county, ""); err != nil {
		t.Fatal(err)
	}
	st.Read(ctx, func(tx *store.Tx) error {
		if got := nameIn(tx); got != "New name" {
			t.Errorf("a reader after the rename sees %q", got)
		}
		return nil
	})
	// The newer reader's cache must not hold the name yet for this to test anything: drop it.
	v, _ := refCaches.Load(weak.Make(st))
	h := v.(*refHolder)
	h.mu.Lock()
	h.cur.recs = map[model.ID]model.Record{}
	h.mu.Unlock()
	close(renamed)
	for range 2 {
		if old := <-done; old != "Old name" {
			t.Errorf("an old snapshot read %q", old)
		}
	}
	st.Read(ctx, func(tx *store.Tx) error {
		if got := nameIn(tx); got != "New name" {
			t.Errorf("after an old snapshot read the place, a new reader sees %q", got)
		}
		return nil
	})
}
