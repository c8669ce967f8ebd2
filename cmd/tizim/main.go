// Command tizim is the documentation database for the families of people detained or
// disappeared: one binary for the command line and the server. All wiring lives in
// internal/app; this file only hands over the process's arguments and streams.
package main

import (
	"os"

	"github.com/tizim/tizim/internal/app"
)

func main() {
	os.Exit(app.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}
