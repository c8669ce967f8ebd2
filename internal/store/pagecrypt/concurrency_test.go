package pagecrypt

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ncruces/go-sqlite3"
)

// blobOf is the content row id of table log must have: readers check it.
func blobOf(id int64) []byte {
	n := 200 + int(id*7919%5000)
	return bytes.Repeat([]byte{byte(id), byte(id >> 8), 0x5a}, n)[:n]
}

// TestConcurrentWritersReaders: two writer connections taking turns and three readers, in
// WAL mode, with the WAL restarted and truncated between writes. Every transaction moves
// amounts between accounts (the total never changes), appends to a log and counts it;
// every read transaction checks the total, the count and the newest log rows. The partial
// blocks of WAL frames are where the writers' and readers' I/O meets.
func TestConcurrentWritersReaders(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	newBankDB(t, path)

	const writes = 150 // per writer
	var (
		wg       sync.WaitGroup
		done     atomic.Bool
		reads    atomic.Int64
		ckpts    atomic.Int64
		failures = make(chan error, 16)
		fail     = func(err error) {
			select {
			case failures <- err:
			default:
			}
			done.Store(true)
		}
		turn sync.Mutex // the writers take turns: one commits, checkpoints, then the other
	)
	for w := range 2 {
		c := openConn(t, Name, path, testHexKey, true)
		exec(t, c, "pragma wal_autocheckpoint=0")
		// A RESTART or TRUNCATE checkpoint waits until no reader is on the WAL; with readers
		// always busy it may give up (and is counted only when complete).
		exec(t, c, "pragma busy_timeout=300")
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 9))
			for i := 0; i < writes && !done.Load(); i++ {
				turn.Lock()
				err := writeOne(c, rng)
				if err == nil && i%3 == w%3 {
					mode := "restart"
					if rng.IntN(2) == 0 {
						mode = "truncate"
					}
					var rows []string
					rows, err = queryErr(c, "pragma wal_checkpoint("+mode+")")
					if err == nil && len(rows) == 1 && rows[0][0] == '0' {
						ckpts.Add(1)
					}
				}
				turn.Unlock()
				if err != nil {
					fail(fmt.Errorf("writer %d, write %d: %w", w, i, err))
					return
				}
			}
		}()
	}
	var writersDone sync.WaitGroup
	writersDone.Add(1)
	go func() { wg.Wait(); writersDone.Done() }()

	var rwg sync.WaitGroup
	for r := range 3 {
		c := openConn(t, Name, path, testHexKey, false)
		rwg.Add(1)
		go func() {
			defer rwg.Done()
			for !done.Load() {
				if err := readOne(c); err != nil {
					fail(fmt.Errorf("reader %d: %w", r, err))
					return
				}
				reads.Add(1)
				// Pauses between read transactions let the WAL restart now and then.
				time.Sleep(time.Duration(r*300) * time.Microsecond)
			}
		}()
	}
	writersDone.Wait()
	done.Store(true)
	rwg.Wait()
	close(failures)
	for err := range failures {
		t.Error(err)
	}
	if t.Failed() {
		return
	}

	c := openConn(t, Name, path, testHexKey, true)
	integrityOK(t, c)
	if err := readOne(c); err != nil {
		t.Fatal(err)
	}
	if got := query(t, c, "select txs from meta"); got[0] != strconv.Itoa(2*writes) {
		t.Errorf("%s transactions counted, want %d", got[0], 2*writes)
	}
	t.Logf("%d read transactions, %d complete checkpoints", reads.Load(), ckpts.Load())
	if reads.Load() < 50 || ckpts.Load() < 10 {
		t.Errorf("too little concurrency to mean anything: %d reads, %d checkpoints", reads.Load(), ckpts.Load())
	}
}

// newBankDB makes the database of the concurrency tests: 200 accounts of 100, a log whose
// rows are counted in meta.n, and meta.txs counting the write transactions.
func newBankDB(t testing.TB, path string) {
	setup := openConn(t, Name, path, testHexKey, true)
	exec(t, setup, "create table acct(id integer primary key, bal integer not null)")
	exec(t, setup, "create table log(id integer primary key, data blob not null)")
	exec(t, setup, "create table meta(n integer not null, txs integer not null)")
	exec(t, setup, "insert into meta values (0, 0)")
	exec(t, setup, "begin")
	for i := range 200 {
		exec(t, setup, "insert into acct values (?, 100)", i)
	}
	exec(t, setup, "commit")
	setup.Close()
}

