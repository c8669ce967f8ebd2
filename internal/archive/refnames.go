package archive

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/maphash"
	"runtime"
	"slices"
	"sync"
	"weak"

	"github.com/tizim/tizim/internal/access"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
)

// A cache of the places and facilities that projections name. They are reference data:
// loaded once, rarely edited, and read by every public page and list row (a person's
// hometown, its prefecture, the facility, each event's place). Reading them record by record
// was most of a public request.
//
// A cache is valid for one reference generation (store.RefGeneration), which triggers on
// the records table move on every write to a place or facility, from any writer or process.
// A transaction reads the generation once and is given the cache of that generation: a newer
// generation replaces the shared cache with an empty one, so a rename shows on the next
// request. A transaction is bound to the cache it was given, so one that started before a
// write (an older snapshot) never puts what it reads into the newer generation's cache; when
// it comes after the newer one, it gets a cache of its own, dropped with it.

// refCache holds the decoded places and facilities of one store and one generation.
type refCache struct {
	mu   sync.Mutex
	gen  int64
	recs map[model.ID]model.Record // nil value: no place or facility has this id
	// summaries are persons' summary projections (access.ProjectPerson with no related
	// records), keyed by id and valid while the person's stored JSON hashes the same: the
	// projection is a function of that JSON and the reference names alone, so any write to
	// the person (an edit, a consent, a merge or its undo, a delete and re-create) shows at
	// once. Decoding each listed person's JSON was most of a public list.
	summaries map[model.ID]summary
	// pages are persons' full projections (their public page), valid while the person's
	// JSON hashes the same and, for a public entry, while the hash of everything else the
	// page was built from (pageHash) is the same.
	pages map[model.ID]pageEntry
	// ext maps reference data's external ids ("nbs:6540") to ids; the zero id: none.
	ext map[string]model.ID
	// stats are the public statistics as of persons generation statsGen (its prefecture
	// labels are this cache's reference names): read-only once made, shared by requests.
	stats    *Stats
	statsGen int64
	statsRun *statsFlight // the count under way, if any (PublicStats)
	// hits are public search hits' summary projections by person, each with the seq of the
	// name_docs row it was made from (projectHits); two generations of hitCacheMax.
	hits, hitsPrev map[model.ID]hitEntry
}

func newRefCache(gen int64) *refCache {
	return &refCache{gen: gen, recs: map[model.ID]model.Record{}, summaries: map[model.ID]summary{}, pages: map[model.ID]pageEntry{}, ext: map[string]model.ID{}}
}

// refCacheMax bounds the cache; past it, the cache starts again (the gazetteer has about
// two thousand places and facilities).
const refCacheMax = 200_000

// refHolder is a store's current cache and the transactions that were given a cache lately.
type refHolder struct {
	mu  sync.Mutex
	cur *refCache
	// checked remembers the caches given to recent transactions, so a transaction reads the
	// generation once. Holding the pointers keeps them from being reused for another
	// transaction while they are here.
	checked [16]struct {
		tx *store.Tx
		c  *refCache
	}
	next int
}

// refCaches holds one refHolder per open store, dropped when the store is collected.
var refCaches sync.Map // weak.Pointer[store.Store] → *refHolder

// refs returns the cache of places and facilities for tx's snapshot.
func (a *Archive) refs(ctx context.Context, tx *store.Tx) (*refCache, error) {
	h := a.refHolder()
	if c := h.boundTo(tx); c != nil {
		return c, nil
	}
	gen, err := tx.RefGeneration(ctx)
	if err != nil {
		return nil, err
	}
	return h.bind(tx, gen), nil
}

// refsAt is refs for a transaction whose reference generation the caller has read in it
// (store.SearchStamps): it saves the query.
func (a *Archive) refsAt(tx *store.Tx, gen int64) *refCache {
	h := a.refHolder()
	if c := h.boundTo(tx); c != nil {
		return c
	}
	return h.bind(tx, gen)
}

