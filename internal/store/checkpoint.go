package store

import (
	"errors"
	"fmt"
	"sync"

	"github.com/ncruces/go-sqlite3"

	"github.com/tizim/tizim/internal/pipe"
)

// The WAL checkpoints of bulk batches, off the writer (ADR 0418).
//
// A bulk batch on SQLite commits a few thousand WAL frames, and the writer's automatic
// checkpoint then copied them into the database file inside the commit — through Adiantum
// and the checksum layer, a sixth of the writer's time in an import, while the next batch
// waited. During bulk batches the writer's automatic checkpoints are off, and a checkpoint
// connection of its own, run by a goroutine, copies each committed batch with a PASSIVE
// checkpoint while the writer inserts the next one. SQLite allows one checkpointer beside a
// writer: the checkpoint copies only committed frames and never waits for the writer.
//
// The WAL restarts from its start only when a write transaction begins with every frame
// already copied, which a writer that never waits would rarely see; so once the WAL holds
// more than ckptRestartFrames, the next bulk batch waits for the checkpoint of what was
// committed before it, and its commit then writes the WAL from the start again. How many
// frames the WAL holds the writer learns from its own WAL hook after each commit, not from
// the checkpoints: a checkpoint starved of CPU on a busy machine reported a WAL size batches
// old, and the writer went on growing the WAL past the limit (TestBulkCheckpoints failed so,
// under load). The hook also does what wal_autocheckpoint=1000 did outside bulk batches
// (a connection has one WAL hook, and that pragma is one).
//
// Only a connection that computes page checksums may write the database file (ADR 0400): the
// checkpoint connection is opened like the writer, and used only when its checksum layer
// reports that it checks and computes them; otherwise the writer checkpoints as before.

// ckptRestartFrames is how many WAL frames (16 KiB pages) bulk batches may leave in the WAL
// before the next one waits for the checkpoint to catch up, so the WAL starts again: 256 MiB.
var ckptRestartFrames = 16384

// ckptBefore, when set, runs before each checkpoint of the checkpoint connection (tests: a
// checkpoint slowed down as on a busy machine).
var ckptBefore func()

// autoCheckpointFrames is SQLite's default wal_autocheckpoint: outside bulk batches the
// writer's commit checkpoints once the WAL holds this many frames.
const autoCheckpointFrames = 1000

type checkpointer struct {
	open  func() (*sqlite3.Conn, error) // opens the checkpoint connection (set by openSQLite)
	cores *pipe.Cores                   // where checkpoints run: the store's spare cores

	mu        sync.Mutex
	cond      sync.Cond
	conn      *sqlite3.Conn
	off       bool  // the connection could not be used: the writer checkpoints itself
	bulk      bool  // a bulk batch is being written with the checkpoints off the writer
	committed int64 // bulk commits so far
	copied    int64 // bulk commits whose frames a finished checkpoint has copied
	stop      bool
	frames    int   // frames in the WAL after the writer's last commit (walHook)
	err       error // the last checkpoint's error, if any
	done      chan struct{}
}

type walHookFunc = func(db *sqlite3.Conn, schema string, frames int) error

// walHook is the writer's WAL hook, called in each commit with the frames the WAL then
// holds. Outside bulk batches with the checkpoint connection, it checkpoints as SQLite's
// automatic checkpoint does, ignoring the result as SQLite does (a busy checkpoint is
// tried again at the next commit).
func (c *checkpointer) walHook(db *sqlite3.Conn, schema string, frames int) error {
	c.mu.Lock()
	c.frames = frames
	bulk := c.bulk
	c.mu.Unlock()
	if !bulk && frames >= autoCheckpointFrames {
		db.WALCheckpoint(schema, sqlite3.CHECKPOINT_PASSIVE)
	}
	return nil
}

// start opens the checkpoint connection the first time a bulk batch asks for it. It reports
// whether checkpoints run off the writer.
func (c *checkpointer) start() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.off || c.stop || c.open == nil {
		return false
	}
	if c.conn != nil {
		return true
	}
	conn, err := c.open()
	if err != nil {
		c.off = true
		return false
	}
	c.conn = conn
	c.cond.L = &c.mu
	c.done = make(chan struct{})
	go c.loop()
	return true
}

