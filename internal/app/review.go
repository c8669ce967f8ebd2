package app

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/tizim/tizim/internal/transfer"
)

// queueDuplicates compares the persons an import wrote with the whole archive through the
// name engine and queues likely duplicates for an editor (tizim review list).
func queueDuplicates(ctx context.Context, env *Env, o *Opened, res *transfer.ImportResult, terminal bool) error {
	start := time.Now()
	n, err := o.Archive.QueueDuplicates(ctx, cliActor(), res.Persons, 0, "import "+res.Run[:12])
	if err != nil {
		return fmt.Errorf("checking for duplicates: %w", err)
	}
	if n > 0 {
		fmt.Fprintf(env.Stdout, "%d likely duplicate(s) queued for review (tizim review list) in %s\n", n, time.Since(start).Round(time.Millisecond))
	}
	return nil
}

func runReview(ctx context.Context, env *Env, args []string) error {
	var c Config
	fs := flag.NewFlagSet("review", flag.ContinueOnError)
	addArchiveFlags(fs, env, &c)
	status := fs.String("status", "open", "with list: open, merged, separated or all")
	limit := fs.Int("limit", 100, "with list: at most this many pairs")
	if len(args) == 0 {
		return usagef("say list, or separate A B")
	}
	verb := args[0]
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	o, err := open(ctx, &c)
	if err != nil {
		return err
	}
	defer o.Close()
	who := cliActor()
	switch verb {
	case "list":
		st := *status
		if st == "all" {
			st = ""
		}
		pairs, err := o.Archive.Reviews(ctx, who, st, *limit)
		if err != nil {
			return err
		}
		for _, p := range pairs {
			fmt.Fprintf(env.Stdout, "%.2f  %s  %s (%s)  ~  %s (%s)\n      %s\n", p.Score, p.Status, p.NameA, p.A, p.NameB, p.B, p.Reasons)
		}
		fmt.Fprintf(env.Stderr, "%d pair(s)\n", len(pairs))
		return nil
	case "separate":
		if fs.NArg() != 2 {
			return usagef("separate takes two person ids")
		}
		a, err := o.Archive.Resolve(ctx, fs.Arg(0))
		if err != nil {
			return err
		}
		b, err := o.Archive.Resolve(ctx, fs.Arg(1))
		if err != nil {
			return err
		}
		return o.Archive.Separate(ctx, who, a, b)
	}
	return usagef("unknown review action %q (list, separate)", verb)
}
