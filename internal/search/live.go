package search

import (
	"context"
	"sync"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
)

// Live is the name index of an open archive, held in memory (ADR 0500): postings built from
// the keys the store keeps with each person's name forms, brought up to date before each
// search by reading only the entries written since (a higher seq). Postings of a changed
// person are added again, not removed: a stale posting only proposes a candidate, and every
// candidate is read afresh from the database (forms, level) before it is scored or shown.
type Live struct {
	mu       sync.RWMutex
	postings map[int64][]livePosting
	ids      []model.ID
	slot     map[model.ID]int32
	seq      int64
}

type livePosting struct {
	doc    int32
	public bool
	forms  int64
}

// NewLive returns an empty index; the first Sync loads it.
func NewLive() *Live {
	return &Live{postings: map[int64][]livePosting{}, slot: map[model.ID]int32{}}
}

// Sync adds the entries written since the last Sync.
func (l *Live) Sync(ctx context.Context, tx *store.Tx) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return tx.NameKeyRows(ctx, l.seq, func(r store.NameKeyRow) {
		i, ok := l.slot[r.ID]
		if !ok {
			i = int32(len(l.ids))
			l.ids = append(l.ids, r.ID)
			l.slot[r.ID] = i
		}
		store.DecodeKeys(r.Keys, func(k, forms int64) {
			l.postings[k] = append(l.postings[k], livePosting{doc: i, public: r.Level == store.LevelOf(model.Public), forms: forms})
		})
		l.seq = max(l.seq, r.Seq)
	})
}

// Source returns the Source a search reads: postings from memory, documents from tx.
func (l *Live) Source(tx *store.Tx) Source { return liveSource{l, tx} }

type liveSource struct {
	l  *Live
	tx *store.Tx
}

func (s liveSource) NamePostings(_ context.Context, key int64, publicOnly bool, limit int) ([]store.Posting, error) {
	s.l.mu.RLock()
	defer s.l.mu.RUnlock()
	var out []store.Posting
	for _, p := range s.l.postings[key] {
		if len(out) == limit {
			break
		}
		if publicOnly && !p.public {
			continue
		}
		out = append(out, store.Posting{ID: s.l.ids[p.doc], Forms: p.forms})
	}
	return out, nil
}

func (s liveSource) NameDocs(ctx context.Context, ids []model.ID) ([]store.NameDoc, error) {
	return s.tx.NameDocs(ctx, ids)
}
