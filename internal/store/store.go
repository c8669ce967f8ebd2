// Package store keeps the archive's records in SQL: an encrypted SQLite file by default,
// PostgreSQL when configured. The SQL is written once on database/sql; a small dialect
// covers what differs (placeholders, integrity checks, migrations).
//
// The store seals every record's confidential part before it reaches the database and
// appends audit entries in the caller's transaction. It does not check permissions or
// decide what is public: that is the archive's and package access's work.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tizim/tizim/internal/crypt"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/pipe"
)

//go:embed migrations
var migrations embed.FS

// Config says which database to open.
type Config struct {
	// SQLitePath is the database file of the embedded default; used when PostgresURL is empty.
	SQLitePath string
	// PostgresURL is a postgres:// URL.
	PostgresURL string
	// Keys unlock the SQLite file and seal confidential fields; required.
	Keys *crypt.Keyring
	// Now gives the time; time.Now when nil. Tests make it deterministic.
	Now func() time.Time
	// CheckpointEvery is how many audit entries pass between signed checkpoints (default 256).
	CheckpointEvery int64
}

// Store is an open archive database.
type Store struct {
	w, r    *sql.DB // one writer; a reader pool (the same pool on PostgreSQL)
	d       dialect
	keys    *crypt.Keyring
	now     func() time.Time
	ckEvery int64
	stmts   stmtCache    // SQLite's prepared statements (stmtcache.go)
	ckpt    checkpointer // SQLite: bulk batches' WAL checkpoints off the writer (checkpoint.go)
	spare   *pipe.Cores  // SQLite: the cores left to the work that feeds the writer (SpareCores)
	commits atomic.Int64 // write transactions ended with a commit (Tx.Commits)
}

// Open opens (and if needed creates and migrates) the database.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if cfg.Keys == nil {
		return nil, errors.New("store: no keys")
	}
	s := &Store{keys: cfg.Keys, now: cfg.Now, ckEvery: cfg.CheckpointEvery}
	if s.now == nil {
		s.now = time.Now
	}
	if s.ckEvery <= 0 {
		s.ckEvery = 256
	}
	var err error
	if cfg.PostgresURL != "" {
		s.d = postgres{}
		s.w, s.r, err = openPostgres(cfg.PostgresURL)
	} else {
		s.d = sqlite{}
		s.spare = pipe.NewCores(runtime.GOMAXPROCS(0) - 1)
		s.ckpt.cores = s.spare
		// A new writer connection has a data version of its own (Tx.DataVersion): it counts
		// as a commit, so that an import's knowledge read on the one before ends (ADR 0425).
		s.w, s.r, s.ckpt.open, err = openSQLite(cfg.SQLitePath, cfg.Keys.DatabaseKeyHex(), s.ckpt.walHook, func() { s.commits.Add(1) })
	}
	if err != nil {
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if s.d.name() == "sqlite" {
		s.stmts.start(s.d)
	}
	return s, nil
}

// Engine names the database engine: "sqlite" or "postgres".
func (s *Store) Engine() string { return s.d.name() }

// Close closes the database.
func (s *Store) Close() error {
	// Readers close first: the last connection to close checkpoints the WAL into the file,
	// and only the writer has the page checksums turned on, so a reader closing last would
	// write pages whose checksums no longer match (found by the import tests).
	// The checkpoint connection (checkpoint.go) closes before the writer too.
	s.stmts.close()
	var err error
	if s.r != s.w {
		err = s.r.Close()
	}
	err = errors.Join(err, s.ckpt.close())
	return errors.Join(err, s.w.Close())
}

// SpareCores is what the work feeding bulk writes may compute on (ADR 0424): on SQLite, all
// cores but one, which the single writer then always finds free — the store's own feeding
// work (Prepare, the checkpoints of bulk batches) runs on them, and an import converting rows
// for the store should too; on PostgreSQL, whose writing is the server's, nil: no bound.
func (s *Store) SpareCores() *pipe.Cores { return s.spare }

// Keys returns the keyring the store seals with.
func (s *Store) Keys() *crypt.Keyring { return s.keys }

// Now returns the store's clock reading.
func (s *Store) Now() time.Time { return s.now() }

