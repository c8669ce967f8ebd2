package archive

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/names"
	pipeline "github.com/tizim/tizim/internal/pipe" // archive has a func pipe
	"github.com/tizim/tizim/internal/search"
	"github.com/tizim/tizim/internal/store"
)

// QueueDuplicates compares persons (those an import just wrote) with every person of the
// archive, and with each other, through the name engine: candidates from the name index
// when the persons are a small part of the archive (indexCandidates, each pair then
// scored), else the links of clustering the whole archive (clusterPairs). Pairs at or
// above the threshold (the engine's default when 0) that involve one of ids go to the
// review queue with the engine's reasons. Nothing is merged: an editor decides. It returns
// how many pairs were queued.
func (a *Archive) QueueDuplicates(ctx context.Context, who Actor, ids []model.ID, threshold float64, origin string) (int, error) {
	if err := who.need(OpWrite); err != nil {
		return 0, err
	}
	if threshold <= 0 {
		threshold = names.DefaultThreshold
	}
	var total int
	if err := a.st.Read(ctx, func(tx *store.Tx) (err error) {
		total, err = tx.Count(ctx, model.KindPerson)
		return err
	}); err != nil {
		return 0, err
	}
	var pairs []store.ReviewItem
	var err error
	if len(ids)*indexedCheckShare <= total {
		var cands [][2]model.ID
		if cands, err = a.indexCandidates(ctx, ids); err == nil {
			pairs, err = a.scorePairs(ctx, cands, threshold, origin)
		}
	} else {
		pairs, err = a.clusterPairs(ctx, ids, threshold, origin)
	}
	if err != nil {
		return 0, err
	}
	// A first load queues hundreds of thousands of pairs: chunks that commit without
	// waiting for the disk, then one that does and so makes them all durable (ADR 0412).
	n := 0
	for start := 0; start < len(pairs); start += queueChunk {
		chunk := pairs[start:min(start+queueChunk, len(pairs))]
		write := a.st.WriteBulk
		if start+queueChunk >= len(pairs) {
			write = a.st.Write
		}
		err := write(ctx, func(tx *store.Tx) error {
			for _, p := range chunk {
				added, err := tx.QueueReview(ctx, p)
				if err != nil {
					return err
				}
				if added {
					n++
				}
			}
			return tx.Audit(ctx, who.Name, "review_queue", "person", "", fmt.Sprintf("%d pairs checked; %s", len(chunk), origin))
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// queueChunk is how many review pairs are queued in one transaction.
const queueChunk = 5000

// scorePairs scores each candidate pair on its own, with reasons an editor can read, and
// keeps those at or above the threshold.
func (a *Archive) scorePairs(ctx context.Context, cands [][2]model.ID, threshold float64, origin string) ([]store.ReviewItem, error) {
	var pairs []store.ReviewItem
	for start := 0; start < len(cands); start += 500 {
		chunk := cands[start:min(start+500, len(cands))]
		var ids []model.ID
		for _, c := range chunk {
			ids = append(ids, c[0], c[1])
		}
		var got map[model.ID]model.Record
		if err := a.st.Read(ctx, func(tx *store.Tx) (err error) {
			got, err = tx.GetMany(ctx, ids, false)
			return err
		}); err != nil {
			return nil, err
		}
		for _, c := range chunk {
			pa, ok1 := got[c[0]].(*model.Person)
			pb, ok2 := got[c[1]].(*model.Person)
			if !ok1 || !ok2 {
				continue
			}
			m := names.Compare(nameRecord(pa), nameRecord(pb))
			if m.Score < threshold || m.CannotLink {
				continue
			}
			pairs = append(pairs, store.ReviewItem{A: c[0], B: c[1], Score: m.Score, Reasons: strings.Join(m.Reasons, "; "), Origin: origin})
		}
	}
	return pairs, nil
}

// indexedCheckShare: when the persons to check are at most this share (1/n) of the archive,
// their candidates come from the name index (indexCandidates), not from clustering the
// whole archive, which costs the same for a list of 22 names as for a million.
const indexedCheckShare = 5

// indexCandidates pairs each of ids with the persons the name index ranks first for its
// primary name, birth year and gender: the search a user would run, so a short list
// imported into a large archive is checked in moments. The index holds the persons just
// written too, so the rest of the same file is compared as well.
func (a *Archive) indexCandidates(ctx context.Context, ids []model.ID) ([][2]model.ID, error) {
	var cands [][2]model.ID
	seen := map[[2]model.ID]bool{}
	err := a.st.Read(ctx, func(tx *store.Tx) error {
		merged, err := tx.MergedPersons(ctx)
		if err != nil {
			return err
		}
		if err := a.nameIndex.Sync(ctx, tx); err != nil {
			return err
		}
		src := a.nameIndex.Source(tx)
		for start := 0; start < len(ids); start += 500 {
			chunk := ids[start:min(start+500, len(ids))]
			recs, err := tx.GetMany(ctx, chunk, false)
			if err != nil {
				return err
			}
			for _, id := range chunk {
				p, ok := recs[id].(*model.Person)
				if _, gone := merged[id]; !ok || gone {
					continue
				}
				hits, err := search.Rank(ctx, src, search.Query{Name: p.PrimaryName(), BirthYear: p.Birth.Year(), Gender: string(p.Gender)},
					search.Options{Limit: indexedCheckHits})
				if err != nil {
					return err
				}
				for _, h := range hits {
					o := h.Doc.ID
					if _, gone := merged[o]; o == id || gone {
						continue
					}
					pair := [2]model.ID{id, o}
					if bytes.Compare(o[:], id[:]) < 0 {
						pair = [2]model.ID{o, id}
					}
					if !seen[pair] {
						seen[pair] = true
						cands = append(cands, pair)
					}
				}
			}
		}
		return nil
	})
	return cands, err
}

// indexedCheckHits is how many of the index's best persons are scored for each checked one.
const indexedCheckHits = 10

// clusterPairs clusters every person of the archive with the name engine's deduper and
// returns the links that joined two clusters (each pair scored at or above the threshold
// on its own) that involve one of ids, with the engine's reasons. Each person is compared
// with at most names.BulkCheckCandidates others, those sharing its rarest name keys, so
// that a first load of a million persons with a small name vocabulary still finishes
// (ADR 0105). The deduper keeps compact features only; the records are read as a stream.
func (a *Archive) clusterPairs(ctx context.Context, ids []model.ID, threshold float64, origin string) ([]store.ReviewItem, error) {
	wanted := make(map[model.ID]struct{}, len(ids))
	for _, id := range ids {
		wanted[id] = struct{}{}
	}
	d := names.NewDeduper(threshold)
	d.MaxCandidates = names.BulkCheckCandidates
	var all []model.ID
	err := a.st.Read(ctx, func(tx *store.Tx) error {
		// A person merged into another is the same person as the kept one by decision;
		// comparing it again would only queue the pair an editor already settled.
		merged, err := tx.MergedPersons(ctx)
		if err != nil {
			return err
		}
		for rec, err := range tx.AllParallel(ctx, model.KindPerson, false) {
			if err != nil {
				return err
			}
			p := rec.(*model.Person)
			if _, ok := merged[p.ID]; ok {
				continue
			}
			d.Add(nameRecord(p))
			all = append(all, p.ID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	d.Run()
	var links [][2]int
	d.Links(func(x, y int, _ float64) {
		_, wx := wanted[all[x]]
		_, wy := wanted[all[y]]
		if wx || wy {
			links = append(links, [2]int{x, y})
		}
	})
	// the reasons of each link, on every core
	out := make([]store.ReviewItem, len(links))
	keep := make([]bool, len(links))
	pipeline.Each(len(links), func(k int) {
		x, y := links[k][0], links[k][1]
		m := d.Explain(x, y)
		if m.Score < threshold || m.CannotLink {
			return
		}
		out[k] = store.ReviewItem{A: all[x], B: all[y], Score: m.Score, Reasons: strings.Join(m.Reasons, "; "), Origin: origin}
		keep[k] = true
	})
	pairs := out[:0]
	for k := range out {
		if keep[k] {
			pairs = append(pairs, out[k])
		}
	}
	return pairs, nil
}

// nameRecord is what the name engine compares of a person.
func nameRecord(p *model.Person) names.Record {
	r := names.Record{Name: p.PrimaryName(), BirthDate: p.Birth.String(), Gender: string(p.Gender)}
	for _, n := range p.Names {
		if n.Text != r.Name {
			r.Forms = append(r.Forms, n.Text)
		}
	}
	return r
}

// ReviewPair is a queued pair with the two persons' names.
type ReviewPair struct {
	store.ReviewItem
	NameA, NameB string
}

// Reviews lists the review queue (status open, merged, separated or all when empty).
func (a *Archive) Reviews(ctx context.Context, who Actor, status string, limit int) ([]ReviewPair, error) {
	if err := who.need(OpRead); err != nil {
		return nil, err
	}
	var out []ReviewPair
	err := a.st.Read(ctx, func(tx *store.Tx) error {
		items, err := tx.Reviews(ctx, status, limit)
		if err != nil {
			return err
		}
		recs, err := tx.GetMany(ctx, pairIDs(items), false)
		if err != nil {
			return err
		}
		for _, it := range items {
			out = append(out, ReviewPair{ReviewItem: it, NameA: primaryName(recs[it.A]), NameB: primaryName(recs[it.B])})
		}
		return nil
	})
	return out, err
}

func pairIDs(items []store.ReviewItem) []model.ID {
	ids := make([]model.ID, 0, 2*len(items))
	for _, it := range items {
		ids = append(ids, it.A, it.B)
	}
	return ids
}

func primaryName(r model.Record) string {
	if p, ok := r.(*model.Person); ok {
		return p.PrimaryName()
	}
	return ""
}

// PersonCard is one side of a review pair: what an editor compares to decide whether two
// records are one person. It has no confidential field.
type PersonCard struct {
	ID          model.ID
	ExternalID  string
	Name        string // the primary name
	Names       []model.NameForm
	Gender      model.Gender
	Birth       string
	Ethnicity   model.Ethnicity
	Status      model.Status
	DetainedOn  string
	Hometown    string
	Facility    string
	Publication model.Publication
	Summary     string
}

// ReviewCard is an open pair of the review queue with both persons side by side and the
// name engine's reasons one by one.
type ReviewCard struct {
	store.ReviewItem
	A, B    PersonCard
	Reasons []string
}

// ReviewCards lists open pairs, best score first, with both persons read in one query and
// their places named from the reference cache. Pairs whose person is gone are left out.
func (a *Archive) ReviewCards(ctx context.Context, who Actor, limit int) ([]ReviewCard, error) {
	if err := who.need(OpRead); err != nil {
		return nil, err
	}
	var out []ReviewCard
	err := a.st.Read(ctx, func(tx *store.Tx) error {
		items, err := tx.Reviews(ctx, "open", limit)
		if err != nil {
			return err
		}
		recs, err := tx.GetMany(ctx, pairIDs(items), false)
		if err != nil {
			return err
		}
		refs, err := a.refs(ctx, tx)
		if err != nil {
			return err
		}
		var need []model.ID
		for _, r := range recs {
			if p, ok := r.(*model.Person); ok {
				need = append(need, p.Hometown, p.Facility)
			}
		}
		if err := refs.load(ctx, tx, need); err != nil {
			return err
		}
		names := &refNamer{ctx: ctx, tx: tx, cache: refs}
		card := func(p *model.Person) PersonCard {
			c := PersonCard{ID: p.ID, ExternalID: p.ExternalID, Name: p.PrimaryName(), Names: p.Names, Gender: p.Gender, Birth: p.Birth.String(),
				Ethnicity: p.Ethnicity, Status: p.Status, DetainedOn: p.DetainedOn.String(), Publication: p.Publication, Summary: p.Summary}
			if !p.Hometown.IsZero() {
				c.Hometown = names.name(p.Hometown, "")
			}
			if !p.Facility.IsZero() {
				c.Facility = names.facility(p.Facility)
			}
			return c
		}
		for _, it := range items {
			pa, ok1 := recs[it.A].(*model.Person)
			pb, ok2 := recs[it.B].(*model.Person)
			if !ok1 || !ok2 {
				continue
			}
			rc := ReviewCard{ReviewItem: it, A: card(pa), B: card(pb)}
			for r := range strings.SplitSeq(it.Reasons, "; ") {
				if r = strings.TrimSpace(r); r != "" {
					rc.Reasons = append(rc.Reasons, r)
				}
			}
			out = append(out, rc)
		}
		return names.err
	})
	return out, err
}

// Separate records an editor's decision that two persons are different people; the pair
// is never queued again.
func (a *Archive) Separate(ctx context.Context, who Actor, x, y model.ID) error {
	if err := who.need(OpWrite); err != nil {
		return err
	}
	return a.st.Write(ctx, func(tx *store.Tx) error {
		for _, id := range []model.ID{x, y} {
			if _, err := tx.Get(ctx, id, false); err != nil {
				return err
			}
		}
		if err := tx.DecideReview(ctx, x, y, "separated", who.Name); err != nil {
			return err
		}
		return tx.Audit(ctx, who.Name, "separate", "person", x.String(), "not the same person as "+y.String())
	})
}