func writeOne(c *sqlite3.Conn, rng *rand.Rand) (err error) {
	if err := c.Exec("begin immediate"); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			c.Exec("rollback")
		}
	}()
	for range 1 + rng.IntN(20) {
		a, b, amt := rng.IntN(200), rng.IntN(200), rng.IntN(50)
		if err := execErr(c, "update acct set bal = bal - ? where id = ?", amt, a); err != nil {
			return err
		}
		if err := execErr(c, "update acct set bal = bal + ? where id = ?", amt, b); err != nil {
			return err
		}
	}
	for range 1 + rng.IntN(4) {
		if err := c.Exec("insert into log(data) values (zeroblob(0))"); err != nil {
			return err
		}
		id := c.LastInsertRowID()
		if err := execErr(c, "update log set data = ? where id = ?", blobOf(id), id); err != nil {
			return err
		}
		if err := c.Exec("update meta set n = n + 1"); err != nil {
			return err
		}
	}
	if rng.IntN(5) == 0 { // now and then, free pages and reuse them
		if err := c.Exec("delete from log where id in (select id from log order by random() limit 2)"); err != nil {
			return err
		}
		if err := c.Exec("update meta set n = (select count(*) from log)"); err != nil {
			return err
		}
	}
	if err := c.Exec("update meta set txs = txs + 1"); err != nil {
		return err
	}
	return c.Exec("commit")
}

func readOne(c *sqlite3.Conn) (err error) {
	if err := c.Exec("begin"); err != nil {
		return err
	}
	defer func() {
		if e := c.Exec("commit"); err == nil {
			err = e
		}
	}()
	rows, err := queryErr(c, "select (select sum(bal) from acct), (select count(*) from log), (select n from meta)")
	if err != nil {
		return err
	}
	want := fmt.Sprintf("%d|", 200*100)
	var count, n int
	if _, err := fmt.Sscanf(rows[0][len(want):], "%d|%d", &count, &n); err != nil || rows[0][:len(want)] != want || count != n {
		return fmt.Errorf("inconsistent snapshot: sum|count|n = %s", rows[0])
	}
	st, _, err := c.Prepare("select id, data from log order by id desc limit 20")
	if err != nil {
		return err
	}
	defer st.Close()
	for st.Step() {
		id := st.ColumnInt64(0)
		if got := st.ColumnRawBlob(1); !bytes.Equal(got, blobOf(id)) && len(got) != 0 {
			return fmt.Errorf("log row %d: %d bytes, not its content", id, len(got))
		}
	}
	return st.Err()
}

// TestKeptBlockAfterWALRestart: connection A commits one page (its WAL handle keeps the
// block its frame ends in); the WAL is checkpointed; connection B's commit restarts the WAL
// and writes its frame over A's, same offsets, other bytes; A then commits again, and its
// frame's header starts in that block. A must build it on B's bytes. Trusting the kept
// block (trustCacheForTest) puts A's old bytes back into B's frame, and reading the page of
// B's frame fails its checksum.
func TestKeptBlockAfterWALRestart(t *testing.T) {
	run := func() error {
		path := filepath.Join(t.TempDir(), "r.db")
		a := openConn(t, Name, path, testHexKey, true)
		exec(t, a, "create table ta(x)")
		exec(t, a, "create table tb(x)")
		exec(t, a, "insert into ta values (zeroblob(10000))")
		exec(t, a, "insert into tb values (zeroblob(10000))")
		b := openConn(t, Name, path, testHexKey, true)
		for _, c := range []*sqlite3.Conn{a, b} {
			exec(t, c, "pragma wal_autocheckpoint=0")
		}
		query(t, a, "pragma wal_checkpoint(truncate)")

		exec(t, a, "update ta set x = ?", bytes.Repeat([]byte{'a'}, 10000))
		query(t, a, "pragma wal_checkpoint(passive)")
		exec(t, b, "update tb set x = ?", bytes.Repeat([]byte{'b'}, 10000)) // restarts the WAL
		exec(t, a, "update ta set x = ?", bytes.Repeat([]byte{'A'}, 10000))

		c := openConn(t, Name, path, testHexKey, true)
		for q, want := range map[string][]byte{"select x from ta": bytes.Repeat([]byte{'A'}, 10000), "select x from tb": bytes.Repeat([]byte{'b'}, 10000)} {
			rows, err := queryErr(c, "select hex(x) from ("+q+")")
			if err != nil {
				return fmt.Errorf("%s: %w", q, err)
			}
			if rows[0] != fmt.Sprintf("%X", want) {
				return fmt.Errorf("%s: other bytes", q)
			}
		}
		rows, err := queryErr(c, "pragma integrity_check")
		if err != nil {
			return err
		}
		if rows[0] != "ok" {
			return errors.New(rows[0])
		}
		return nil
	}
	if err := run(); err != nil {
		t.Fatal(err)
	}
	trustCacheForTest = true
	defer func() { trustCacheForTest = false }()
	if err := run(); err == nil {
		t.Fatal("trusting the kept block went unnoticed")
	} else {
		t.Logf("trusting the kept block: %v", err)
	}
}