// beforeBulk is called before a bulk batch begins: when the WAL has grown past
// ckptRestartFrames, it waits until every batch committed so far has been checkpointed.
// From here to afterBulk the writer's commits leave checkpoints to the checkpoint
// connection.
func (c *checkpointer) beforeBulk() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conn == nil || c.off {
		return // (off since start: the writer's hook checkpoints this batch)
	}
	c.bulk = true
	if c.frames < ckptRestartFrames {
		return
	}
	for c.copied < c.committed && !c.stop && !c.off && c.conn != nil {
		c.cond.Wait()
	}
}

// afterBulk is called when a bulk batch has ended: committed, its frames are to be copied.
func (c *checkpointer) afterBulk(committed bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.bulk = false
	if c.conn == nil || !committed {
		return
	}
	c.committed++
	c.cond.Broadcast()
}

func (c *checkpointer) loop() {
	defer close(c.done)
	c.mu.Lock()
	for {
		for c.copied == c.committed && !c.stop {
			c.cond.Wait()
		}
		if c.stop {
			c.mu.Unlock()
			return
		}
		target := c.committed
		c.mu.Unlock()
		if ckptBefore != nil {
			ckptBefore()
		}
		// The frame counts are not needed: the writer's hook counts the WAL's frames, and
		// frames a reader's snapshot holds back are copied by the next run.
		// On a spare core (ADR 0424): a checkpoint competing with the writer for a core
		// delayed the writer more than the checkpoint saved it.
		var err error
		c.cores.Do(func() { _, _, err = c.conn.WALCheckpoint("main", sqlite3.CHECKPOINT_PASSIVE) })
		c.mu.Lock()
		c.copied = target
		switch {
		case err == nil:
		case !errors.Is(err, sqlite3.BUSY):
			// This connection cannot copy the WAL (a full disk, a read error): from the
			// next batch on the writer checkpoints in its commits again, so the WAL does
			// not grow for the rest of the import; Close reports the error.
			c.err = fmt.Errorf("copying an import's write-ahead log into the archive file (the writer did it instead from then on): %w", err)
			c.off = true
			c.cond.Broadcast()
			c.mu.Unlock()
			return
		}
		// (BUSY: another checkpoint was running; the next commit tries again)
		c.cond.Broadcast()
	}
}

// close stops the goroutine and closes the connection; the writer, closed after it, copies
// what is left.
func (c *checkpointer) close() error {
	c.mu.Lock()
	conn := c.conn
	c.stop = true
	if conn != nil {
		c.cond.Broadcast()
	}
	c.mu.Unlock()
	if conn == nil {
		return nil
	}
	<-c.done
	c.mu.Lock()
	c.conn = nil
	err := c.err
	c.mu.Unlock()
	return errors.Join(err, conn.Close())
}

// openCheckpointConn opens a connection like the writer's for checkpoints alone, and makes
// sure its checksum layer computes page checksums before it may write the database file.
func openCheckpointConn(uri string, init func(*sqlite3.Conn) error) (*sqlite3.Conn, error) {
	c, err := sqlite3.Open(uri)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*sqlite3.Conn, error) {
		c.Close()
		return nil, err
	}
	if err := init(c); err != nil {
		return fail(err)
	}
	// Reading the schema reads page 1; the checksum layer turns itself on when it reads the
	// file's header (reserve bytes 8).
	if err := c.Exec("select count(*) from sqlite_schema"); err != nil {
		return fail(err)
	}
	st, _, err := c.Prepare("pragma checksum_verification")
	if err != nil {
		return fail(err)
	}
	on := st.Step() && st.ColumnText(0) == "1"
	if err := errors.Join(st.Err(), st.Close()); err != nil {
		return fail(err)
	}
	if !on {
		return fail(fmt.Errorf("checkpoint connection: page checksums are not on"))
	}
	// Checkpoints do not go through the page cache; this connection never needs one.
	if err := c.Exec("pragma cache_size=-1024"); err != nil {
		return fail(err)
	}
	return c, nil
}
