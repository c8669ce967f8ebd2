package app

import (
	"context"
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
