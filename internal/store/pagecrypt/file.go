package pagecrypt

import (
	"bytes"
	"encoding/binary"
	"io"

	"lukechampine.com/adiantum/hbsh"

	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/util/vfsutil"
	"github.com/ncruces/go-sqlite3/vfs"
)

// blockSize is the unit of encryption, fixed by the format: each block is enciphered on
// its own, with its offset as the tweak.
const blockSize = 4096

// maxSpan bounds the bytes one system call reads or writes, and so the handle's buffer:
// SQLite reads and writes a page, or a WAL frame's header, at a time, but nothing here
// assumes it.
const maxSpan = 256 << 10

// ioStripes is the number of I/O locks the WAL-index offers (vfs.SharedMemory.IOLock): the
// lock taken for a block is the block's index modulo ioStripes, passed as the lock's id.
// See lockSet for why the id is reduced here.
const ioStripes = 7

var (
	_ [0]struct{} = [blockSize & (blockSize - 1)]struct{}{} // a power of two
	_ [0]struct{} = [maxSpan % blockSize]struct{}{}         // whole blocks
)

func roundDown(i int64) int64 { return i &^ (blockSize - 1) }
func roundUp(i int64) int64   { return (i + blockSize - 1) &^ (blockSize - 1) }

// trustCacheForTest makes a partial write use the kept block without comparing it with the
// file: the bug the comparison prevents, for a test to show that it catches it.
var trustCacheForTest bool

// file encrypts one open file. SQLite uses a handle from one goroutine at a time (the
// connection's), so its buffers need no lock; the cipher is shared only between a database
// and its own journal and WAL, which belong to the same connection.
type file struct {
	vfs.File
	cipher *hbsh.HBSH       // nil for a main database whose key has not been given yet
	shm    vfs.SharedMemory // the database's WAL-index, for the partial-block locks; may be nil
	buf    []byte           // ciphertext (and plaintext while it is encrypted) of one call's blocks
	tweak  [8]byte

	// kept is the last block of the last successful write on this handle, as written, if
	// the write ended inside it.
	kept struct {
		off    int64 // -1: none
		plain  [blockSize]byte
		cipher [blockSize]byte
	}
	keptUsed int // partial writes that used kept instead of decrypting (tests)
}

func newFile(base vfs.File, c *hbsh.HBSH, shm vfs.SharedMemory) *file {
	f := &file{File: base, cipher: c, shm: shm}
	f.kept.off = -1
	return f
}

func (f *file) buffer(n int64) []byte {
	if int64(cap(f.buf)) < n {
		f.buf = make([]byte, n, max(n, min(2*int64(cap(f.buf)), maxSpan)))
	}
	return f.buf[:n]
}

func (f *file) encrypt(block []byte, off int64) {
	binary.LittleEndian.PutUint64(f.tweak[:], uint64(off))
	f.cipher.Encrypt(block, f.tweak[:]) // in place
}

func (f *file) decrypt(block []byte, off int64) {
	binary.LittleEndian.PutUint64(f.tweak[:], uint64(off))
	f.cipher.Decrypt(block, f.tweak[:]) // in place
}

// lockSet holds the ids of the I/O locks a call takes around the blocks it reads or
// rewrites only in part: at most two, one for each end of its range.
//
// The WAL-index's contract (vfs.SharedMemory.IOLock) asks that every call for a block use
// the same id; the id here is the block's index modulo ioStripes. A call that holds both
// ends' locks at once must neither take one lock twice (two blocks whose ids fall on the
// same lock: self-deadlock where locks count, an early release where they are per file
// descriptor) nor take two in an order another connection could reverse (deadlock between
// a reader and the writer). With ids below ioStripes, distinct ids are distinct locks, and
// taking them in ascending id is one order for all connections. ncruces' implementations
// lock id modulo 7; with the id reduced here, a block takes the same lock through this VFS
// as through ncruces' (whose id is the block's offset, and 4096 ≡ 1 mod 7).
type lockSet struct {
	ids [2]int64
	n   int
}

func (l *lockSet) add(blockOff int64) {
	id := (blockOff / blockSize) % ioStripes
	if l.n == 1 && l.ids[0] == id {
		return
	}
	l.ids[l.n] = id
	l.n++
	if l.n == 2 && l.ids[0] > l.ids[1] {
		l.ids[0], l.ids[1] = l.ids[1], l.ids[0]
	}
}

// span says of the blocks [lo, hi) that one call moves for the bytes [off, end) whether its
// first and its last block hold bytes outside them, and the I/O locks those blocks need.
func span(lo, hi, off, end int64) (headPartial, tailPartial bool, locks lockSet) {
	headPartial = off > lo
	tailPartial = end < hi
	if headPartial {
		locks.add(lo)
	}
	if tailPartial {
		locks.add(hi - blockSize)
	}
	return headPartial, tailPartial, locks
}

