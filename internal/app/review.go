package app

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/tizim/tizim/internal/model"
)

// queueDuplicates compares the persons an import wrote with the whole archive through the
// name engine and queues likely duplicates for an editor (tizim review list).
func queueDuplicates(ctx context.Context, env *Env, o *Opened, persons []model.ID, runs string) error {
	start := time.Now()
	n, err := o.Archive.QueueDuplicates(ctx, cliActor(), persons, 0, "import "+runs)
	if err != nil {
		return fmt.Errorf("checking for duplicates: %w", err)
	}
	if n > 0 {
		fmt.Fprintf(env.Stdout, "%d likely duplicate(s) queued for review (tizim review list) in %s\n", n, time.Since(start).Round(time.Millisecond))
	}
	return nil
}

func runReview(ctx context.Context, env *Env, args []string) (err error) {
	var c Config
	fs := flag.NewFlagSet("review", flag.ContinueOnError)
	addArchiveFlags(fs, env, &c)
	status := fs.String("status", "open", "with list: open, merged, separated or all")
	limit := fs.Int("limit", 100, "with list and merges: at most this many")
	reason := fs.String("reason", "", "with merge: why these are one person (kept in the audit log)")
	if len(args) == 0 {
		return usagef("say list, separate A B, merge KEEP OTHER, merges, or undo MERGE_ID")
	}
	verb := args[0]
	pos, err := parseInterleaved(fs, args[1:])
	if err != nil {
		return err
	}
	want := map[string]int{"list": 0, "merges": 0, "separate": 2, "merge": 2, "undo": 1}
	n, ok := want[verb]
	if !ok {
		return usagef("unknown review action %q (list, separate, merge, merges, undo)", verb)
	}
	if len(pos) != n {
		return usagef("review %s takes %d id(s), got %d", verb, n, len(pos))
	}
	o, err := open(ctx, &c)
	if err != nil {
		return err
	}
	defer closeArchive(o, &err)
	who := cliActor()
	ids := make([]model.ID, len(pos))
	for i, ref := range pos {
		if verb == "undo" {
			break // a merge id, not a record id
		}
		if ids[i], err = o.Archive.Resolve(ctx, ref); err != nil {
			return err
		}
	}
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
		return o.Archive.Separate(ctx, who, ids[0], ids[1])
	case "merge":
		mid, err := o.Archive.Merge(ctx, who, ids[0], ids[1], *reason)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%s\n", mid)
		fmt.Fprintf(env.Stderr, "merged %s into %s; to undo: tizim review undo %s\n", pos[1], pos[0], mid)
		return nil
	case "merges":
		ms, err := o.Archive.Merges(ctx, who, *limit)
		if err != nil {
			return err
		}
		for _, m := range ms {
			state := "in force"
			if m.UndoneAt != 0 {
				state = "undone"
			}
			fmt.Fprintf(env.Stdout, "%s  %s  %s (%s)  ←  %s (%s)\n", m.ID, state, m.KeptName, m.Kept, m.MergedName, m.Merged)
		}
		return nil
	}
	mid, err := model.ParseID(pos[0])
	if err != nil {
		return usagef("%q is not a merge id (tizim review merges lists them)", pos[0])
	}
	if err := o.Archive.UndoMerge(ctx, who, mid); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "merge %s undone: both records and every link are as they were\n", mid)
	return nil
}

// parseInterleaved parses flags that may come before, between or after the positional
// arguments ("merge A B --reason R"), and returns the positional ones.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parse(fs, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
