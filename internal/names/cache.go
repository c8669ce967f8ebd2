package names

import (
	"hash/maphash"
	"sync"
)

// Names share their words: a million people have a few tens of thousands of distinct given
// names, fathers' names and surnames between them, in a handful of spellings each. Reading
// a word (its script, writing system, phonemic readings, role and stem) and preparing it
// for scoring are pure functions of the word, so the engine remembers their results in
// bounded caches (ADR 0104). A cache changes no result: every value it holds is what the
// function returns for the key, and it is never modified after it is stored (callers copy
// before they change anything).
//
// boundedCache is a concurrency-safe map of at most 2×capacity entries. It is split into
// shards by key hash, so that import and dedupe workers on all cores rarely meet on one
// lock; each shard keeps two generations: a new entry goes into the current one, a hit in
// the old one is moved into the current one, and when the current one is full the old one
// is dropped and the current one becomes old. Words in use stay; words not seen for a
// generation go.
type boundedCache[K comparable, V any] struct {
	shards [cacheShards]cacheShard[K, V]
	perGen int // entries per shard and generation
	seed   maphash.Seed
	hash   func(maphash.Seed, K) uint64
}

const cacheShards = 64

// Entries are found by the key's 64-bit hash (small map slots, one probe in memory) and
// then compared with the key: two keys with one hash only displace each other.
type cacheEntry[K comparable, V any] struct {
	key K
	val V
}

type cacheShard[K comparable, V any] struct {
	mu  sync.RWMutex
	cur map[uint64]*cacheEntry[K, V]
	old map[uint64]*cacheEntry[K, V]
	_   [64]byte // shards on separate cache lines: no false sharing between cores
}

// newBoundedCache returns a cache of about capacity entries (at most twice that).
func newBoundedCache[K comparable, V any](capacity int, hash func(maphash.Seed, K) uint64) *boundedCache[K, V] {
	c := &boundedCache[K, V]{perGen: max(1, capacity/cacheShards), seed: maphash.MakeSeed(), hash: hash}
	for i := range c.shards {
		c.shards[i].cur = make(map[uint64]*cacheEntry[K, V])
	}
	return c
}

// cachesOff turns every cache off; only tests and benchmarks set it, to measure and check
// the engine without them.
var cachesOff bool

// get returns the value stored for k.
func (c *boundedCache[K, V]) get(k K) (V, bool) {
	var zero V
	if cachesOff {
		return zero, false
	}
	h := c.hash(c.seed, k)
	s := &c.shards[h%cacheShards]
	s.mu.RLock()
	e := s.cur[h]
	if e != nil {
		s.mu.RUnlock()
	} else {
		e = s.old[h]
		s.mu.RUnlock()
		if e != nil && e.key == k {
			s.mu.Lock()
			s.putLocked(h, e, c.perGen)
			s.mu.Unlock()
		}
	}
	if e == nil || e.key != k {
		return zero, false
	}
	return e.val, true // entries are never modified after put
}

// put stores v for k. v must never be modified afterwards.
func (c *boundedCache[K, V]) put(k K, v V) {
	if cachesOff {
		return
	}
	h := c.hash(c.seed, k)
	s := &c.shards[h%cacheShards]
	e := &cacheEntry[K, V]{k, v}
	s.mu.Lock()
	s.putLocked(h, e, c.perGen)
	s.mu.Unlock()
}

func (s *cacheShard[K, V]) putLocked(h uint64, e *cacheEntry[K, V], perGen int) {
	if _, ok := s.cur[h]; !ok && len(s.cur) >= perGen {
		s.old, s.cur = s.cur, make(map[uint64]*cacheEntry[K, V], perGen)
	}
	s.cur[h] = e
}

// len counts the entries held (for tests and measurements).
func (c *boundedCache[K, V]) len() int {
	n := 0
	for i := range c.shards {
		s := &c.shards[i]
		s.mu.RLock()
		n += len(s.cur) + len(s.old)
		s.mu.RUnlock()
	}
	return n
}
