package pagecrypt

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/ncruces/go-sqlite3/vfs"
)

// osFile is a vfs.File on an *os.File, for tests of the encrypting layer alone (the OS
// VFS opens a named file only for SQLite).
type osFile struct{ *os.File }

func (osFile) Sync(vfs.SyncFlag) error { return nil }
func (f osFile) Size() (int64, error) {
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return st.Size(), nil
}
func (osFile) Lock(vfs.LockLevel) error                        { return nil }
func (osFile) Unlock(vfs.LockLevel) error                      { return nil }
func (osFile) CheckReservedLock() (bool, error)                { return false, nil }
func (osFile) SectorSize() int                                 { return 512 }
func (osFile) DeviceCharacteristics() vfs.DeviceCharacteristic { return 0 }

// openHandles opens n handles on one file at path, each encrypting with its own instance
// of the cipher for testHexKey, as n connections would.
func openHandles(t testing.TB, path string, n int) []*file {
	t.Helper()
	key := keyOf(testHexKey)
	var hs []*file
	for range n {
		base, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { base.Close() })
		hs = append(hs, newFile(osFile{base}, newCipher(key), nil))
	}
	return hs
}

// model is what the handles' file must read as: the bytes written, zeros elsewhere, in a
// file of whole blocks.
type model struct {
	data []byte
}

func (m *model) write(p []byte, off int64) {
	if len(p) == 0 {
		return
	}
	if end := roundUp(off + int64(len(p))); end > int64(len(m.data)) {
		m.data = append(m.data, make([]byte, end-int64(len(m.data)))...)
	}
	copy(m.data[off:], p)
}

func (m *model) truncate(size int64) {
	size = roundUp(size)
	if size < int64(len(m.data)) {
		m.data = m.data[:size]
	} else {
		m.data = append(m.data, make([]byte, size-int64(len(m.data)))...)
	}
}

// read returns what ReadAt must return for p's length at off.
func (m *model) read(n int, off int64) ([]byte, error) {
	if n == 0 {
		return nil, nil
	}
	if off+int64(n) <= int64(len(m.data)) {
		return m.data[off : off+int64(n)], nil
	}
	if off >= int64(len(m.data)) {
		return nil, io.EOF
	}
	return m.data[off:], io.EOF
}

// program runs random writes, reads and truncations through the handles, each operation
// through one of them at random, and checks every read against the model. Writes start at
// most at the end of the file: a write past it leaves blocks that were never written,
// which SQLite does not do and which read as noise (in ncruces' VFS as here).
func program(t testing.TB, hs []*file, rng *rand.Rand, ops int, maxOff, maxLen int) {
	t.Helper()
	var m model
	for i := range ops {
		h := hs[rng.IntN(len(hs))]
		off := int64(rng.IntN(maxOff))
		n := rng.IntN(maxLen + 1)
		switch k := rng.IntN(10); {
		case k < 5:
			off = min(off, int64(len(m.data)))
			if rng.IntN(4) == 0 && len(m.data) > 0 { // often just after the last write
				off = min(int64(len(m.data))-int64(rng.IntN(blockSize)), off)
				off = max(off, 0)
			}
			p := make([]byte, n)
			for j := range p {
				p[j] = byte(rng.Uint32())
			}
			w, err := h.WriteAt(p, off)
			if err != nil || w != n {
				t.Fatalf("op %d: WriteAt(%d bytes, %d) = %d, %v", i, n, off, w, err)
			}
			m.write(p, off)
		case k < 9:
			p := make([]byte, n)
			r, err := h.ReadAt(p, off)
			want, wantErr := m.read(n, off)
			if r != len(want) || !bytes.Equal(p[:r], want) || (r < n) != (err != nil) || (wantErr != nil && !errors.Is(err, wantErr)) {
				t.Fatalf("op %d: ReadAt(%d bytes, %d) = %d, %v; want %d, %v (same bytes: %v)",
					i, n, off, r, err, len(want), wantErr, bytes.Equal(p[:min(r, len(want))], want[:min(r, len(want))]))
			}
		default:
			size := int64(rng.IntN(len(m.data) + 1))
			if err := h.Truncate(size); err != nil {
				t.Fatal(err)
			}
			m.truncate(size)
		}
	}
	// The whole file, through every handle.
	for _, h := range hs {
		p := make([]byte, len(m.data)+1)
		r, err := h.ReadAt(p, 0)
		if r != len(m.data) || err != io.EOF || !bytes.Equal(p[:r], m.data) {
			t.Fatalf("the whole file: %d bytes, %v; want %d", r, err, len(m.data))
		}
	}
}

// TestReadWriteModel: writes and reads at odd offsets and lengths, across block
// boundaries and the end of the file, by one handle and by several on the same file,
// against a plain byte slice.
func TestReadWriteModel(t *testing.T) {
	for _, c := range []struct {
		handles, ops, maxOff, maxLen int
	}{
		{1, 3000, 40000, 9000},
		{3, 3000, 40000, 9000},
		{2, 3000, 9000, 300},                            // small writes into few blocks: the kept block, often
		{2, 40, 2 * maxSpan, maxSpan + 3*blockSize + 5}, // calls of more than one span
	} {
		t.Run(fmt.Sprintf("%d handles, %d ops, %d/%d", c.handles, c.ops, c.maxOff, c.maxLen), func(t *testing.T) {
			for seed := range uint64(4) {
				hs := openHandles(t, filepath.Join(t.TempDir(), "f"), c.handles)
				program(t, hs, rand.New(rand.NewPCG(seed, 42)), c.ops, c.maxOff, c.maxLen)
				used := 0
				for _, h := range hs {
					used += h.keptUsed
				}
				if c.maxLen < blockSize && used == 0 {
					t.Errorf("seed %d: the kept block was never used", seed)
				}
			}
		})
	}
}

