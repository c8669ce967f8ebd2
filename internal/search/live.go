package search

import (
	"context"
	"sync"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
)

// Live is the name index of an open archive, held in memory (ADR 0500, 0501): built from
// the keys the store keeps with each person's name forms, brought up to date before each
// search by reading only the entries written since (a higher seq). A changed person moves
// to a new slot and its old postings are dropped when enough have piled up; every
// candidate is still read afresh from the database (forms, level) before it is scored or
// shown, so a stale posting can only propose, never show.
//
// Reading from the database happens outside the index's lock: searches go on with the
// postings they have while new rows are read, and wait only while rows are added.
type Live struct {
	x      *index
	syncMu sync.Mutex // one reader of new rows at a time
	seq    int64      // guarded by syncMu
}

// NewLive returns an empty index; the first Sync loads it.
func NewLive() *Live { return &Live{x: newIndex()} }

// syncChunk is how many rows are added under one hold of the index's lock.
const syncChunk = 4096

// Sync adds the entries written since the last Sync.
func (l *Live) Sync(ctx context.Context, tx *store.Tx) error {
	l.syncMu.Lock()
	defer l.syncMu.Unlock()
	pub := store.LevelOf(model.Public)
	var batch []entry
	seq := l.seq
	err := tx.NameKeyRows(ctx, l.seq, func(r store.NameKeyRow) {
		batch = append(batch, entryOf(r.ID, r.Level == pub, r.BirthYear, r.Gender, r.Keys))
		seq = max(seq, r.Seq)
		if len(batch) == syncChunk {
			l.x.apply(batch)
			batch = batch[:0]
		}
	})
	if err != nil {
		// rows added so far stay: they are correct, and the next Sync reads them again
		// (a person met twice just moves to a new slot)
		return err
	}
	l.x.apply(batch)
	l.seq = seq
	return nil
}

// Len is the number of persons indexed.
func (l *Live) Len() int { return l.x.len() }

// Source returns the Source a search reads: candidates from memory, documents from tx.
func (l *Live) Source(tx *store.Tx) Source { return liveSource{l, tx} }

type liveSource struct {
	l  *Live
	tx *store.Tx
}

func (s liveSource) candidates(_ context.Context, q queryKeys, f filter, n int) ([]Candidate, error) {
	return s.l.x.candidates(q, f, n), nil
}

func (s liveSource) NameDocs(ctx context.Context, ids []model.ID) ([]store.NameDoc, error) {
	return s.tx.NameDocs(ctx, ids)
}
