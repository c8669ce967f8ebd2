package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sync"

	"github.com/tizim/tizim/internal/access"
)

// pageCache keeps rendered public person pages (ADR 0301). A page is a function of the
// projection, the language and the request's query (the language switcher's links repeat
// it); the archive hands out the same *access.PublicPerson for as long as every stored
// input of that projection is unchanged (its own caches compare them on every request) and
// a new one as soon as anything changed. So a page is kept under the projection's pointer:
// a write to anything the page shows makes a new projection, whose page is rendered afresh,
// and a withdrawn consent makes the archive answer "not found" before this cache is asked.
// The key holds the pointer, so it cannot be reused by another projection while the page
// is kept. Only queries that are empty or name a language are cached, so requests cannot
// fill the cache with variants; it is bounded in bytes and starts again when full.
type pageCache struct {
	mu    sync.Mutex
	off   bool
	pages map[pageKey][]byte
	bytes int
}

type pageKey struct {
	pp    *access.PublicPerson
	lang  string
	query string
}

const pageCacheBytes = 32 << 20

func newPageCache(off bool) *pageCache {
	return &pageCache{off: off, pages: map[pageKey][]byte{}}
}

// key returns the cache key of a person page request, if it may be cached.
func (c *pageCache) key(pp *access.PublicPerson, lang string, r *http.Request) (pageKey, bool) {
	if c.off {
		return pageKey{}, false
	}
	q := r.URL.RawQuery
	if q != "" {
		v := r.URL.Query()
		if len(v) != 1 || len(v["lang"]) != 1 || q != "lang="+v.Get("lang") {
			return pageKey{}, false
		}
	}
	return pageKey{pp: pp, lang: lang, query: q}, true
}

func (c *pageCache) get(k pageKey) []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pages[k]
}

func (c *pageCache) put(k pageKey, b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.bytes+len(b) > pageCacheBytes {
		c.pages, c.bytes = map[pageKey][]byte{}, 0
	}
	if _, ok := c.pages[k]; !ok {
		c.pages[k] = b
		c.bytes += len(b)
	}
}

// jsonMemo keeps the JSON of public projections, under the projection's identity like the
// page cache, so a list of fifty mostly unchanged persons is not encoded field by field by
// reflection on every request. Bounded in bytes.
type jsonMemo struct {
	mu    sync.Mutex
	off   bool
	enc   map[*access.PublicPerson][]byte
	bytes int
}

// jsonMemoBytes holds the summaries of every public person of a register of a million
// (184,404 public at about 450 bytes each: 83 MB): a public search with a different query
// each time reaches across all of them, and with 16 MiB most hits were encoded again
// (json.Marshal was 5 % of a search's CPU). The bytes hold no pointers, so the collector
// does not scan them.
const jsonMemoBytes = 128 << 20

func newJSONMemo(off bool) *jsonMemo {
	return &jsonMemo{off: off, enc: map[*access.PublicPerson][]byte{}}
}

func (m *jsonMemo) encode(pp *access.PublicPerson) ([]byte, error) {
	if m.off {
		return json.Marshal(pp)
	}
	m.mu.Lock()
	b, ok := m.enc[pp]
	m.mu.Unlock()
	if ok {
		return b, nil
	}
	b, err := json.Marshal(pp)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.bytes+len(b) > jsonMemoBytes {
		m.enc, m.bytes = map[*access.PublicPerson][]byte{}, 0
	}
	if _, ok := m.enc[pp]; !ok {
		m.enc[pp] = b
		m.bytes += len(b)
	}
	return b, nil
}

// appendPeople appends a JSON array of projections, each from the memo.
func (m *jsonMemo) appendPeople(buf *bytes.Buffer, people []*access.PublicPerson) error {
	buf.WriteByte('[')
	for i, pp := range people {
		if i > 0 {
			buf.WriteByte(',')
		}
		b, err := m.encode(pp)
		if err != nil {
			return err
		}
		buf.Write(b)
	}
	buf.WriteByte(']')
	return nil
}

// writePeopleJSON writes {"people":[…], …rest}: the projections from the memo, spliced in
// as they are (json.Marshal made them, valid and HTML-escaped; handing them to the encoder
// as a json.Marshaler would have it scan every byte again), then the fields of rest, an
// object, if any.
func (s *server) writePeopleJSON(w http.ResponseWriter, people []*access.PublicPerson, rest any) error {
	buf := jsonBufs.Get().(*bytes.Buffer)
	defer putJSONBuf(buf)
	buf.WriteString(`{"people":`)
	if err := s.jsonMemo.appendPeople(buf, people); err != nil {
		return err
	}
	if rest != nil {
		b, err := json.Marshal(rest)
		if err != nil {
			return err
		}
		if len(b) > 2 { // not {}
			buf.WriteByte(',')
			buf.Write(b[1 : len(b)-1])
		}
	}
	buf.WriteString("}\n")
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(buf.Bytes())
	return err
}

// jsonBufs are the buffers writePeopleJSON builds its answers in, reused: growing a fresh
// buffer to a list's size was a fifth of the bytes a public search allocated.
var jsonBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putJSONBuf returns a buffer to jsonBufs, unless a long list made it large.
func putJSONBuf(b *bytes.Buffer) {
	if b.Cap() > 1<<20 {
		return
	}
	b.Reset()
	jsonBufs.Put(b)
}
