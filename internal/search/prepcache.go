package search

import (
	"hash/maphash"
	"strconv"
	"sync"

	"github.com/tizim/tizim/internal/names"
)

// prepCache keeps the name engine's analysis of recently scored persons: analysing stored
// forms is most of a search's cost, and the same persons come back again and again (the
// namesakes of common names, every keystroke of an as-you-type search, a list of names
// searched twice). The key is the content analysed (forms, birth year, gender), never the
// person's id, so an edited person is analysed afresh. Two generations: when the current
// one is full it becomes the previous one, and what is used from there moves back.
type prepCache struct {
	mu        sync.Mutex
	cur, prev map[uint64]*names.Prepared
	seed      maphash.Seed
}

// prepCacheSize is the entries of one generation (a Prepared of a few forms is a few
// kilobytes: two generations are a hundred or two megabytes at most). A public search with
// a different query each time reaches across the whole public register: 8,192 left most
// of its candidates to be analysed again.
const prepCacheSize = 32768

var prepared = &prepCache{cur: map[uint64]*names.Prepared{}, seed: maphash.MakeSeed()}

func (c *prepCache) key(r names.Record) uint64 {
	var h maphash.Hash
	h.SetSeed(c.seed)
	h.WriteString(r.Name)
	for _, f := range r.Forms {
		h.WriteByte(0)
		h.WriteString(f)
	}
	h.WriteByte(1)
	h.WriteString(strconv.Itoa(r.BirthYear))
	h.WriteByte(1)
	h.WriteString(r.Gender)
	return h.Sum64()
}

// get returns the analysis of r, from the cache or made now. A Prepared is read-only once
// made, so searches share it.
func (c *prepCache) get(r names.Record) *names.Prepared { return c.getKeyed(c.key(r), r) }

// getKeyed is get for r whose key is k.
func (c *prepCache) getKeyed(k uint64, r names.Record) *names.Prepared {
	c.mu.Lock()
	p, ok := c.cur[k]
	if !ok {
		if p, ok = c.prev[k]; ok {
			c.put(k, p)
		}
	}
	c.mu.Unlock()
	if ok {
		return p
	}
	p = names.Prepare(r)
	c.mu.Lock()
	c.put(k, p)
	c.mu.Unlock()
	return p
}

func (c *prepCache) put(k uint64, p *names.Prepared) {
	if len(c.cur) >= prepCacheSize {
		c.prev, c.cur = c.cur, make(map[uint64]*names.Prepared, prepCacheSize)
	}
	c.cur[k] = p
}
