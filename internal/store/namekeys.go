package store

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/names"
)

// The search index rows of a record (ADR 0500), written in the record's transaction by
// both write paths: name keys and name forms of persons, blind terms of their phone
// numbers, and the full-text body of what is never confidential. Put calls indexSearch,
// PutBatch calls indexSearchBatch; neither reads anything sealed except a person's own
// contacts, which become keyed digests only.

// maxForms is how many name forms of a person the forms bit set can name.
const maxForms = 63

// NameKeyHash turns a name key (names.Keys) into the 64-bit value the index stores. The
// hash is fixed (FNV-1a), not seeded: the values are persistent.
func NameKeyHash(key string) int64 { return fnv1a(key) }

// fnv1a is FNV-1a 64 (hash/fnv's New64a) of a key held as a string or as bytes, written
// out: no hasher or byte slice a key.
func fnv1a[T ~string | ~[]byte](key T) int64 {
	const offset64, prime64 = 14695981039346656037, 1099511628211
	h := uint64(offset64)
	for i := 0; i < len(key); i++ {
		h ^= uint64(key[i])
		h *= prime64
	}
	return int64(h)
}

// LevelOf is the name index's number for a publication level.
func LevelOf(p model.Publication) int {
	switch p {
	case model.Public:
		return 2
	case model.Pseudonymous:
		return 1
	}
	return 0
}

// searchRows is what one record adds to the search tables.
type searchRows struct {
	keys   []byte   // the name index's keys, packed (encodeKeys)
	forms  string   // name forms, one per line
	phones []string // blind terms
	body   string   // full text
}

// searchRowsOf derives a record's search rows. Names are read with the name engine, which
// is the expensive part (tens of microseconds a form).
func (s *Store) searchRowsOf(rec model.Record) searchRows {
	var r searchRows
	switch x := rec.(type) {
	case *model.Person:
		var fbuf [8]string // the forms are only joined here
		var forms []string
		r.keys, forms = packNameKeysInto(fbuf[:0], x.Names)
		r.forms = strings.Join(forms, "\n")
		for _, c := range x.Secret.Contacts {
			if d := PhoneDigits(c.Value); (c.Kind == "phone" || c.Kind == "messenger") && len(d) >= 6 {
				r.phones = append(r.phones, s.keys.BlindTerm("phone", d))
			}
		}
		r.body = joinText(x.Summary, x.Occupation)
	case *model.Testimony:
		parts := []string{x.Summary, x.Transcript}
		for _, tr := range x.Translations {
			parts = append(parts, tr.Text)
		}
		r.body = joinText(parts...)
	case *model.Source:
		r.body = joinText(x.Title, x.Publisher, x.Author)
	case *model.Event:
		r.body = joinText(x.Description, x.Charge, x.Court, x.Term)
	}
	return r
}

// NameKeySet is a person's entry in the name index (ADR 0501): the folded phonemic words of
// its name forms as text, so that the in-memory index can find words a typo away, and the
// other keys (consonant skeletons, pairs of skeleton prefixes) as hashes. Each key carries
// the bit set of the forms that hold it.
type NameKeySet struct {
	Words  map[string]int64 // folded phonemic word (a "p:" key without its prefix) → forms
	Hashes map[int64]int64  // NameKeyHash of any other key → forms
}

// NameKeys returns the name index's keys of a person's name forms and the forms as indexed
// (one line each, at most 63): the keys packNameKeys stores, as maps.
func NameKeys(forms []model.NameForm) (NameKeySet, []string) {
	packed, out := packNameKeys(forms)
	ks := NameKeySet{Words: map[string]int64{}, Hashes: map[int64]int64{}}
	DecodeKeys(packed, func(w []byte, f int64) { ks.Words[string(w)] = f }, func(h, f int64) { ks.Hashes[h] = f })
	return ks, out
}