func (f *file) lock(level vfs.LockLevel, l *lockSet) error {
	if f.shm == nil {
		return nil
	}
	for i := 0; i < l.n; i++ {
		if err := f.shm.IOLock(level, l.ids[i]); err != nil {
			for i--; i >= 0; i-- {
				f.shm.IOLock(vfs.LOCK_NONE, l.ids[i])
			}
			return err
		}
	}
	return nil
}

func (f *file) unlock(l *lockSet) {
	if f.shm == nil {
		return
	}
	for i := l.n - 1; i >= 0; i-- {
		f.shm.IOLock(vfs.LOCK_NONE, l.ids[i])
	}
}

// ReadAt reads the blocks that hold p's range with one read, and decrypts them. A block
// the range covers only in part may be rewritten whole at the same time by another
// connection writing the bytes next to it, so the read holds a shared I/O lock on it.
//
// Like ncruces' VFS, a block the file holds only in part (a write cut short) is absent:
// the read stops before it and returns the bytes before it with io.EOF, and SQLite fills
// the rest with zeros.
func (f *file) ReadAt(p []byte, off int64) (int, error) {
	if f.cipher == nil {
		// Only a main database can be without a key. SQLite first reads its 100-byte
		// header: the file looks empty, so that the key can still be given by PRAGMA.
		if off == 0 && len(p) == 100 {
			return 0, io.EOF
		}
		return 0, sqlite3.CANTOPEN
	}
	if len(p) == 0 {
		return 0, nil
	}
	end := off + int64(len(p))
	first, last := roundDown(off), roundUp(end)
	n := 0
	for lo := first; lo < last; {
		hi := min(lo+maxSpan, last)
		_, _, locks := span(lo, hi, off, end)
		if err := f.lock(vfs.LOCK_SHARED, &locks); err != nil {
			return n, err
		}
		buf := f.buffer(hi - lo)
		m, err := f.File.ReadAt(buf, lo)
		f.unlock(&locks)

		whole := m &^ (blockSize - 1)
		for b := 0; b < whole; b += blockSize {
			block := buf[b : b+blockSize]
			f.decrypt(block, lo+int64(b))
			if skip := off - (lo + int64(b)); skip > 0 {
				block = block[skip:]
			}
			n += copy(p[n:], block)
		}
		if whole < len(buf) {
			if err == nil {
				err = io.EOF
			}
			return n, err
		}
		lo = hi
	}
	return n, nil
}

// WriteAt encrypts the blocks that hold p's range into the handle's buffer and writes
// them with one write. A block the range covers only in part is read, decrypted, updated
// and encrypted again; it holds bytes SQLite may be reading through another connection, so
// an exclusive I/O lock on it is held from before it is read until it has been written.
// Past the end of the file, or in a block the file holds only in part, the bytes around
// p's are zeros, as in ncruces' VFS.
func (f *file) WriteAt(p []byte, off int64) (int, error) {
	if f.cipher == nil {
		return 0, sqlite3.READONLY
	}
	if len(p) == 0 {
		return 0, nil
	}
	end := off + int64(len(p))
	first, last := roundDown(off), roundUp(end)
	n := 0
	for lo := first; lo < last; {
		hi := min(lo+maxSpan, last)
		headPartial, tailPartial, locks := span(lo, hi, off, end)
		if err := f.lock(vfs.LOCK_EXCLUSIVE, &locks); err != nil {
			return n, err
		}
		buf := f.buffer(hi - lo)
		if headPartial {
			if err := f.readPlain(buf[:blockSize], lo); err != nil {
				f.unlock(&locks)
				return n, err
			}
		}
		if tailPartial && (hi-lo > blockSize || !headPartial) {
			if err := f.readPlain(buf[len(buf)-blockSize:], hi-blockSize); err != nil {
				f.unlock(&locks)
				return n, err
			}
		}
		k := copy(buf[max(off-lo, 0):], p[n:])

		// Only a block the write ends inside is worth keeping: the next write, if it
		// carries on from this one, starts in it.
		lastBlock := len(buf) - blockSize
		keep := tailPartial
		if keep {
			copy(f.kept.plain[:], buf[lastBlock:])
		}
		for b := 0; b < len(buf); b += blockSize {
			f.encrypt(buf[b:b+blockSize], lo+int64(b))
		}
		if keep {
			copy(f.kept.cipher[:], buf[lastBlock:])
		}
		f.kept.off = -1 // until the write succeeds
		_, err := f.File.WriteAt(buf, lo)
		f.unlock(&locks)
		if err != nil {
			return n, err
		}
		if keep {
			f.kept.off = hi - blockSize
		}
		n += k
		lo = hi
	}
	return n, nil
}

