package archive

import (
	"context"
	"fmt"
	"strings"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/names"
	"github.com/tizim/tizim/internal/store"
)

// NameMatch is how a name written in a manifest was tied to a person of the archive.
type NameMatch struct {
	Name   string
	ID     model.ID
	Score  float64
	Review bool   // not sure: a person should check the link
	New    bool   // no candidate at all: a new person was recorded under this name
	Reason string // for the review list
}

// Thresholds of the name engine's score for manifest names: at or above sure, with a
// clear margin over the runner-up, the link is made; between maybe and sure it is made
// and flagged for review; below maybe a new person is recorded and flagged.
const (
	nameSure   = 0.90
	nameMargin = 0.05
	nameMaybe  = 0.70
)

// MatchNames ties each of the distinct names to a person: by the name engine, over every
// person of the archive, in one streaming pass that compares only candidates sharing a
// blocking key. Names with no candidate become new persons (status unknown, internal).
func (a *Archive) MatchNames(ctx context.Context, who Actor, list []string) (map[string]*NameMatch, error) {
	if err := who.need(OpWrite); err != nil {
		return nil, err
	}
	type query struct {
		m      *NameMatch
		p      *names.Prepared
		second float64
	}
	out := map[string]*NameMatch{}
	var queries []*query
	byKey := map[string][]*query{}
	for _, n := range list {
		n = strings.TrimSpace(n)
		if n == "" || out[n] != nil {
			continue
		}
		q := &query{m: &NameMatch{Name: n}, p: names.Prepare(names.Record{Name: n})}
		out[n] = q.m
		queries = append(queries, q)
		for _, k := range names.Keys(n) {
			byKey[k] = append(byKey[k], q)
		}
	}
	if len(out) == 0 {
		return out, nil
	}
	err := a.st.Read(ctx, func(tx *store.Tx) error {
		for rec, err := range tx.All(ctx, model.KindPerson, false) {
			if err != nil {
				return err
			}
			p := rec.(*model.Person)
			seen := map[*query]bool{}
			var prepared *names.Prepared
			for _, form := range p.Names {
				for _, k := range names.Keys(form.Text) {
					for _, q := range byKey[k] {
						if seen[q] {
							continue
						}
						seen[q] = true
						if prepared == nil {
							forms := make([]string, 0, len(p.Names))
							for _, f := range p.Names[1:] {
								forms = append(forms, f.Text)
							}
							prepared = names.Prepare(names.Record{Name: p.PrimaryName(), Forms: forms})
						}
						s := names.ComparePrepared(q.p, prepared).Score
						switch {
						case s > q.m.Score:
							q.second, q.m.Score, q.m.ID = q.m.Score, s, p.ID
							q.m.Reason = fmt.Sprintf("%q ~ %q (%.2f)", q.m.Name, p.PrimaryName(), s)
						case s > q.second:
							q.second = s
						}
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var fresh []*NameMatch
	for _, q := range queries {
		m, second := q.m, q.second
		switch {
		case m.Score >= nameSure && m.Score-second >= nameMargin:
		case m.Score >= nameMaybe:
			m.Review = true
			m.Reason += fmt.Sprintf("; runner-up %.2f", second)
		default:
			m.Review, m.New, m.ID = true, true, model.ID{}
			m.Reason = fmt.Sprintf("%q matches nobody in the archive (best %.2f): recorded as a new person", m.Name, m.Score)
			fresh = append(fresh, m)
		}
	}
	if len(fresh) == 0 {
		return out, nil
	}
	err = a.st.Write(ctx, func(tx *store.Tx) error {
		for _, m := range fresh {
			p := &model.Person{Names: []model.NameForm{{Text: m.Name, Kind: "primary"}}, Status: model.StatusUnknown,
				Secret: model.PersonSecret{Notes: "recorded from an evidence manifest; check who this is"}}
			if err := a.put(ctx, tx, who, p, "evidence manifest: new name"); err != nil {
				return fmt.Errorf("recording %q: %w", m.Name, err)
			}
			m.ID = p.ID
		}
		return nil
	})
	return out, err
}