// TestKeptBlockRewrittenByOther: handle A writes, ending inside a block; handle B rewrites
// that block with other bytes; A then writes a few bytes into it. A must start from B's
// bytes, not from the block it kept: the comparison with the file is what tells them
// apart, and trusting the kept block (trustCacheForTest) loses B's write.
func TestKeptBlockRewrittenByOther(t *testing.T) {
	run := func() error {
		hs := openHandles(t, filepath.Join(t.TempDir(), "f"), 2)
		a, b := hs[0], hs[1]
		var m model
		write := func(h *file, p []byte, off int64) {
			if _, err := h.WriteAt(p, off); err != nil {
				t.Fatal(err)
			}
			m.write(p, off)
		}
		write(a, bytes.Repeat([]byte{'a'}, 5000), 100)  // ends in block 1, kept by A
		write(b, bytes.Repeat([]byte{'b'}, 4000), 4100) // rewrites block 1
		write(a, []byte("A"), 6000)                     // a partial write into block 1
		got := make([]byte, len(m.data))
		if _, err := b.ReadAt(got, 0); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, m.data) {
			return fmt.Errorf("the file reads other bytes than were written (A used its kept block %d times)", a.keptUsed)
		}
		if a.keptUsed != 0 {
			return fmt.Errorf("A used its kept block %d times, though B rewrote it", a.keptUsed)
		}
		return nil
	}
	if err := run(); err != nil {
		t.Fatal(err)
	}
	// The same without the comparison must fail, or the test proves nothing.
	trustCacheForTest = true
	defer func() { trustCacheForTest = false }()
	if err := run(); err == nil {
		t.Fatal("trusting the kept block went unnoticed")
	}
}

// TestKeptBlockUsed: the common case the kept block is for — a WAL frame's header, then
// its page — decrypts nothing that it wrote itself.
func TestKeptBlockUsed(t *testing.T) {
	h := openHandles(t, filepath.Join(t.TempDir(), "f"), 1)[0]
	var m model
	off := int64(32)
	for i := range 10 {
		hdr := bytes.Repeat([]byte{byte(i)}, 24)
		page := bytes.Repeat([]byte{byte(100 + i)}, 16384)
		for _, p := range [][]byte{hdr, page} {
			if _, err := h.WriteAt(p, off); err != nil {
				t.Fatal(err)
			}
			m.write(p, off)
			off += int64(len(p))
		}
	}
	// Each write but the first starts in the block the one before ended in.
	if h.keptUsed != 19 {
		t.Errorf("kept block used %d times, want 19", h.keptUsed)
	}
	got := make([]byte, len(m.data))
	if _, err := h.ReadAt(got, 0); err != nil || !bytes.Equal(got, m.data) {
		t.Fatalf("read back: %v", err)
	}
}

// FuzzReadWrite runs a program of writes, reads and truncations chosen by the fuzzer's
// seed, over two handles.
func FuzzReadWrite(f *testing.F) {
	f.Add(uint64(1), uint16(300), uint16(9000))
	f.Add(uint64(2), uint16(100), uint16(20000))
	f.Fuzz(func(t *testing.T, seed uint64, ops, maxLen uint16) {
		hs := openHandles(t, filepath.Join(t.TempDir(), "f"), 2)
		program(t, hs, rand.New(rand.NewPCG(seed, 7)), int(ops%500), 50000, int(maxLen))
	})
}

// TestPartialTrailingBlock: a block the file holds only in part (a write cut short) reads
// as absent, and a write into it starts from zeros, as in ncruces' VFS.
func TestPartialTrailingBlock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	h := openHandles(t, path, 1)[0]
	data := bytes.Repeat([]byte("0123456789abcdef"), 3*blockSize/16)
	if _, err := h.WriteAt(data, 0); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, 2*blockSize+100); err != nil {
		t.Fatal(err)
	}
	p := make([]byte, 3*blockSize)
	if n, err := h.ReadAt(p, 0); n != 2*blockSize || err != io.EOF || !bytes.Equal(p[:n], data[:n]) {
		t.Fatalf("ReadAt = %d, %v", n, err)
	}
	if n, err := h.ReadAt(p[:20], 2*blockSize+10); n != 0 || err != io.EOF {
		t.Fatalf("ReadAt in the partial block = %d, %v", n, err)
	}
	if _, err := h.WriteAt([]byte("written"), 2*blockSize+50); err != nil {
		t.Fatal(err)
	}
	want := make([]byte, blockSize)
	copy(want[50:], "written")
	if n, err := h.ReadAt(p[:blockSize], 2*blockSize); n != blockSize || err != nil || !bytes.Equal(p[:blockSize], want) {
		t.Fatalf("the rewritten block: %d, %v", n, err)
	}
}