// readPlain reads the block at off into block and leaves its plaintext there.
//
// If the block is the one kept from this handle's last write and the file still holds
// exactly the ciphertext written then, the plaintext kept with it is the block's plaintext:
// for a given key and offset the cipher is a permutation of blocks, so equal ciphertexts
// have equal plaintexts, and comparing is a much cheaper way to the plaintext than
// decrypting. The file is always read: another connection or process may have rewritten
// the block since (a writer after a WAL restart writes its frames over the old ones), and
// the comparison is what catches it.
func (f *file) readPlain(block []byte, off int64) error {
	m, err := f.File.ReadAt(block, off)
	if m < blockSize {
		if err != nil && err != io.EOF {
			return err
		}
		// Past the end of the file, or a block written only in part, which cannot be
		// decrypted and is as good as lost.
		clear(block)
		return nil
	}
	if f.kept.off == off && (trustCacheForTest || bytes.Equal(block, f.kept.cipher[:])) {
		copy(block, f.kept.plain[:])
		f.keptUsed++
		return nil
	}
	f.decrypt(block, off)
	return nil
}

// Pragma takes the key of a main database (PRAGMA hexkey) and passes any other PRAGMA on.
func (f *file) Pragma(name, value string) (string, error) {
	if name != "hexkey" {
		return vfsutil.WrapPragma(f.File, name, value)
	}
	f.kept.off = -1
	if f.cipher = newCipher(keyOf(value)); f.cipher == nil {
		return "", sqlite3.IOERR_BADKEY
	}
	return "ok", nil
}

// DeviceCharacteristics keeps only the properties that stay true when every write is
// rewritten as whole 4 KiB blocks (the same set as ncruces' VFS): not powersafe overwrite,
// as a write rewrites bytes around its own; nor atomic writes of units other than 4 KiB.
func (f *file) DeviceCharacteristics() vfs.DeviceCharacteristic {
	return f.File.DeviceCharacteristics() & (vfs.IOCAP_ATOMIC4K |
		vfs.IOCAP_IMMUTABLE |
		vfs.IOCAP_SEQUENTIAL |
		vfs.IOCAP_SUBPAGE_READ |
		vfs.IOCAP_BATCH_ATOMIC |
		vfs.IOCAP_UNDELETABLE_WHEN_OPEN)
}

// SectorSize is a multiple of the block, so that SQLite pads and aligns its WAL in whole
// blocks.
func (f *file) SectorSize() int {
	s := f.File.SectorSize()
	if s <= 0 {
		return blockSize
	}
	a, b := s, blockSize
	for b != 0 {
		a, b = b, a%b
	}
	return s / a * blockSize // the least common multiple
}

func (f *file) Truncate(size int64) error {
	return f.File.Truncate(roundUp(size))
}

func (f *file) ChunkSize(size int) {
	vfsutil.WrapChunkSize(f.File, int(roundUp(int64(size))))
}

func (f *file) SizeHint(size int64) error {
	return vfsutil.WrapSizeHint(f.File, roundUp(size))
}

// The optional interfaces that are safe over encrypted blocks are passed on. Not
// MemoryMapper, which would let SQLite read the ciphertext, nor powersafe overwrite.

func (f *file) Unwrap() vfs.File { return f.File }

func (f *file) SharedMemory() vfs.SharedMemory { return vfsutil.WrapSharedMemory(f.File) }

func (f *file) LockState() vfs.LockLevel { return vfsutil.WrapLockState(f.File) }

func (f *file) PersistWAL() bool { return vfsutil.WrapPersistWAL(f.File) }

func (f *file) SetPersistWAL(keep bool) { vfsutil.WrapSetPersistWAL(f.File, keep) }

func (f *file) HasMoved() (bool, error) { return vfsutil.WrapHasMoved(f.File) }

func (f *file) Overwrite() error { return vfsutil.WrapOverwrite(f.File) }

func (f *file) SyncSuper(super string) error { return vfsutil.WrapSyncSuper(f.File, super) }

func (f *file) CommitPhaseTwo() error { return vfsutil.WrapCommitPhaseTwo(f.File) }

func (f *file) BeginAtomicWrite() error { return vfsutil.WrapBeginAtomicWrite(f.File) }

func (f *file) CommitAtomicWrite() error { return vfsutil.WrapCommitAtomicWrite(f.File) }

func (f *file) RollbackAtomicWrite() error { return vfsutil.WrapRollbackAtomicWrite(f.File) }

func (f *file) CheckpointStart() { vfsutil.WrapCheckpointStart(f.File) }

func (f *file) CheckpointDone() { vfsutil.WrapCheckpointDone(f.File) }

func (f *file) BusyHandler(handler func() bool) { vfsutil.WrapBusyHandler(f.File, handler) }
