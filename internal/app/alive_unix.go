//go:build unix

package app

import (
	"os"
	"syscall"
)

// signalZero sends the null signal: kill(pid, 0) only checks that the process exists.
func signalZero(p *os.Process) error { return p.Signal(syscall.Signal(0)) }
