//go:build !unix

package app

import "os"

// signalZero: where there is no null signal, os.FindProcess has already failed for a
// process that does not exist.
func signalZero(*os.Process) error { return nil }
