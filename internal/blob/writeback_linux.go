package blob

import (
	"os"

	"golang.org/x/sys/unix"
)

// startWriteback asks the kernel to begin writing the given range of f to disk now, without
// waiting for it. An ingest calls it as it goes, so the disk works while the CPU hashes and
// encrypts, and the fsync at Commit has little left to wait for. A failure is ignored: the
// fsync at Commit is what makes the object durable, this only makes it sooner.
func startWriteback(f *os.File, off, n int64) {
	unix.SyncFileRange(int(f.Fd()), off, n, unix.SYNC_FILE_RANGE_WRITE)
}