func (s *Store) migrate(ctx context.Context) error {
	dir := "migrations/" + s.d.name()
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return err
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	if _, err := s.w.ExecContext(ctx, `create table if not exists schema_migrations (name text primary key, applied_at bigint not null)`); err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	// An archive a newer tizim has migrated may hold what this one would write wrongly (a
	// person's hometown as a link after migration 0010, with no column for it): refuse it.
	known := map[string]bool{}
	for _, e := range entries {
		known[e.Name()] = true
	}
	rows, err := s.w.QueryContext(ctx, `select name from schema_migrations order by name`)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	var unknown []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return err
		}
		if !known[name] {
			unknown = append(unknown, name)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(unknown) > 0 {
		return fmt.Errorf("this archive was changed by a newer tizim (schema steps %s, unknown to this one): open it with that version", strings.Join(unknown, ", "))
	}
	for _, e := range entries {
		name := e.Name()
		if migrateBefore != "" && name >= migrateBefore {
			break
		}
		var n int
		if err := s.w.QueryRowContext(ctx, s.d.rebind(`select count(*) from schema_migrations where name = $1`), name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			continue
		}
		body, _ := migrations.ReadFile(dir + "/" + name)
		tx, err := s.w.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		for _, stmt := range splitSQL(string(body)) {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				tx.Rollback()
				return fmt.Errorf("migration %s: %w", name, err)
			}
		}
		if _, err := tx.ExecContext(ctx, s.d.rebind(`insert into schema_migrations (name, applied_at) values ($1, $2)`), name, s.now().UnixMicro()); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

// migrateBefore, when set (by tests only), stops the migrations before the first whose name
// is not less: a test makes an archive as an older tizim made it.
var migrateBefore string

// splitSQL splits a migration file on semicolons at line ends; migrations hold no
// procedural code, so this is enough.
func splitSQL(body string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(body, "\n") {
		if t := strings.TrimSpace(line); t == "" || strings.HasPrefix(t, "--") {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.HasSuffix(strings.TrimSpace(line), ";") {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	if strings.TrimSpace(cur.String()) != "" {
		out = append(out, cur.String())
	}
	return out
}

// Tx is a transaction on the archive.
type Tx struct {
	s       *Store
	db      *sql.DB // the handle the transaction was begun on
	tx      *sql.Tx
	conn    *sql.Conn            // the transaction's connection, for PostgreSQL COPY (write transactions on PostgreSQL only)
	prep    *Prepared            // search rows computed before the transaction (PutPrepared)
	kept    map[model.ID]bool    // records whose links, blind terms and text stay as stored (UpdateBatch)
	stmts   map[string]*sql.Stmt // this transaction's handles on cached statements (stmtcache.go)
	stmtsMu sync.Mutex

	// WriteBulkInTurn (ADR 0417): turn waits until the transaction before this one has
	// committed; afterTurn are writes held back until then (a batch's name index rows).
	turn      func() error
	turnTaken bool
	turnErr   error
	afterTurn []func(context.Context) error
}

// TakeTurn, in a transaction begun by WriteBulkInTurn, waits until the transaction before it
// has committed and then writes what was held back for that moment; elsewhere it does
// nothing. Everything that takes a lock other writers take too — the counters, the audit
// head and checkpoints, an import's progress row, a stored record being updated — takes the
// turn first by itself, and the transaction takes it before it commits, so transactions
// begun in turn commit in turn. It can be called any number of times.
func (t *Tx) TakeTurn(ctx context.Context) error {
	if t.turn == nil || t.turnTaken {
		return t.turnErr
	}
	t.turnTaken = true
	if t.turnErr = t.turn(); t.turnErr != nil {
		return t.turnErr
	}
	for _, f := range t.afterTurn {
		if t.turnErr = f(ctx); t.turnErr != nil {
			return t.turnErr
		}
	}
	t.afterTurn = nil
	return nil
}

// whenTurn runs f now, or in a transaction that has not yet taken its turn, when it does.
func (t *Tx) whenTurn(ctx context.Context, f func(context.Context) error) error {
	if t.turnErr != nil {
		return t.turnErr
	}
	if t.turn == nil || t.turnTaken {
		return f(ctx)
	}
	t.afterTurn = append(t.afterTurn, f)
	return nil
}

func (t *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if st := t.stmt(ctx, q, len(args), true); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, t.s.d.rebind(q), args...)
}

func (t *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if queryHook != nil {
		queryHook(t.s.d.rebind(q), args)
	}
	return t.tx.QueryContext(ctx, t.s.d.rebind(q), args...)
}

// queryHook, when set (by tests only), sees every query run through Tx.query.
var queryHook func(q string, args []any)

func (t *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if st := t.stmt(ctx, q, len(args), false); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, t.s.d.rebind(q), args...)
}

// Store returns the store the transaction belongs to.
func (t *Tx) Store() *Store { return t.s }

// Write runs fn in a write transaction and commits it when fn returns nil.
func (s *Store) Write(ctx context.Context, fn func(*Tx) error) error {
	return s.run(ctx, s.w, false, false, nil, fn)
}

// WriteBulk is Write for one batch of a bulk import: its commit does not wait for the disk
// (SQLite synchronous=normal, PostgreSQL synchronous_commit off). A power failure can lose
// the last such batches whole — never part of one, and never after a later Write, whose
// commit waits for the disk and so makes every earlier batch durable too. An import resumes
// after the last batch that survived and ends with such a Write (ADR 0412).
func (s *Store) WriteBulk(ctx context.Context, fn func(*Tx) error) error {
	return s.run(ctx, s.w, false, true, nil, fn)
}

// WriteBulkInTurn is WriteBulk for a pipeline of batches on PostgreSQL, where the next
// batch's transaction starts before this one has committed (ADR 0417). turn must return
// once the transaction before has committed, or an error if it failed; the transaction
// writes its new records and most derived rows before that, on its own connection, and
// everything that takes a lock shared with other writers after (TakeTurn). The caller
// promises that transactions in flight together write disjoint records: no record, and no
// unique key, in two of them. (A lock wait between them still ends: lock_timeout.)
// On SQLite, with its single writer, turn is called before the transaction begins.
func (s *Store) WriteBulkInTurn(ctx context.Context, turn func() error, fn func(*Tx) error) error {
	if s.d.name() != "postgres" {
		if err := turn(); err != nil {
			return err
		}
		return s.WriteBulk(ctx, fn)
	}
	return s.run(ctx, s.w, false, true, turn, fn)
}

// Read runs fn in a read-only transaction.
func (s *Store) Read(ctx context.Context, fn func(*Tx) error) error {
	return s.run(ctx, s.r, true, false, nil, fn)
}

func (s *Store) run(ctx context.Context, db *sql.DB, ro, bulk bool, turn func() error, fn func(*Tx) error) (err error) {
	pg := s.d.name() == "postgres"
	var conn *sql.Conn
	if !ro && (pg || bulk) {
		// A write transaction on PostgreSQL holds its connection, so that bulk writes can
		// send COPY on it inside the transaction (copy.go); a bulk one on SQLite sets its
		// connection's sync mode around the transaction.
		c, err := db.Conn(ctx)
		if err != nil {
			return err
		}
		defer c.Close()
		conn = c
	}
	if bulk && !pg {
		// With the checkpoint connection, the writer leaves the batch's checkpoint to it
		// (checkpoint.go): no automatic checkpoint in the commit.
		set, reset := `pragma synchronous=normal`, `pragma synchronous=full`
		if s.ckpt.start() {
			s.ckpt.beforeBulk()
			defer func() { s.ckpt.afterBulk(err == nil) }()
		}
		defer func() {
			if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), reset); rerr != nil {
				// A writer left without full syncs must not be used again.
				conn.Raw(func(any) error { return driver.ErrBadConn })
				err = errors.Join(err, rerr)
			}
		}()
		if _, err := conn.ExecContext(ctx, set); err != nil {
			return err
		}
	}
	var tx *sql.Tx
	if conn != nil {
		tx, err = conn.BeginTx(ctx, nil)
	} else {
		tx, err = db.BeginTx(ctx, &sql.TxOptions{ReadOnly: ro && pg})
	}
	if err != nil {
		return err
	}
	if bulk && pg {
		set := `set local synchronous_commit = off`
		if turn != nil {
			// Transactions in turn write disjoint rows, so none should wait for another's
			// lock; if one ever did while the other waits for its turn, the wait ends here.
			set += `; set local lock_timeout = '60s'`
		}
		if _, err := tx.ExecContext(ctx, set); err != nil {
			tx.Rollback()
			return err
		}
	}
	t := &Tx{s: s, db: db, tx: tx, conn: pgConn(pg, conn), turn: turn}
	if err := fn(t); err != nil {
		tx.Rollback()
		return err
	}
	if err := t.TakeTurn(ctx); err != nil {
		tx.Rollback()
		return err
	}
	if !ro {
		// Counted before the commit, while the transaction still holds the writer's
		// connection: once committed, the connection goes back to the pool and the next
		// write may begin at once (ADR 0425). Whether or not it takes, the count moves.
		s.commits.Add(1)
	}
	return tx.Commit()
}

// Commits is how many write transactions the store has ended with a commit so far (this one
// not counted), and how many writer connections it has opened. On SQLite every write runs on
// the one writer connection, so inside a write transaction the number cannot move: an
// import compares it with the one it expects to learn whether another write of this process
// came between two of its batches (SQLite's data version, DataVersion, tells the same of
// other connections, as long as the writer's connection is the same one).
func (t *Tx) Commits() int64 { return t.s.commits.Load() }

// pgConn is the connection a transaction may send COPY on: PostgreSQL's only.
func pgConn(pg bool, c *sql.Conn) *sql.Conn {
	if pg {
		return c
	}
	return nil
}
