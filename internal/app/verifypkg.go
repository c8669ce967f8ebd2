package app

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"flag"
	"fmt"

	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/transfer"
)

// exportPackage writes the signed open-data package: the public projection as CSV and
// JSONL, and a manifest of their SHA-256 sums with the audit log's head, signed with the
// archive's key.
func exportPackage(ctx context.Context, env *Env, c *Config, dir string) (err error) {
	o, err := open(ctx, c)
	if err != nil {
		return err
	}
	defer closeArchive(o, &err)
	var seq int64
	var head []byte
	if err := o.Store.Read(ctx, func(tx *store.Tx) (err error) {
		seq, head, err = tx.AuditHead(ctx)
		return err
	}); err != nil {
		return err
	}
	m, err := transfer.WritePackage(ctx, o.Archive, dir, cliActor(), o.Store.Keys(), seq, head)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "open-data package in %s: %d published persons; check it with: tizim verify-package %s\n", dir, m.Files[0].Records, dir)
	fmt.Fprintf(env.Stdout, "public key: %s\n", m.PublicKey)
	return nil
}

func runVerifyPackage(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("verify-package", flag.ContinueOnError)
	key := fs.String("key", "", "the archive's public key (base64), published by the archive; without it the key in the manifest is used")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("name the package folder")
	}
	var want ed25519.PublicKey
	if *key != "" {
		b, err := base64.StdEncoding.DecodeString(*key)
		if err != nil || len(b) != ed25519.PublicKeySize {
			return usagef("--key is not a base64 Ed25519 public key")
		}
		want = b
	}
	m, err := transfer.VerifyPackage(fs.Arg(0), want)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "ok: signature valid (key %s), %d files intact, audit head %d %s\n", m.PublicKey, len(m.Files), m.AuditSeq, m.AuditHead)
	return nil
}
