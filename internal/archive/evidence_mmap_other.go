//go:build !unix

package archive

import "os"

// mapFile is a Unix optimisation; elsewhere files are read the ordinary way.
func mapFile(f *os.File, size int64) ([]byte, func()) { return nil, nil }

func unmapDone([]byte) {}
