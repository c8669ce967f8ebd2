package app

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/transfer"
)

func runExport(ctx context.Context, env *Env, args []string) (err error) {
	var c Config
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	addArchiveFlags(fs, env, &c)
	format := fs.String("format", "jsonl", "csv, jsonl, ftm (FollowTheMoney entities), or package (with --public: the signed open-data package, --out DIR)")
	public := fs.Bool("public", false, "the public projection only (open data)")
	out := fs.String("out", "", "output file (default: standard output)")
	recipient := fs.String("recipient", "", "encrypt to this age public key (age1…)")
	plaintext := fs.Bool("plaintext", false, "write a confidential export unencrypted (audited)")
	secrets := fs.Bool("confidential", false, "include confidential parts (identity documents, contacts, addresses)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if path := env.Getenv("TIZIM_CPUPROFILE"); path != "" {
		stop, err := startCPUProfile(path)
		if err != nil {
			return err
		}
		defer stop()
	}
	if *format == "package" {
		if !*public || *out == "" {
			return usagef("--format package makes the public open-data package: give --public and --out DIR")
		}
		return exportPackage(ctx, env, &c, *out)
	}
	if *format != "csv" && *format != "jsonl" && *format != "ftm" {
		return usagef("--format must be csv, jsonl, ftm or package")
	}
	if *public && (*secrets || *recipient != "") {
		return usagef("--public exports hold nothing confidential; --confidential and --recipient do not apply")
	}
	if !*public && *recipient == "" && !*plaintext {
		return usagef("a full export holds unpublished records: give --recipient AGE_PUBLIC_KEY to encrypt it, or --plaintext to accept the risk")
	}
	o, err := open(ctx, &c)
	if err != nil {
		return err
	}
	defer closeArchive(o, &err)
	who := cliActor()
	if !*public && *plaintext {
		if err := o.Store.Write(ctx, func(tx *store.Tx) error {
			return tx.Audit(ctx, who.Name, "export_plaintext", "", "", fmt.Sprintf("format %s, confidential parts %t, to %s", *format, *secrets, describeOut(*out)))
		}); err != nil {
			return err
		}
	}
	return writeOut(*out, env.Stdout, func(w io.Writer) (err error) {
		if *recipient != "" {
			ew, err := transfer.Encrypt(w, *recipient)
			if err != nil {
				return err
			}
			defer func() { err = errors.Join(err, ew.Close()) }()
			w = ew
		}
		export := transfer.Export
		if *format == "ftm" {
			export = transfer.ExportFtM
		}
		n, err := export(ctx, o.Archive, w, transfer.Options{Format: *format, Public: *public, WithSecret: *secrets, Actor: who})
		if err == nil {
			fmt.Fprintf(env.Stderr, "exported %d records\n", n)
		}
		return err
	})
}

func describeOut(path string) string {
	if path == "" {
		return "standard output"
	}
	return filepath.Base(path)
}

// writeOut writes to a file through a temporary name renamed into place only on success,
// so a failed export never leaves a half-written file; or to stdout when path is empty.
func writeOut(path string, stdout io.Writer, fn func(io.Writer) error) error {
	if path == "" {
		bw := bufio.NewWriterSize(stdout, 1<<16)
		if err := fn(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriterSize(tmp, 1<<16)
	if err := fn(bw); err != nil {
		tmp.Close()
		return err
	}
	if err := errors.Join(bw.Flush(), tmp.Sync(), tmp.Close()); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
