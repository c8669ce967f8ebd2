package search

import (
	"context"
	"sync"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/names"
	"github.com/tizim/tizim/internal/store"
)

// Live is the name index of an open archive, held in memory (ADR 0500, 0501): built from
// the keys the store keeps with each person's name forms, brought up to date before each
// search by reading only the entries written since (a higher seq). A changed person moves
// to a new slot and its old postings are dropped when enough have piled up.
//
// Beside the index of everyone it keeps a second index of public persons only, with their
// name documents (forms, year, gender, facets) in memory, for the public search (ADR 0501,
// update of 2026-11-29): a public query walks only public postings, weighs keys by their
// rarity among public persons, and ranks without reading the database. What the public is
// shown is the projection of the version of each hit's record that the hit's seq names:
// the archive keeps projections by that seq (made at start by WarmPublicSearch, or when a
// hit is first shown) and drops any hit that is no longer public. The team's search reads
// every candidate's document from the database.
//
// Reading from the database happens outside the index's lock: searches go on with the
// postings they have while new rows are read, and wait only while rows are added.
type Live struct {
	x      *index
	pub    *index
	syncMu sync.Mutex // one reader of new rows at a time
	seq    int64      // guarded by syncMu
	audit  int64      // the newest audit entry read, guarded by syncMu; -1 before the first Sync
	names  int64      // the name_docs counter when rows were last read, guarded by syncMu

	docsMu sync.RWMutex
	docs   map[model.ID]pubDoc // public persons' documents
}

// pubDoc is a public person's document and the seq of the name_docs row it was read with:
// every write of a person gives its row a new seq, so the pair names one stored version of
// the person (a cache of what is shown of it may be keyed by it). forms are its name forms
// analysed and packed, so that a search compares it without analysing them again.
type pubDoc struct {
	doc   store.NameDoc
	seq   int64
	forms []names.PackedForm
}

// NewLive returns an empty index; the first Sync loads it.
func NewLive() *Live {
	return &Live{x: newIndex(), pub: newIndex(), docs: map[model.ID]pubDoc{}, audit: -1}
}

// syncChunk is how many rows are added under one hold of the index's lock.
const syncChunk = 4096

// Sync adds the entries written since the last Sync, and takes out the persons deleted
// since: a delete drops the person's row, so it is learnt from the audit log (deletes first:
// a person deleted and written again under the same id comes back with its new row).
func (l *Live) Sync(ctx context.Context, tx *store.Tx) error {
	_, err := l.SyncStamped(ctx, tx)
	return err
}

// SyncStamped is Sync, returning the stamps of tx's snapshot it read first: when they show
// no name_docs row and no audit entry newer than those already read, nothing else is read.
func (l *Live) SyncStamped(ctx context.Context, tx *store.Tx) (store.SearchStamps, error) {
	st, err := tx.SearchStamps(ctx)
	if err != nil {
		return st, err
	}
	l.syncMu.Lock()
	defer l.syncMu.Unlock()
	if l.audit >= 0 && st.Names <= l.names && st.Audit <= l.audit {
		return st, nil
	}
	if err := l.sync(ctx, tx); err != nil {
		return st, err
	}
	l.names = max(l.names, st.Names)
	l.audit = max(l.audit, st.Audit)
	return st, nil
}

// sync reads what was written since the last sync; syncMu held.
func (l *Live) sync(ctx context.Context, tx *store.Tx) error {
	if l.audit < 0 {
		// the first Sync reads every row there is: no delete before it matters
		head, _, err := tx.AuditHead(ctx)
		if err != nil {
			return err
		}
		l.audit = head
	} else {
		var gone []entry
		last, err := tx.DeletedSince(ctx, l.audit, func(_ int64, id model.ID) {
			gone = append(gone, entry{id: id, gone: true})
		})
		if err != nil {
			return err
		}
		if len(gone) > 0 {
			l.x.apply(gone)
			l.docsMu.Lock()
			for _, e := range gone {
				delete(l.docs, e.id)
			}
			l.docsMu.Unlock()
			l.pub.apply(gone)
		}
		l.audit = last
	}
	pub := store.LevelOf(model.Public)
	var batch []entry
	seq := l.seq
	flush := func() error {
		err := l.apply(ctx, tx, batch)
		batch = batch[:0]
		return err
	}
	var ferr error
	err := tx.NameKeyRows(ctx, l.seq, func(r store.NameKeyRow) {
		e := entryOf(r.ID, r.Level == pub, r.BirthYear, r.Gender, r.Keys)
		e.seq = r.Seq
		batch = append(batch, e)
		seq = max(seq, r.Seq)
		if len(batch) == syncChunk && ferr == nil {
			ferr = flush()
		}
	})
	if err == nil {
		err = ferr
	}
	if err == nil {
		err = flush()
	}
	if err != nil {
		// rows added so far stay: they are correct, and the next Sync reads them again
		// (a person met twice just moves to a new slot)
		return err
	}
	l.seq = seq
	return nil
}

