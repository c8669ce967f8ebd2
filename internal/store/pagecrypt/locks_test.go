package pagecrypt

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ncruces/go-sqlite3/vfs"
)

// lockTable is the I/O locks of one WAL-index, for handleShm.
type lockTable struct {
	locks [ioStripes]sync.RWMutex
	off   bool // take no lock: what the test must catch
}

// handleShm is one connection's view of a WAL-index that only has I/O locks, and checks
// that the handle keeps the contract: ids below ioStripes, each held once, taken in
// ascending order, all released by the end of each call.
type handleShm struct {
	vfs.SharedMemory // nil: only IOLock is called
	table            *lockTable
	held             []int64
	levels           []vfs.LockLevel
	errs             []string
}

func (s *handleShm) IOLock(level vfs.LockLevel, id int64) error {
	if id < 0 || id >= ioStripes {
		s.errs = append(s.errs, fmt.Sprintf("id %d", id))
		return nil
	}
	if level == vfs.LOCK_NONE {
		i := slices.Index(s.held, id)
		if i < 0 {
			s.errs = append(s.errs, fmt.Sprintf("%d released, not held", id))
			return nil
		}
		if !s.table.off {
			if s.levels[i] == vfs.LOCK_SHARED {
				s.table.locks[id].RUnlock()
			} else {
				s.table.locks[id].Unlock()
			}
		}
		s.held = slices.Delete(s.held, i, i+1)
		s.levels = slices.Delete(s.levels, i, i+1)
		return nil
	}
	if len(s.held) > 0 && s.held[len(s.held)-1] >= id {
		s.errs = append(s.errs, fmt.Sprintf("%d taken while holding %v", id, s.held))
	}
	if !s.table.off {
		if level == vfs.LOCK_SHARED {
			s.table.locks[id].RLock()
		} else {
			s.table.locks[id].Lock()
		}
	}
	s.held = append(s.held, id)
	s.levels = append(s.levels, level)
	return nil
}

func (s *handleShm) check(t testing.TB) {
	t.Helper()
	if len(s.held) != 0 || len(s.errs) != 0 {
		t.Fatalf("I/O locks: held %v after the call; %v", s.held, s.errs)
	}
}

// TestPartialBlockLocks: a reader reads a range whose last block it shares with the range
// a writer rewrites, over and over. The reader's bytes never change, but the writer
// re-encrypts the shared block each time; without the I/O locks a read can catch the block
// half written and decrypt noise.
func TestPartialBlockLocks(t *testing.T) {
	run := func(table *lockTable, d time.Duration) (torn int64, reads int64) {
		hs := openHandles(t, filepath.Join(t.TempDir(), "f"), 2)
		w, r := hs[0], hs[1]
		ws, rs := &handleShm{table: table}, &handleShm{table: table}
		w.shm, r.shm = ws, rs
		fixed := bytes.Repeat([]byte("fixed "), 1200)[:7000] // ends in block 1
		if _, err := w.WriteAt(fixed, 0); err != nil {
			t.Fatal(err)
		}
		var stop atomic.Bool
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := make([]byte, 9000) // from inside block 1 to inside block 3
			for i := 0; !stop.Load(); i++ {
				for j := range p {
					p[j] = byte(i + j)
				}
				if _, err := w.WriteAt(p, int64(len(fixed))); err != nil {
					t.Error(err)
					return
				}
				ws.check(t)
			}
		}()
		got := make([]byte, len(fixed))
		for deadline := time.Now().Add(d); time.Now().Before(deadline); reads++ {
			if _, err := r.ReadAt(got, 0); err != nil {
				t.Fatal(err)
			}
			rs.check(t)
			if !bytes.Equal(got, fixed) {
				if torn++; table.off {
					break
				}
			}
		}
		stop.Store(true)
		wg.Wait()
		return torn, reads
	}
	if torn, reads := run(&lockTable{}, time.Second); torn != 0 {
		t.Fatalf("%d of %d reads saw a block half written", torn, reads)
	} else {
		t.Logf("%d reads", reads)
	}
	// Without the locks the same reads must go wrong, or the test proves nothing. How soon
	// depends on the machine; give it up to ten seconds.
	torn, reads := run(&lockTable{off: true}, 10*time.Second)
	t.Logf("without locks: a read saw a block half written after %d good ones", reads)
	if torn == 0 {
		t.Skip("could not show a torn read without the locks on this machine")
	}
}
