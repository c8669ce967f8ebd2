package app

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/tizim/tizim/internal/store"
)

func runVerify(ctx context.Context, env *Env, args []string) error {
	var c Config
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	addArchiveFlags(fs, env, &c)
	if err := parse(fs, args); err != nil {
		return err
	}
	o, err := open(ctx, &c)
	if err != nil {
		return fmt.Errorf("cannot open the archive (damaged database or wrong key?): %w", err)
	}
	defer o.Store.Close() // no checkpoint: verify changes nothing
	problems := 0
	report := func(format string, a ...any) {
		problems++
		fmt.Fprintf(env.Stdout, "PROBLEM: "+format+"\n", a...)
	}
	ip, err := o.Store.Integrity(ctx)
	if err != nil {
		report("database integrity check failed: %v", err)
	}
	for _, p := range ip {
		report("database: %s", p)
	}
	var entries int
	err = o.Store.Read(ctx, func(tx *store.Tx) error {
		ps, err := tx.VerifyAudit(ctx, 50)
		for _, p := range ps {
			report("%s", p)
		}
		for _, err := range tx.AuditEntries(ctx, false, 0) {
			if err != nil {
				return err
			}
			entries++
		}
		// Read every record, opening every sealed part: a record that cannot be decoded or
		// whose confidential part does not authenticate is damage too.
		for _, err := range tx.All(ctx, "", true) {
			if err != nil {
				report("record: %v", err)
			}
		}
		return err
	})
	if err != nil {
		report("reading the archive: %v", err)
	}
	if problems > 0 {
		return errors.New(fmt.Sprint(problems, " problem(s) found: the archive is damaged or was altered"))
	}
	fmt.Fprintf(env.Stdout, "ok: database intact (%s), audit log of %d entries intact, every record readable\n", o.Store.Engine(), entries)
	return nil
}
