// Package app is tizim's only composition root: it reads the configuration (flags and
// TIZIM_* environment variables), opens the archive and hands the pieces to the command
// that was asked for. No other package reads the environment or holds process-wide state.
package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os/signal"
	"strings"
	"syscall"

	"github.com/tizim/tizim/internal/cli"
)

// Env is what a command receives from the process.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
}

type command struct {
	name, args, help string
	run              func(ctx context.Context, env *Env, args []string) error
}

var commands = []command{
	{"serve", "[--data DIR] [--addr 127.0.0.1:8080] [--demo]", "run the web server (public register, team side, API)", runServe},
	{"init", "[--data DIR] [--key-file FILE]", "create an archive and its first admin (one-time enrolment code)", runInit},
	{"user", "add --role ROLE | list | disable NAME", "manage the team's accounts", runUser},
	{"import", "[--data DIR] [--dry-run] [--report FILE] [--mapping FILE] [--skip-invalid] FILE... | --suggest-mapping FILE", "import persons and records from csv, xlsx or jsonl", runImport},
	{"attach", "[--data DIR] --to ID FILE... | --manifest FILE.csv", "add evidence files (video appeals, photos, documents)", runAttach},
	{"search", "[--data DIR] [--json] [--limit N] QUERY", "find persons by name in any script", runSearch},
	{"export", "[--data DIR] --format csv|jsonl|ftm|package [--public] [--out FILE|DIR] [--recipient AGE | --plaintext]", "export records; --public --format package: the signed open-data package", runExport},
	{"verify-package", "[--key BASE64] DIR", "check an open-data package's signature and file hashes", runVerifyPackage},
	{"review", "list [--status S] | separate A B | merge KEEP OTHER [--reason R] | merges | undo MERGE_ID  [--data DIR]", "likely duplicates found by imports, for an editor to merge (undoably) or separate", runReview},
	{"verify", "[--data DIR]", "check the audit log and the database's integrity", runVerify},
	{"synth", "--persons N [--seed S] --out FILE.csv|.jsonl", "write a synthetic archive for demos and benchmarks", runSynth},
	{"names", "NAME...", "explain a name: script, romanizations, keys", nil},
	{"compare", "NAME1 NAME2 | --pairs FILE.csv [--out FILE.csv]", "score name pairs", nil},
	{"dedupe", "--in FILE.csv [--out FILE.csv] [--threshold X]", "cluster records that are the same person", nil},
}

// Main runs one tizim command and returns the process exit status: 0 on success, 1 on a
// failure the user must act on (with a one-line reason on stderr), 2 on bad usage.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	return Run(ctx, args, &Env{Stdin: stdin, Stdout: stdout, Stderr: stderr, Getenv: getenv})
}

// Run is Main with a context that ends the command (a server stops when it is cancelled).
func Run(ctx context.Context, args []string, env *Env) int {
	stdin, stdout, stderr := env.Stdin, env.Stdout, env.Stderr
	if len(args) == 0 {
		printUsage(stderr)
		return 2
	}
	switch args[0] {
	case "names":
		return cli.RunNames(stdin, stdout, stderr, args[1:])
	case "compare":
		return cli.RunCompare(stdin, stdout, stderr, args[1:])
	case "dedupe":
		return cli.RunDedupe(stdin, stdout, stderr, args[1:])
	case "help", "-h", "--help":
		printUsage(stdout)
		return 0
	}
	for _, c := range commands {
		if c.name != args[0] || c.run == nil {
			continue
		}
		err := c.run(ctx, env, args[1:])
		var ue usageError
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			fmt.Fprintf(stdout, "usage: tizim %s %s\n%s\n", c.name, c.args, c.help)
			var he helpError
			if errors.As(err, &he) {
				fmt.Fprint(stdout, he.flags)
			}
			return 0
		case errors.As(err, &ue):
			fmt.Fprintf(stderr, "tizim %s: %v\nusage: tizim %s %s\n", c.name, err, c.name, c.args)
			return 2
		}
		fmt.Fprintf(stderr, "tizim %s: %v\n", c.name, err)
		return 1
	}
	fmt.Fprintf(stderr, "tizim: unknown command %q\n", args[0])
	printUsage(stderr)
	return 2
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: tizim COMMAND [flags]\n\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n           %s\n", c.name, c.args, c.help)
	}
	fmt.Fprintln(w, "\nenvironment: TIZIM_DATA, TIZIM_ADDR, TIZIM_DATABASE_URL, TIZIM_BLOB_URL, TIZIM_PASSPHRASE")
}

// helpError answers -h with the command's flags.
type helpError struct{ flags string }

func (helpError) Error() string { return "help requested" }
func (helpError) Unwrap() error { return flag.ErrHelp }

// usageError marks a mistake in how the command was called (exit status 2).
type usageError struct{ error }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// parse parses flags, turning flag errors into usage errors.
func parse(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			var b strings.Builder
			fs.SetOutput(&b)
			fs.PrintDefaults()
			return helpError{flags: b.String()}
		}
		return usageError{err}
	}
	return nil
}
