package search

import (
	"context"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
)

// Memory is a name index held in memory with its documents, with the same keys as the
// store's: a Source for benchmarks that measure the engine apart from the database, and
// for tests.
type Memory struct {
	x    *index
	docs map[model.ID]store.NameDoc
}

// NewMemory returns an empty in-memory index.
func NewMemory() *Memory {
	return &Memory{x: newIndex(), docs: map[model.ID]store.NameDoc{}}
}

// Add indexes one person; adding it again replaces it.
func (m *Memory) Add(p *model.Person) {
	keys, forms := store.NameKeys(p.Names)
	m.AddDoc(store.NameDoc{ID: p.ID, ExternalID: p.ExternalID, Forms: forms, Status: string(p.Status),
		Ethnicity: string(p.Ethnicity), Gender: string(p.Gender), BirthYear: p.Birth.Year(), DetainedYear: p.DetainedOn.Year(),
		Facility: p.Facility, EvidenceLevel: p.EvidenceLevel, Publication: p.Publication, PublicCode: p.PublicCode, Synthetic: p.Synthetic}, keys)
}

// AddDoc indexes a document whose keys (store.NameKeys) were computed by the caller, so
// that a large index can compute them on all cores.
func (m *Memory) AddDoc(d store.NameDoc, keys store.NameKeySet) {
	m.docs[d.ID] = d
	m.x.apply([]entry{entryOfSet(d.ID, d.Publication == model.Public, d.BirthYear, d.Gender, keys)})
}

// Len is the number of persons indexed.
func (m *Memory) Len() int { return m.x.len() }

func (m *Memory) candidates(_ context.Context, q queryKeys, f filter, n int) ([]Candidate, error) {
	return m.x.candidates(q, f, n), nil
}

// NameDocs implements Source.
func (m *Memory) NameDocs(_ context.Context, ids []model.ID) ([]store.NameDoc, error) {
	out := make([]store.NameDoc, 0, len(ids))
	for _, id := range ids {
		if d, ok := m.docs[id]; ok {
			out = append(out, d)
		}
	}
	return out, nil
}
