package search

import (
	"context"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
)

// Memory is a name index held in memory, with the same keys as the store's: a Source for
// benchmarks that measure the engine apart from the database, and for tests.
type Memory struct {
	postings map[int64][]memPosting
	docs     []store.NameDoc
	byID     map[model.ID]int32
}

type memPosting struct {
	doc    int32
	public bool
	forms  int64
}

// NewMemory returns an empty in-memory index.
func NewMemory() *Memory {
	return &Memory{postings: map[int64][]memPosting{}, byID: map[model.ID]int32{}}
}

// Add indexes one person (new ones only: Add does not replace).
func (m *Memory) Add(p *model.Person) {
	keys, forms := store.NameKeys(p.Names)
	m.AddDoc(store.NameDoc{ID: p.ID, ExternalID: p.ExternalID, Forms: forms, Status: string(p.Status),
		Ethnicity: string(p.Ethnicity), Gender: string(p.Gender), BirthYear: p.Birth.Year(), DetainedYear: p.DetainedOn.Year(),
		Facility: p.Facility, EvidenceLevel: p.EvidenceLevel, Publication: p.Publication, PublicCode: p.PublicCode, Synthetic: p.Synthetic}, keys)
}

// AddDoc indexes a document whose keys (store.NameKeys) were computed by the caller, so
// that a large index can compute them on all cores.
func (m *Memory) AddDoc(d store.NameDoc, keys map[int64]int64) {
	i := int32(len(m.docs))
	m.docs = append(m.docs, d)
	m.byID[d.ID] = i
	for k, f := range keys {
		m.postings[k] = append(m.postings[k], memPosting{doc: i, public: d.Publication == model.Public, forms: f})
	}
}

// Len is the number of persons indexed.
func (m *Memory) Len() int { return len(m.docs) }

// NamePostings implements Source.
func (m *Memory) NamePostings(_ context.Context, key int64, publicOnly bool, limit int) ([]store.Posting, error) {
	var out []store.Posting
	for _, p := range m.postings[key] {
		if len(out) == limit {
			break
		}
		if publicOnly && !p.public {
			continue
		}
		out = append(out, store.Posting{ID: m.docs[p.doc].ID, Forms: p.forms})
	}
	return out, nil
}

// NameDocs implements Source.
func (m *Memory) NameDocs(_ context.Context, ids []model.ID) ([]store.NameDoc, error) {
	out := make([]store.NameDoc, 0, len(ids))
	for _, id := range ids {
		if i, ok := m.byID[id]; ok {
			out = append(out, m.docs[i])
		}
	}
	return out, nil
}
