package pagecrypt

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	osexec "os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ncruces/go-sqlite3"
)

const (
	childDBEnv   = "PAGECRYPT_TEST_CHILD_DB"
	childWrites  = 120
	parentWrites = 120
)

// writeLoop commits n write transactions on c, waiting its turn when another connection
// or process holds the write lock, and now and then restarts or truncates the WAL.
func writeLoop(c *sqlite3.Conn, seed uint64, n int, stop *atomic.Bool) error {
	rng := rand.New(rand.NewPCG(seed, 11))
	for i := 0; i < n; i++ {
		if stop != nil && stop.Load() {
			return errors.New("stopped")
		}
		if err := writeOne(c, rng); err != nil {
			if errors.Is(err, sqlite3.BUSY) {
				i--
				time.Sleep(time.Millisecond)
				continue
			}
			return fmt.Errorf("write %d: %w", i, err)
		}
		// Restart the WAL after each write, so that the other process's next write goes
		// over the frames of this one, and let it have its turn.
		mode := "restart"
		if rng.IntN(4) == 0 {
			mode = "truncate"
		}
		if _, err := queryErr(c, "pragma wal_checkpoint("+mode+")"); err != nil && !errors.Is(err, sqlite3.BUSY) {
			return fmt.Errorf("checkpoint: %w", err)
		}
		time.Sleep(time.Duration(rng.IntN(1000)) * time.Microsecond)
	}
	return nil
}

// TestChildWriter is the other process of TestTwoProcesses.
func TestChildWriter(t *testing.T) {
	path := os.Getenv(childDBEnv)
	if path == "" {
		t.Skip("run by TestTwoProcesses")
	}
	c := openConn(t, Name, path, testHexKey, false)
	exec(t, c, "pragma wal_autocheckpoint=0")
	exec(t, c, "pragma busy_timeout=300")
	if err := writeLoop(c, 1000, childWrites, nil); err != nil {
		t.Fatal(err)
	}
}

// TestTwoProcesses: a writer in another process and one in this one take turns (by
// SQLite's own locks) on one database, restarting and truncating the WAL, while readers
// here check every snapshot. The I/O locks between processes are file locks on the
// WAL-index, and a block a handle kept may have been rewritten by the other process.
func TestTwoProcesses(t *testing.T) {
	if os.Getenv(childDBEnv) != "" {
		t.Skip("in the child")
	}
	path := filepath.Join(t.TempDir(), "p.db")
	newBankDB(t, path)

	child := osexec.Command(os.Args[0], "-test.run=^TestChildWriter$", "-test.count=1", "-test.v")
	child.Env = append(os.Environ(), childDBEnv+"="+path)
	var out safeBuffer
	child.Stdout, child.Stderr = &out, &out
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}

	var (
		stop  atomic.Bool
		wg    sync.WaitGroup
		errs  = make(chan error, 8)
		reads atomic.Int64
	)
	w := openConn(t, Name, path, testHexKey, false)
	exec(t, w, "pragma wal_autocheckpoint=0")
	exec(t, w, "pragma busy_timeout=300")
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := writeLoop(w, 2000, parentWrites, &stop); err != nil {
			errs <- fmt.Errorf("writer: %w", err)
			stop.Store(true)
		}
	}()
	var rwg sync.WaitGroup
	for r := range 2 {
		c := openConn(t, Name, path, testHexKey, false)
		rwg.Add(1)
		go func() {
			defer rwg.Done()
			for !stop.Load() {
				if err := readOne(c); err != nil {
					errs <- fmt.Errorf("reader %d: %w", r, err)
					stop.Store(true)
					return
				}
				reads.Add(1)
				time.Sleep(time.Duration(r*400) * time.Microsecond)
			}
		}()
	}
	childErr := child.Wait()
	wg.Wait()
	stop.Store(true)
	rwg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if childErr != nil {
		t.Fatalf("the other process: %v\n%s", childErr, out.String())
	}
	if t.Failed() {
		return
	}
	c := openConn(t, Name, path, testHexKey, true)
	integrityOK(t, c)
	if err := readOne(c); err != nil {
		t.Fatal(err)
	}
	if got := query(t, c, "select txs from meta"); got[0] != strconv.Itoa(childWrites+parentWrites) {
		t.Errorf("%s transactions, want %d", got[0], childWrites+parentWrites)
	}
	t.Logf("%d read transactions", reads.Load())
}

type safeBuffer struct {
	mu sync.Mutex
	b  []byte
}

func (s *safeBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b = append(s.b, p...)
	return len(p), nil
}

func (s *safeBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return string(s.b)
}
