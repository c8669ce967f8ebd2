// Command namecmd runs the archive-free name commands (names, compare, dedupe) exactly as
// `tizim` does, through internal/cli, without linking the rest of tizim. bench/dedupe.sh
// falls back to it when cmd/tizim does not build in a tree under concurrent change.
package main

import (
	"fmt"
	"os"

	"github.com/tizim/tizim/internal/cli"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: namecmd names|compare|dedupe ARGS...")
		os.Exit(2)
	}
	run := map[string]func() int{
		"names":   func() int { return cli.RunNames(os.Stdin, os.Stdout, os.Stderr, os.Args[2:]) },
		"compare": func() int { return cli.RunCompare(os.Stdin, os.Stdout, os.Stderr, os.Args[2:]) },
		"dedupe":  func() int { return cli.RunDedupe(os.Stdin, os.Stdout, os.Stderr, os.Args[2:]) },
	}[os.Args[1]]
	if run == nil {
		fmt.Fprintf(os.Stderr, "namecmd: unknown command %q\n", os.Args[1])
		os.Exit(2)
	}
	os.Exit(run())
}
