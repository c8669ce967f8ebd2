package main

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"
)

// buildBleve indexes each person's forms as one text field; a query is the disjunction of
// fuzzy term queries (edit distance 1, 2 for words of five letters or more).
func buildBleve(namesPath, dir string) (searcher, func(), error) {
	path := filepath.Join(dir, "searchpeers.bleve")
	os.RemoveAll(path)
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = "standard"
	idx, err := bleve.New(path, m)
	if err != nil {
		return nil, nil, err
	}
	b := idx.NewBatch()
	err = readNames(namesPath, func(p person) error {
		if err := b.Index(p.id, map[string]any{"names": strings.Join(p.forms, " ")}); err != nil {
			return err
		}
		if b.Size() >= 5000 {
			if err := idx.Batch(b); err != nil {
				return err
			}
			b = idx.NewBatch()
		}
		return nil
	})
	if err == nil {
		err = idx.Batch(b)
	}
	if err != nil {
		return nil, nil, err
	}
	s := func(q string) ([]string, error) {
		var qs []bq.Query
		for _, w := range strings.Fields(strings.ToLower(q)) {
			fq := bleve.NewFuzzyQuery(w)
			fq.SetField("names")
			fq.SetFuzziness(1)
			if len([]rune(w)) >= 5 {
				fq.SetFuzziness(2)
			}
			qs = append(qs, fq)
		}
		req := bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(qs...), 10, 0, false)
		res, err := idx.Search(req)
		if err != nil {
			return nil, err
		}
		var ids []string
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		return ids, nil
	}
	return s, func() { idx.Close(); os.RemoveAll(path) }, nil
}
