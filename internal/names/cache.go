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

type cacheShard[K comparable, V any] struct {
	mu  sync.RWMutex
	cur map[K]V
	old map[K]V
	_   [64]byte // shards on separate cache lines: no false sharing between cores
}

// newBoundedCache returns a cache of about capacity entries (at most twice that).
func newBoundedCache[K comparable, V any](capacity int, hash func(maphash.Seed, K) uint64) *boundedCache[K, V] {
	c := &boundedCache[K, V]{perGen: max(1, capacity/cacheShards), seed: maphash.MakeSeed(), hash: hash}
	for i := range c.shards {
		c.shards[i].cur = make(map[K]V)
	}
	return c
}

func (c *boundedCache[K, V]) shard(k K) *cacheShard[K, V] {
	return &c.shards[c.hash(c.seed, k)%cacheShards]
}

// cachesOff turns every cache off; only tests and benchmarks set it, to measure and check
// the engine without them.
var cachesOff bool

// get returns the value stored for k.
func (c *boundedCache[K, V]) get(k K) (V, bool) {
	if cachesOff {
		var zero V
		return zero, false
	}
	s := c.shard(k)
	s.mu.RLock()
	v, ok := s.cur[k]
	if ok {
		s.mu.RUnlock()
		return v, true
	}
	v, ok = s.old[k]
	s.mu.RUnlock()
	if ok {
		s.mu.Lock()
		s.putLocked(k, v, c.perGen)
		s.mu.Unlock()
	}
	return v, ok
}

// put stores v for k. v must never be modified afterwards.
func (c *boundedCache[K, V]) put(k K, v V) {
	if cachesOff {
		return
	}
	s := c.shard(k)
	s.mu.Lock()
	s.putLocked(k, v, c.perGen)
	s.mu.Unlock()
}

func (s *cacheShard[K, V]) putLocked(k K, v V, perGen int) {
	if _, ok := s.cur[k]; !ok && len(s.cur) >= perGen {
		s.old, s.cur = s.cur, make(map[K]V, perGen)
	}
	s.cur[k] = v
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
