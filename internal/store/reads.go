package store

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/tizim/tizim/internal/model"
)

// Batched reads for the public projection and the team lists: one query for many ids
// instead of one per id (GetMany, in imports.go, is the other). Each statement costs a parse and a round trip, which on a page of
// fifty persons used to be most of the request.

// readChunk bounds the ids in one "in (…)" list, well under either engine's limit on
// parameters.
const readChunk = 500

// inList returns "($1, $2, …)" for n parameters starting at $from.
func inList(from, n int) string { return "(" + placeholders(from, n) + ")" }

// pairsByID runs query for ids, readChunk at a time, and calls add with the two columns of
// each row: an id and a value. The query has "(%s)" where the chunk's placeholders go; they
// come after the arguments in pre.
func pairsByID[V any](ctx context.Context, t *Tx, query string, pre []any, ids []any, add func(model.ID, V)) error {
	return chunked(ids, func(chunk []any) error {
		rows, err := t.query(ctx, fmt.Sprintf(query, placeholders(len(pre)+1, len(chunk))), append(pre[:len(pre):len(pre)], chunk...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id []byte
			var v V
			if err := rows.Scan(&id, &v); err != nil {
				return err
			}
			add(model.ID(id), v)
		}
		return rows.Err()
	})
}

// idArgs turns ids into query arguments.
func idArgs(ids []model.ID) []any {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id[:]
	}
	return args
}

// chunked calls fn with args readChunk at a time, one "in (…)" list each.
func chunked(args []any, fn func(chunk []any) error) error {
	for start := 0; start < len(args); start += readChunk {
		if err := fn(args[start:min(start+readChunk, len(args))]); err != nil {
			return err
		}
	}
	return nil
}

// LinksTo returns the ids of the records linking to dst with each of rels, in id order per
// rel, in one query.
func (t *Tx) LinksTo(ctx context.Context, dst model.ID, rels ...string) (map[string][]model.ID, error) {
	args := []any{dst[:]}
	for _, r := range rels {
		args = append(args, r)
	}
	rows, err := t.query(ctx, `select rel, src from links where dst = $1 and rel in `+inList(2, len(rels))+` order by rel, src`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]model.ID{}
	for rows.Next() {
		var rel string
		var src []byte
		if err := rows.Scan(&rel, &src); err != nil {
			return nil, err
		}
		out[rel] = append(out[rel], model.ID(src))
	}
	return out, rows.Err()
}

// RefGeneration returns a number that changes whenever a place or facility record is
// created, changed or deleted (the store counts them: refdataChanged), whichever path writes
// it: a cache of reference names is valid as long as it does not change.
func (t *Tx) RefGeneration(ctx context.Context) (int64, error) {
	var v int64
	err := t.queryRow(ctx, `select v from counters where name = 'refdata'`).Scan(&v)
	return v, err
}

// RawRecord is a stored record before decoding: its kind and its JSON, never its
// confidential part.
type RawRecord struct {
	ID   model.ID
	Kind model.Kind
	Data string
}

// RawRecords reads the records with the given ids undecoded, in one query per 500 ids,
// for callers that keep what they derive from a record's JSON and decode only what changed.
func (t *Tx) RawRecords(ctx context.Context, ids []model.ID) ([]RawRecord, error) {
	out, _, err := t.rawRecords(ctx, `select id, kind, data from records where id in `, ids, false)
	return out, err
}