// refHolder returns the holder of a's store.
func (a *Archive) refHolder() *refHolder {
	k := weak.Make(a.st)
	v, ok := refCaches.Load(k)
	if !ok {
		var loaded bool
		if v, loaded = refCaches.LoadOrStore(k, &refHolder{}); !loaded {
			runtime.AddCleanup(a.st, func(k weak.Pointer[store.Store]) { refCaches.Delete(k) }, k)
		}
	}
	return v.(*refHolder)
}

// boundTo returns the cache tx was given lately, or nil.
func (h *refHolder) boundTo(tx *store.Tx) *refCache {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, e := range h.checked {
		if e.tx == tx {
			return e.c
		}
	}
	return nil
}

// bind returns the cache of generation gen for tx, and remembers it for tx.
func (h *refHolder) bind(tx *store.Tx, gen int64) *refCache {
	h.mu.Lock()
	defer h.mu.Unlock()
	var c *refCache
	switch {
	case h.cur == nil || gen > h.cur.gen:
		h.cur = newRefCache(gen)
		c = h.cur
	case gen == h.cur.gen:
		c = h.cur
	default: // an older snapshot than the cache's: a cache of its own
		c = newRefCache(gen)
	}
	h.checked[h.next].tx, h.checked[h.next].c = tx, c
	h.next = (h.next + 1) % len(h.checked)
	return c
}

// load reads the given ids that are not cached yet, and their parent places, in one query
// per level of the hierarchy.
func (c *refCache) load(ctx context.Context, tx *store.Tx, ids []model.ID) error {
	for range 8 {
		c.mu.Lock()
		var miss []model.ID
		for _, id := range ids {
			if _, ok := c.recs[id]; !ok && !id.IsZero() {
				miss = append(miss, id)
			}
		}
		c.mu.Unlock()
		if len(miss) == 0 {
			return nil
		}
		got, err := tx.GetMany(ctx, miss, false)
		if err != nil {
			return err
		}
		ids = ids[:0]
		c.mu.Lock()
		if len(c.recs)+len(miss) > refCacheMax {
			c.recs = map[model.ID]model.Record{}
		}
		for _, id := range miss {
			switch r := got[id].(type) {
			case *model.Place:
				c.recs[id] = r
				if !r.Parent.IsZero() {
					ids = append(ids, r.Parent)
				}
			case *model.Facility:
				c.recs[id] = r
			default:
				c.recs[id] = nil // not reference data: names nothing
			}
		}
		c.mu.Unlock()
	}
	return nil
}

// get returns a cached place or facility (nil when id names neither), and whether id was
// in the cache at all.
func (c *refCache) get(id model.ID) (model.Record, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.recs[id]
	return r, ok
}

// summary is a cached summary projection: nil when the person is not published.
type summary struct {
	hash uint64
	pp   *access.PublicPerson
}

// summaryCacheMax bounds the summaries kept (about half a kilobyte each); past it, the
// cache starts again.
const summaryCacheMax = 100_000

// dataSeed keys the hash of records' JSON; it is random per process, so no one can craft
// two records whose JSON collides.
var dataSeed = maphash.MakeSeed()

func dataHash(data string) uint64 { return maphash.String(dataSeed, data) }

// summary returns the cached summary projection of the person whose JSON is data.
func (c *refCache) summary(id model.ID, data string) (*access.PublicPerson, bool) {
	h := dataHash(data)
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.summaries[id]
	if !ok || s.hash != h {
		return nil, false
	}
	return s.pp, true
}

func (c *refCache) putSummary(id model.ID, data string, pp *access.PublicPerson) {
	h := dataHash(data)
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.summaries) >= summaryCacheMax {
		c.summaries = map[model.ID]summary{}
	}
	c.summaries[id] = summary{hash: h, pp: pp}
}

