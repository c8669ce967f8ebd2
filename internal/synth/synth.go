// Package synth generates a deterministic synthetic archive for demos, tests and
// benchmarks: families of detained people and their relatives abroad, with names in several
// scripts, identity numbers, testimonies, sources, events, advocacy actions and consents,
// linked to the reference places and camps of package refdata.
//
// Everything it makes is fictitious and marked Meta.Synthetic. It streams records family by
// family, so memory stays flat however many persons are asked for, and the same seed always
// gives the same records, IDs included. It must not use the name engine (internal/names):
// data made by the engine under test would test nothing, so synth has its own small
// transliteration tables. It writes nothing itself; the caller's emit decides.
package synth

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/refdata"
)

// Options says how much to generate, from which seed, at what time.
type Options struct {
	Persons int       // total persons emitted, exactly
	Seed    uint64    // same seed, same archive
	Now     time.Time // Created/Updated of every record and the IDs' time; zero means 2025-01-01
}

// newspaperFamily is the size of the one large family every run of 100 persons or more has:
// 22 detained members named together in a press list, as in real cases.
const newspaperFamily = 22

// Generate streams a synthetic archive to emit, in dependency order: for each family, its
// persons, then relations, sources, testimonies, events, actions and finally consents. It
// stops at the first error emit returns.
func Generate(opts Options, ref *refdata.Set, emit func(model.Record) error) error {
	if opts.Persons < 0 {
		return errors.New("synth: persons must not be negative")
	}
	if ref == nil || len(ref.Counties()) == 0 || len(ref.Facilities) == 0 {
		return errors.New("synth: reference data with counties and facilities is required")
	}
	g, err := newGen(opts, ref, emit)
	if err != nil {
		return err
	}
	left := opts.Persons
	first := true
	for left > 0 {
		var detained, abroad int
		switch {
		case first && opts.Persons >= 100:
			detained, abroad = newspaperFamily, 1+g.r.IntN(2)
		default:
			detained, abroad = 2+g.r.IntN(7), 1+g.r.IntN(2)
		}
		first = false
		if detained+abroad > left {
			// The last family takes what is left: a lone person is a name on a list.
			abroad = min(abroad, left-1)
			detained = left - abroad
		}
		if err := g.family(detained, abroad); err != nil {
			return err
		}
		left -= detained + abroad
	}
	return nil
}

// gen holds the state of one run: the random source, the record counter, the reference
// tables it draws from, and emit. It holds no family once that family is emitted.
type gen struct {
	r    *rand.Rand
	now  time.Time
	ms   uint64 // the IDs' time, in Unix milliseconds
	n    int    // records emitted so far, for external ids
	emit func(model.Record) error
	ref  *tables
}

func newGen(opts Options, ref *refdata.Set, emit func(model.Record) error) (*gen, error) {
	now := opts.Now
	if now.IsZero() {
		now = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	t, err := newTables(ref)
	if err != nil {
		return nil, err
	}
	return &gen{
		r:    rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15)),
		now:  now.UTC(),
		ms:   uint64(now.UnixMilli()),
		emit: emit,
		ref:  t,
	}, nil
}

// id returns a UUIDv7-shaped ID drawn from the seeded generator, so runs are reproducible
// (model.NewID reads crypto/rand). The time part is the run's Now for every record.
func (g *gen) id() model.ID {
	var id model.ID
	binary.BigEndian.PutUint64(id[0:8], g.ms<<16|g.r.Uint64()&0xffff)
	binary.BigEndian.PutUint64(id[8:16], g.r.Uint64())
	id[6] = 0x70 | id[6]&0x0f // version 7
	id[8] = 0x80 | id[8]&0x3f // RFC 9562 variant
	return id
}

// meta returns the Meta of a new record with the given (pre-drawn) ID.
func (g *gen) meta(id model.ID) model.Meta {
	g.n++
	return model.Meta{ID: id, ExternalID: "synth:" + strconv.Itoa(g.n), Version: 1,
		Created: g.now, CreatedBy: "synth", Updated: g.now, UpdatedBy: "synth", Synthetic: true}
}

// put emits a record, wrapping emit's error with the record it refused.
func (g *gen) put(r model.Record) error {
	if err := g.emit(r); err != nil {
		return fmt.Errorf("synth: emit %s %s: %w", r.Kind(), r.Head().ExternalID, err)
	}
	return nil
}

// chance reports true with probability p.
func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

// pick returns a random element of s.
func pick[T any](g *gen, s []T) T { return s[g.r.IntN(len(s))] }

// weighted returns the index chosen by the weights.
func (g *gen) weighted(w []int) int {
	total := 0
	for _, x := range w {
		total += x
	}
	n := g.r.IntN(total)
	for i, x := range w {
		if n < x {
			return i
		}
		n -= x
	}
	return len(w) - 1
}

// day returns a full date in year y.
func (g *gen) day(y int) model.Date {
	return model.Date{Y: y, M: 1 + g.r.IntN(12), D: 1 + g.r.IntN(28)}
}

// partial cuts a full date to what a testimony usually knows: often only the year or month.
func (g *gen) partial(d model.Date, pYear, pMonth float64) model.Date {
	switch x := g.r.Float64(); {
	case x < pYear:
		return model.Date{Y: d.Y}
	case x < pYear+pMonth:
		return model.Date{Y: d.Y, M: d.M}
	}
	return d
}

// after returns a full date between d and d plus up to maxDays, not after the last year.
func (g *gen) after(d model.Date, maxDays, lastYear int) model.Date {
	t := time.Date(d.Y, time.Month(max(d.M, 1)), max(d.D, 1), 0, 0, 0, 0, time.UTC)
	t = t.AddDate(0, 0, g.r.IntN(maxDays+1))
	if t.Year() > lastYear {
		t = time.Date(lastYear, 12, 1+g.r.IntN(28), 0, 0, 0, 0, time.UTC)
	}
	return model.Date{Y: t.Year(), M: int(t.Month()), D: t.Day()}
}
