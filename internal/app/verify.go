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
	sample := fs.Int("sample", 0, "re-hash only N evidence files drawn at random (quick check of a large store)")
	if err := parse(fs, args); err != nil {
		return err
	}
	o, err := open(ctx, &c)
	if err != nil {
		return fmt.Errorf("cannot open the archive (damaged database or wrong key?): %w", err)
	}
	defer o.Store.Close() // no checkpoint: verify changes nothing
	defer o.blobs.Close()
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
	cp, err := o.Store.Consistency(ctx)
	if err != nil {
		report("checking the derived tables failed: %v", err)
	}
	for _, p := range cp {
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
	files, err := o.Files.VerifyFiles(ctx, *sample, func(p string) { report("%s", p) })
	if err != nil {
		report("checking evidence files in %s: %v", o.Files.Blobs(), err)
	}
	if problems > 0 {
		return errors.New(fmt.Sprint(problems, " problem(s) found: the archive is damaged or was altered"))
	}
	fmt.Fprintf(env.Stdout, "ok: database intact (%s), audit log of %d entries intact, every record readable\n", o.Store.Engine(), entries)
	fmt.Fprintf(env.Stdout, "ok: %s, %d evidence file(s) (%d bytes) match their SHA-256", o.Files.Blobs(), files.Files, files.Bytes)
	switch {
	case *sample > 0:
		fmt.Fprintf(env.Stdout, " (a random sample of %d)\n", *sample)
	default:
		fmt.Fprintf(env.Stdout, ", every stored object has its row")
		if files.Unfinished > 0 {
			fmt.Fprintf(env.Stdout, " (%d unfinished upload(s) of an interrupted ingest, removed by the next tizim attach)", files.Unfinished)
		}
		fmt.Fprintln(env.Stdout)
	}
	return nil
}