// pageEntry is a cached page projection.
type pageEntry struct {
	person uint64 // hash of the person's JSON
	inputs uint64 // pageHash of its page's inputs (public entries; 0 otherwise)
	pp     *access.PublicPerson
}

// pageCacheMax bounds the pages kept (a few kilobytes each with a timeline and testimonies).
const pageCacheMax = 20_000

// page returns the cached page projection of the person whose JSON is data, if that JSON is
// the one it was made from; the caller compares the rest of the inputs.
func (c *refCache) page(id model.ID, data string) (pageEntry, bool) {
	h := dataHash(data)
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.pages[id]
	if !ok || e.person != h {
		return pageEntry{}, false
	}
	return e, true
}

func (c *refCache) putPage(id model.ID, data string, inputs uint64, pp *access.PublicPerson) {
	h := dataHash(data)
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.pages) >= pageCacheMax {
		c.pages = map[model.ID]pageEntry{}
	}
	c.pages[id] = pageEntry{person: h, inputs: inputs, pp: pp}
}

// pageHash hashes everything a public page is built from besides reference names: the
// person's JSON, each linked record's stamp in order (id, kind, version, write time), and each
// named person's id, name, level and public code in id order. Lengths go in before strings,
// so no two different inputs run together into the same bytes.
func pageHash(person store.RawRecord, linked []store.Stamp, briefs map[model.ID]store.PersonBrief) uint64 {
	var h maphash.Hash
	h.SetSeed(dataSeed)
	var n [8]byte
	num := func(v uint64) {
		binary.LittleEndian.PutUint64(n[:], v)
		h.Write(n[:])
	}
	str := func(s string) {
		num(uint64(len(s)))
		h.WriteString(s)
	}
	str(person.Data)
	num(uint64(len(linked)))
	for _, s := range linked {
		h.Write(s.ID[:])
		str(string(s.Kind))
		num(uint64(s.Version))
		num(uint64(s.Updated))
	}
	ids := make([]model.ID, 0, len(briefs))
	for id := range briefs {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b model.ID) int { return bytes.Compare(a[:], b[:]) })
	for _, id := range ids {
		b := briefs[id]
		h.Write(id[:])
		str(b.Name)
		str(string(b.Publication))
		str(b.PublicCode)
	}
	return h.Sum64()
}

// resolve returns the id of the place or facility with an external id, from the cache
// once read. Only ids of places and facilities are kept: the generation moves with them.
func (c *refCache) resolve(ctx context.Context, tx *store.Tx, ext string) (model.ID, error) {
	c.mu.Lock()
	id, ok := c.ext[ext]
	c.mu.Unlock()
	if ok {
		return id, nil
	}
	id, err := tx.Resolve(ctx, ext)
	if errors.Is(err, model.ErrNotFound) {
		err = nil
	}
	if err != nil {
		return model.ID{}, err
	}
	if err := c.load(ctx, tx, []model.ID{id}); err != nil {
		return model.ID{}, err
	}
	if r, _ := c.get(id); r == nil {
		return model.ID{}, nil // not reference data: not cached
	}
	c.mu.Lock()
	c.ext[ext] = id
	c.mu.Unlock()
	return id, nil
}

// refNamer names places and facilities for projections from the cache, reading what is
// missing (a rare case once the cache is warm) one id at a time.
type refNamer struct {
	ctx   context.Context
	tx    *store.Tx
	cache *refCache
	err   error
}

func (n *refNamer) record(id model.ID) model.Record {
	if r, ok := n.cache.get(id); ok {
		return r
	}
	if err := n.cache.load(n.ctx, n.tx, []model.ID{id}); err != nil && n.err == nil {
		n.err = err
	}
	r, _ := n.cache.get(id)
	return r
}

// name returns the English (else first) name of the place, or of its ancestor at level.
func (n *refNamer) name(id model.ID, level string) string { return placeName(n.record, id, level) }

func (n *refNamer) facility(id model.ID) string { return facilityName(n.record, id) }