// packNameKeys is the packed key list of a person's name forms (encodeKeys' format, ADR
// 0414) and the forms as indexed: the keys of every form (FormKeys') gathered in slices,
// sorted and merged, so its entries are in sorted order where encodeKeys writes a map's
// order (DecodeKeys reads either).
//
// The keys come from names.AppendKeys rather than FormKeys (ADR 0203): as bytes in one
// arena for all the forms, unsorted and with repeats, since they are sorted and merged here
// anyway; the words stay in the arena (as spans of it) until they are packed, and the other
// keys are hashed from it. TestPackNameKeys and TestPackNameKeysMatchesReference compare it
// with the keys of FormKeys, form by form; TestPackNameKeysGolden pins its bytes.
func packNameKeys(forms []model.NameForm) ([]byte, []string) {
	return packNameKeysInto(nil, forms)
}

// packNameKeysInto is packNameKeys appending the forms to out.
func packNameKeysInto(out []string, forms []model.NameForm) ([]byte, []string) {
	var abuf [2048]byte
	var ebuf [128]int
	var wbuf [48]wordBits
	var hbuf [96]keyBits[int64]
	arena, ends, ws, hs := abuf[:0], ebuf[:0], wbuf[:0], hbuf[:0]
	out0 := len(out)
	for _, n := range forms {
		text := n.Text
		if !spacedOnce(text) {
			text = strings.Join(strings.Fields(text), " ")
		}
		if text == "" || len(out)-out0 == maxForms {
			continue
		}
		bit := int64(1) << (len(out) - out0)
		out = append(out, text)
		from, e0 := len(arena), len(ends)
		arena, ends = names.AppendKeys(arena, ends, text)
		for _, e := range ends[e0:] {
			k := arena[from:e]
			if len(k) >= len(WordKeyPrefix) && string(k[:len(WordKeyPrefix)]) == WordKeyPrefix {
				ws = append(ws, wordBits{names.Prefix8(k[len(WordKeyPrefix):]), from + len(WordKeyPrefix), e, bit})
			} else {
				hs = append(hs, keyBits[int64]{fnv1a(k), bit})
			}
			from = e
		}
	}
	ws, hs = sortMergeWords(arena, ws), sortMerge(hs)
	n := len(keysFormat2) + 1 + len(hs)*9
	for _, x := range ws {
		n += x.e - x.s + 2
	}
	b := append(make([]byte, 0, n), keysFormat2...)
	b = binary.AppendUvarint(b, uint64(len(ws)))
	for _, x := range ws {
		b = binary.AppendUvarint(b, uint64(x.e-x.s))
		b = append(b, arena[x.s:x.e]...)
		b = binary.AppendUvarint(b, uint64(x.f))
	}
	for _, x := range hs {
		b = binary.LittleEndian.AppendUint64(b, uint64(x.k))
		b = binary.AppendUvarint(b, uint64(x.f))
	}
	return b, out
}

// wordBits is a word of packNameKeys, arena[s:e], with the bit set of the forms that carry
// it.
type wordBits struct {
	pre  uint64 // the word's first eight bytes as a number (names.Prefix8)
	s, e int
	f    int64
}

// sortMergeWords is sortMerge of words held in arena: sorted as strings are (by their
// prefix numbers, and by their bytes when those are equal), equal ones merged.
func sortMergeWords(arena []byte, ws []wordBits) []wordBits {
	cmpWords := func(a, b *wordBits) int {
		if a.pre != b.pre {
			return cmp.Compare(a.pre, b.pre)
		}
		return bytes.Compare(arena[a.s:a.e], arena[b.s:b.e])
	}
	if len(ws) <= 64 {
		// a person has a few dozen words: insertion sort, mostly on the numbers
		for i := 1; i < len(ws); i++ {
			x := ws[i]
			j := i
			for ; j > 0 && cmpWords(&x, &ws[j-1]) < 0; j-- {
				ws[j] = ws[j-1]
			}
			ws[j] = x
		}
	} else {
		slices.SortFunc(ws, func(a, b wordBits) int { return cmpWords(&a, &b) })
	}
	n := 0
	for _, x := range ws {
		if n > 0 && ws[n-1].pre == x.pre && bytes.Equal(arena[ws[n-1].s:ws[n-1].e], arena[x.s:x.e]) {
			ws[n-1].f |= x.f
			continue
		}
		ws[n] = x
		n++
	}
	return ws[:n]
}