// rawRecords runs query, which selects id, kind and data (and a seq with withSeq) and ends
// in "in ", on the ids, 500 at a time.
func (t *Tx) rawRecords(ctx context.Context, query string, ids []model.ID, withSeq bool) ([]RawRecord, []int64, error) {
	var out []RawRecord
	var seqs []int64
	err := chunked(idArgs(ids), func(chunk []any) error {
		rows, err := t.query(ctx, query+inList(1, len(chunk)), chunk...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var (
			id  []byte
			r   RawRecord
			seq int64
		)
		dst := []any{&id, &r.Kind, &r.Data}
		if withSeq {
			dst = append(dst, &seq)
		}
		for rows.Next() {
			if err := rows.Scan(dst...); err != nil {
				return err
			}
			r.ID = model.ID(id)
			out = append(out, r)
			if withSeq {
				seqs = append(seqs, seq)
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, nil, err
	}
	return out, seqs, nil
}

// Decode turns a raw record into its value, as Get would without the confidential part.
func (t *Tx) Decode(r RawRecord) (model.Record, error) {
	return t.decode(string(r.Kind), r.Data, nil, false)
}

// PersonBrief is what the persons table says of a person: enough to decide whether a
// relative or a testifier may be named in public, and by what name.
type PersonBrief struct {
	Name        string // the primary name
	Publication model.Publication
	PublicCode  string
}

// Stamp identifies one stored state of a record without its content: its version and the
// time of the write that made it. Every write (Put, a batch insert, a merge's row restore)
// sets both together with the JSON, so an unchanged stamp means unchanged JSON.
type Stamp struct {
	ID      model.ID
	Kind    model.Kind
	Version int
	Updated int64 // Unix microseconds
}

// LinkedStamps returns the stamps of the records of the given kinds that link to dst with
// one of rels, ordered by rel and id, in one query that reads no record's JSON. Kinds are
// filtered and rows sorted here, not in SQL: SQLite would otherwise probe the kind index
// once per kind for every link and sort in a temporary b-tree (2-3x slower).
func (t *Tx) LinkedStamps(ctx context.Context, dst model.ID, rels []string, kinds []model.Kind) ([]Stamp, error) {
	args := []any{dst[:]}
	for _, r := range rels {
		args = append(args, r)
	}
	rows, err := t.query(ctx, `select l.rel, r.id, r.kind, r.version, r.updated_at from links l join records r on r.id = l.src
		where l.dst = $1 and l.rel in `+inList(2, len(rels)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type relStamp struct {
		rel string
		Stamp
	}
	var got []relStamp
	for rows.Next() {
		var id []byte
		var s relStamp
		if err := rows.Scan(&s.rel, &id, &s.Kind, &s.Version, &s.Updated); err != nil {
			return nil, err
		}
		if slices.Contains(kinds, s.Kind) {
			s.ID = model.ID(id)
			got = append(got, s)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(got, func(a, b relStamp) int {
		if c := strings.Compare(a.rel, b.rel); c != 0 {
			return c
		}
		return bytes.Compare(a.ID[:], b.ID[:])
	})
	out := make([]Stamp, len(got))
	for i, s := range got {
		out[i] = s.Stamp
	}
	return out, nil
}

// RelatedBriefs returns the persons table rows of the other people that the relations and
// testimonies about dst name (the relations' other ends, the testimonies' testifiers), found
// through the links table in one query, without decoding any record. dst itself is left
// out: its caller has its record.
func (t *Tx) RelatedBriefs(ctx context.Context, dst model.ID) (map[model.ID]PersonBrief, error) {
	rows, err := t.query(ctx, `select p.id, p.name, p.publication, coalesce(p.public_code, '')
		from links l1 join links l2 on l2.src = l1.src join persons p on p.id = l2.dst
		where l1.dst = $1 and l1.rel in ('about', 'relation') and l2.rel in ('relation', 'testifier') and l2.dst <> $1`, dst[:])
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[model.ID]PersonBrief{}
	for rows.Next() {
		var id []byte
		var b PersonBrief
		if err := rows.Scan(&id, &b.Name, &b.Publication, &b.PublicCode); err != nil {
			return nil, err
		}
		out[model.ID(id)] = b
	}
	return out, rows.Err()
}

// PublishedRaw returns the undecoded record of the published person with that public code.
func (t *Tx) PublishedRaw(ctx context.Context, code string) (RawRecord, error) {
	var id []byte
	r := RawRecord{}
	err := t.queryRow(ctx, `select r.id, r.kind, r.data from persons p join records r on r.id = p.id
		where p.public_code = $1 and p.publication <> 'internal'`, code).Scan(&id, &r.Kind, &r.Data)
	if err != nil {
		return r, notFound(err, "person "+code)
	}
	r.ID = model.ID(id)
	return r, nil
}
