//go:build !linux

package blob

import "os"

// startWriteback is a Linux optimisation (sync_file_range); elsewhere Commit's fsync does
// all the work.
func startWriteback(f *os.File, off, n int64) {}