// keyBits is a key (a word, or a hash) with the bit set of the forms that carry it.
type keyBits[K cmp.Ordered] struct {
	k K
	f int64
}

// sortMerge sorts keys and merges equal ones, or-ing their bit sets, in place. A person has
// a few dozen keys: up to 64 are sorted by insertion (compared inline, not by a function
// call a comparison).
func sortMerge[K cmp.Ordered](ks []keyBits[K]) []keyBits[K] {
	if len(ks) <= 64 {
		for i := 1; i < len(ks); i++ {
			x := ks[i]
			j := i
			for ; j > 0 && x.k < ks[j-1].k; j-- {
				ks[j] = ks[j-1]
			}
			ks[j] = x
		}
	} else {
		slices.SortFunc(ks, func(a, b keyBits[K]) int { return cmp.Compare(a.k, b.k) })
	}
	n := 0
	for _, x := range ks {
		if n > 0 && ks[n-1].k == x.k {
			ks[n-1].f |= x.f
			continue
		}
		ks[n] = x
		n++
	}
	return ks[:n]
}

// spacedOnce says whether strings.Join(strings.Fields(s), " ") is s itself: s has no
// white space but single ASCII spaces between words, and none at either end.
func spacedOnce(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ':
			if s[i+1] == ' ' {
				return false
			}
		case c < utf8.RuneSelf:
			if asciiSpace(c) {
				return false
			}
		case c == 0xC2 || c == 0xE1 || c == 0xE2 || c == 0xE3:
			// the lead bytes of the white space runes beyond ASCII (U+0085, U+00A0,
			// U+1680, U+2000–U+205F, U+3000); the other bytes of a name start none, and
			// a lead byte never occurs inside another rune, so the runes decoded here are
			// those a range over s would see
			if r, _ := utf8.DecodeRuneInString(s[i:]); unicode.IsSpace(r) {
				return false
			}
		}
	}
	return true
}

func asciiSpace(c byte) bool { return c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' }

// WordKeyPrefix marks the name engine's keys that are one folded phonemic word.
const WordKeyPrefix = "p:"

// FormKeys are the name index's keys of one name form: the name engine's blocking keys.
// (Pairs of word endings, as dedupe uses, were tried and did not raise recall on the
// variant set; ADR 0500.)
func FormKeys(text string) []string { return names.Keys(text) }

func joinText(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(p)
		}
	}
	return b.String()
}

// PhoneDigits reduces a phone number to its digits, so that "+7 (701) 555-12-34" and
// "77015551234" index alike.
func PhoneDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// indexSearch replaces one record's search rows (the Put path). The person's blind terms
// were cleared by indexPerson just before.
func (t *Tx) indexSearch(ctx context.Context, rec model.Record) error {
	id := rec.Head().ID
	r := t.s.searchRowsOf(rec)
	if p, ok := rec.(*model.Person); ok {
		lv, keys := LevelOf(p.Publication), r.keys
		seq, err := t.nextCount(ctx, "name_docs", 1)
		if err != nil {
			return err
		}
		_, err = t.exec(ctx, `insert into name_docs (id, forms, level, keys, seq) values ($1, $2, $3, $4, $5)
			on conflict (id) do update set forms = excluded.forms, level = excluded.level, keys = excluded.keys, seq = excluded.seq`,
			id[:], r.forms, lv, keys, seq)
		if err != nil {
			return err
		}
		for _, term := range r.phones {
			if _, err := t.exec(ctx, `insert into blind_terms (term, id) values ($1, $2) on conflict do nothing`, term, id[:]); err != nil {
				return err
			}
		}
	}
	if _, err := t.exec(ctx, `delete from text_docs where id = $1`, id[:]); err != nil {
		return err
	}
	if r.body == "" {
		return nil
	}
	if t.s.d.name() == "postgres" {
		_, err := t.exec(ctx, `insert into text_docs (id, kind, body) values ($1, $2, $3)`, id[:], string(rec.Kind()), r.body)
		return err
	}
	var n int64
	if err := t.queryRow(ctx, `insert into text_docs (id, kind) values ($1, $2) returning n`, id[:], string(rec.Kind())).Scan(&n); err != nil {
		return err
	}
	_, err := t.exec(ctx, `insert into text_fts (rowid, body) values ($1, $2)`, n, r.body)
	return err
}