// apply adds entries to the index of everyone and to the public one, whose documents it
// reads (a person no longer public leaves it).
func (l *Live) apply(ctx context.Context, tx *store.Tx, es []entry) error {
	if len(es) == 0 {
		return nil
	}
	var ids []model.ID
	for _, e := range es {
		if e.public {
			ids = append(ids, e.id)
		}
	}
	docs, err := tx.NameDocs(ctx, ids)
	if err != nil {
		return err
	}
	// documents of persons public in the row read now, with their forms packed (outside the
	// lock; only public persons' forms are packed: the token table keeps what it is given)
	byID := make(map[model.ID]pubDoc, len(docs))
	for _, d := range docs {
		if d.Publication == model.Public {
			byID[d.ID] = pubDoc{doc: d, forms: packForms(d.Forms)}
		}
	}
	l.x.apply(es)
	pes := make([]entry, 0, len(es))
	l.docsMu.Lock()
	for _, e := range es {
		d, ok := byID[e.id]
		// public in its keys' row and in the person's row read now (a later write may have
		// changed it: the next Sync brings that write's row)
		if e.public && ok {
			d.seq = e.seq
			l.docs[e.id] = d
			pes = append(pes, e)
			continue
		}
		if _, was := l.docs[e.id]; was {
			delete(l.docs, e.id)
			pes = append(pes, entry{id: e.id, gone: true})
		}
	}
	l.docsMu.Unlock()
	l.pub.apply(pes)
	return nil
}

// Len is the number of persons indexed.
func (l *Live) Len() int { return l.x.len() }

// Source returns the Source a search reads: candidates from memory, documents from tx; a
// search with Options.PublicOnly uses the public index and its documents in memory.
func (l *Live) Source(tx *store.Tx) Source { return liveSource{l, tx} }

type liveSource struct {
	l  *Live
	tx *store.Tx
}

func (s liveSource) candidates(_ context.Context, q queryKeys, f filter, n int) ([]Candidate, error) {
	if f.publicOnly {
		return s.l.pub.candidates(q, f, n), nil
	}
	return s.l.x.candidates(q, f, n), nil
}

func (s liveSource) NameDocs(ctx context.Context, ids []model.ID) ([]store.NameDoc, error) {
	return s.tx.NameDocs(ctx, ids)
}

// packForms packs a person's name forms (names.PackForm).
func packForms(forms []string) []names.PackedForm {
	out := make([]names.PackedForm, len(forms))
	for i, f := range forms {
		out[i] = names.PackForm(f)
	}
	return out
}

// publicDocs returns the documents of public persons among ids, from memory, with the seq
// of the row each was read with and their packed forms (forms[i] are docs[i]'s).
func (s liveSource) publicDocs(ids []model.ID) (docs []store.NameDoc, seqs map[model.ID]int64, forms [][]names.PackedForm) {
	s.l.docsMu.RLock()
	defer s.l.docsMu.RUnlock()
	docs = make([]store.NameDoc, 0, len(ids))
	forms = make([][]names.PackedForm, 0, len(ids))
	seqs = make(map[model.ID]int64, len(ids))
	for _, id := range ids {
		if d, ok := s.l.docs[id]; ok {
			docs = append(docs, d.doc)
			forms = append(forms, d.forms)
			seqs[id] = d.seq
		}
	}
	return docs, seqs, forms
}

// PublicPerson is a public person the index holds, with the seq of the name_docs row it was
// read with (as Hit.Seq).
type PublicPerson struct {
	ID  model.ID
	Seq int64
}

// PublicPersons returns the public persons the index holds, in no particular order.
func (l *Live) PublicPersons() []PublicPerson {
	l.docsMu.RLock()
	defer l.docsMu.RUnlock()
	out := make([]PublicPerson, 0, len(l.docs))
	for id, d := range l.docs {
		out = append(out, PublicPerson{id, d.seq})
	}
	return out
}
