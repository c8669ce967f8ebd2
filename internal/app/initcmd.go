package app

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/refdata"
	"github.com/tizim/tizim/internal/store"
)

func runInit(ctx context.Context, env *Env, args []string) (err error) {
	var c Config
	fs := flag.NewFlagSet("init", flag.ContinueOnError)
	addArchiveFlags(fs, env, &c)
	if err := parse(fs, args); err != nil {
		return err
	}
	o, err := create(ctx, &c, env.Stderr)
	if err != nil {
		return err
	}
	defer closeArchive(o, &err)
	code, err := initialise(ctx, o, env.Stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Archive created in %s.\nFirst admin enrolment code (shown once): %s\n"+
		"Start the server with: tizim serve --data %s, then open /enrol and enter the code.\n", c.DataDir, code, c.DataDir)
	return nil
}

const settingInitialised = "initialised_at"

// initialise loads the reference data into a new archive and invites its first admin.
func initialise(ctx context.Context, o *Opened, log io.Writer) (code string, err error) {
	_, code, err = initialiseWith(ctx, o, log)
	return code, err
}

// initialiseWith is initialise, returning the reference set it loaded.
func initialiseWith(ctx context.Context, o *Opened, log io.Writer) (ref *refdata.Set, code string, err error) {
	ref, err = refdata.Load()
	if err != nil {
		return nil, "", fmt.Errorf("reference data: %w", err)
	}
	start := time.Now()
	n, err := o.Archive.Load(ctx, archive.SystemActor("init"), seq(ref.Records()), 1000, nil)
	if err != nil {
		return nil, "", fmt.Errorf("loading reference data: %w", err)
	}
	fmt.Fprintf(log, "loaded %d reference records (places, facilities, sanctions) in %s\n", n, time.Since(start).Round(time.Millisecond))
	code, err = o.Auth.Invite(ctx, archive.SystemActor("init"), archive.Admin)
	if err != nil {
		return nil, "", err
	}
	err = o.Store.Write(ctx, func(tx *store.Tx) error {
		return tx.SetSetting(ctx, settingInitialised, time.Now().UTC().Format(time.RFC3339))
	})
	return ref, code, err
}

// initialised reports whether the archive has been through initialise.
func initialised(ctx context.Context, o *Opened) (bool, error) {
	var v string
	err := o.Store.Read(ctx, func(tx *store.Tx) (err error) {
		v, err = tx.Setting(ctx, settingInitialised)
		return err
	})
	return v != "", err
}

// seq turns a slice of records into the iterator archive.Load takes.
func seq[R model.Record](recs []R) func(func(model.Record, error) bool) {
	return func(yield func(model.Record, error) bool) {
		for _, r := range slices.Clip(recs) {
			if !yield(r, nil) {
				return
			}
		}
	}
}