// keysFormat2 opens a packed key list of the second format. The first format is a bare
// list of (8 bytes of key hash, uvarint bit set of forms), and a bit set is never 0, so
// eight bytes followed by a 0 cannot begin a list of the first format.
var keysFormat2 = []byte("tizimNK2\x00")

// encodeKeys packs a person's keys: the header, a uvarint count of words, each word as a
// uvarint length, its bytes and a uvarint bit set of forms, then the hashed keys as 8 bytes
// of key hash and a uvarint bit set each.
func encodeKeys(ks NameKeySet) []byte {
	n := len(keysFormat2) + 1 + len(ks.Hashes)*9
	for w := range ks.Words {
		n += len(w) + 2
	}
	out := append(make([]byte, 0, n), keysFormat2...)
	out = binary.AppendUvarint(out, uint64(len(ks.Words)))
	for w, forms := range ks.Words {
		out = binary.AppendUvarint(out, uint64(len(w)))
		out = append(out, w...)
		out = binary.AppendUvarint(out, uint64(forms))
	}
	for k, forms := range ks.Hashes {
		out = binary.LittleEndian.AppendUint64(out, uint64(k))
		out = binary.AppendUvarint(out, uint64(forms))
	}
	return out
}

// DecodeKeys calls word for each phonemic word of a packed key list and hash for each
// hashed key. Rows written before the second format hold every key hashed: their words
// come as hashes (NameKeyHash of WordKeyPrefix+word), found by exact lookups only until
// the person is written again or the index rebuilt (tizim search --reindex).
func DecodeKeys(b []byte, word func(w []byte, forms int64), hash func(key, forms int64)) {
	if len(b) >= len(keysFormat2) && string(b[:len(keysFormat2)]) == string(keysFormat2) {
		b = b[len(keysFormat2):]
		n, k := binary.Uvarint(b)
		if k <= 0 {
			return
		}
		b = b[k:]
		for range n {
			l, k := binary.Uvarint(b)
			if k <= 0 || uint64(len(b)-k) < l {
				return
			}
			w := b[k : k+int(l)]
			b = b[k+int(l):]
			f, k := binary.Uvarint(b)
			if k <= 0 {
				return
			}
			b = b[k:]
			word(w, int64(f))
		}
	}
	for len(b) >= 9 {
		k := int64(binary.LittleEndian.Uint64(b))
		f, n := binary.Uvarint(b[8:])
		if n <= 0 {
			return
		}
		hash(k, int64(f))
		b = b[8+n:]
	}
}

// PersonsGeneration returns a number that changes whenever a row of the persons table or
// the name index is written or removed: every person write, bulk import, merge (Unlist)
// and delete advances the name_docs counter in its own transaction. A cache of what is
// computed from the persons table (the public statistics) is valid while it is unchanged.
func (t *Tx) PersonsGeneration(ctx context.Context) (int64, error) {
	var v int64
	err := t.queryRow(ctx, `select v from counters where name = 'name_docs'`).Scan(&v)
	return v, err
}

// personsChanged advances the name_docs counter for a change that writes no name index
// row (a person unlisted or deleted), so that PersonsGeneration sees it.
func (t *Tx) personsChanged(ctx context.Context) error {
	_, err := t.nextCount(ctx, "name_docs", 1)
	return err
}

// nextCount advances a counter by n and returns its new value. The counter row stays locked
// until the transaction ends, so numbers are handed out in commit order (migration 0006).
func (t *Tx) nextCount(ctx context.Context, name string, n int64) (v int64, err error) {
	if err := t.TakeTurn(ctx); err != nil {
		return 0, err
	}
	err = t.queryRow(ctx, `update counters set v = v + $2 where name = $1 returning v`, name, n).Scan(&v)
	return v, err
}
