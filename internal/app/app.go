// Package app is tizim's only composition root: it reads the configuration, opens the archive
// and hands the pieces to the command that was asked for. No other package reads the
// environment or holds process-wide state.
package app

import (
	"fmt"
	"io"

	"github.com/tizim/tizim/internal/cli"
)

// Main runs one tizim command and returns the process exit status: 0 on success, 1 on a
// failure the user must act on, 2 on bad usage.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
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
		fmt.Fprintln(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "tizim: unknown command %q\n%s\n", args[0], usage)
	return 2
}

const usage = `usage: tizim COMMAND [flags]

commands:
  names NAME...                     explain a name: script, romanizations, keys
  compare NAME1 NAME2 | --pairs F   score name pairs
  dedupe --in FILE.csv              cluster records that are the same person`
