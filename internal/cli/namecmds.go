package cli

import (
	"fmt"
	"io"
)

// RunNames, RunCompare and RunDedupe are the archive-free name commands (issue 3).
// They are filled in by the name engine work; until then they say so.
func RunNames(stdin io.Reader, stdout, stderr io.Writer, args []string) int {
	fmt.Fprintln(stderr, "tizim names: not built yet")
	return 1
}

// RunCompare scores name pairs.
func RunCompare(stdin io.Reader, stdout, stderr io.Writer, args []string) int {
	fmt.Fprintln(stderr, "tizim compare: not built yet")
	return 1
}

// RunDedupe clusters a CSV of records.
func RunDedupe(stdin io.Reader, stdout, stderr io.Writer, args []string) int {
	fmt.Fprintln(stderr, "tizim dedupe: not built yet")
	return 1
}
