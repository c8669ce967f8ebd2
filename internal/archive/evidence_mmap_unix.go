//go:build unix

package archive

import (
	"os"
	"syscall"
)

// mapFile maps a local file read-only, so that ingest hashes and encrypts it straight from
// the page cache instead of having the kernel copy it into our buffers first (about a sixth
// of ingest's CPU time). It returns nil when the file cannot be mapped; the caller then
// reads it the ordinary way. A file cut short by another program while it is mapped makes
// the process fault and die, which the ingest order survives like any crash (ADR 0600).
func mapFile(f *os.File, size int64) ([]byte, func()) {
	if size <= 0 || int64(int(size)) != size {
		return nil, nil
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil
	}
	syscall.Madvise(b, syscall.MADV_SEQUENTIAL)
	return b, func() { syscall.Munmap(b) }
}

// unmapDone lets go of the pages of a mapped file's chunk once it is hashed and sealed: they
// stay in the page cache, but no longer count towards this process's memory, which stays
// flat whatever the file's size.
func unmapDone(b []byte) {
	if len(b) > 0 {
		syscall.Madvise(b, syscall.MADV_DONTNEED)
	}
}
