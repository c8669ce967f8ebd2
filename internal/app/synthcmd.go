package app

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/refdata"
	"github.com/tizim/tizim/internal/synth"
	"github.com/tizim/tizim/internal/transfer"
)

// synthEpoch is the fixed "now" of synthetic archives, so the same seed gives the same file.
var synthEpoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

func runSynth(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("synth", flag.ContinueOnError)
	persons := fs.Int("persons", 1000, "number of persons")
	seed := fs.Uint64("seed", 1, "random seed")
	out := fs.String("out", "", "output file: .csv (persons) or .jsonl (every record)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *persons <= 0 {
		return usagef("--persons must be positive")
	}
	var format string
	switch {
	case strings.HasSuffix(*out, ".csv"):
		format = "csv"
	case strings.HasSuffix(*out, ".jsonl"):
		format = "jsonl"
	default:
		return usagef("--out must name a .csv or .jsonl file")
	}
	ref, err := refdata.LoadAt(synthEpoch)
	if err != nil {
		return err
	}
	start := time.Now()
	n := 0
	err = writeOut(*out, env.Stdout, func(w io.Writer) error {
		emit, flush := synthWriter(w, format, ref)
		err := synth.Generate(synth.Options{Persons: *persons, Seed: *seed, Now: synthEpoch}, ref, func(r model.Record) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			n++
			return emit(r)
		})
		if err != nil {
			return err
		}
		return flush()
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "wrote %d synthetic records (%d persons) to %s in %s\n", n, *persons, *out, time.Since(start).Round(time.Millisecond))
	return nil
}

// synthWriter writes records as JSONL lines (with their confidential parts: synthetic data
// is not real) or persons as CSV rows.
func synthWriter(w io.Writer, format string, ref *refdata.Set) (emit func(model.Record) error, flush func() error) {
	if format == "jsonl" {
		enc := json.NewEncoder(w)
		return func(r model.Record) error {
			b, err := json.Marshal(r)
			if err != nil {
				return err
			}
			l := transfer.Line{Kind: r.Kind(), Record: b}
			if sr, ok := r.(model.Secretive); ok {
				if l.Secret, err = json.Marshal(sr.SecretPart()); err != nil {
					return err
				}
			}
			return enc.Encode(l)
		}, func() error { return nil }
	}
	facilities := map[model.ID]string{}
	for _, f := range ref.Facilities {
		facilities[f.ID] = f.ExternalID
	}
	pw := transfer.NewPersonCSV(w, func(id model.ID) string {
		if p := ref.Place(id); p != nil {
			return p.Code
		}
		return facilities[id]
	})
	return func(r model.Record) error {
		if p, ok := r.(*model.Person); ok {
			return pw.Write(p, true)
		}
		return nil
	}, pw.Flush
}
