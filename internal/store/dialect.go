package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/stdlib"
	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/driver"
	"github.com/ncruces/go-sqlite3/ext/fts5"

	"github.com/tizim/tizim/internal/store/pagecrypt"
)

// dialect is what differs between the engines.
type dialect interface {
	name() string
	// rebind turns the shared $N placeholders into the engine's own.
	rebind(q string) string
	// integrity checks the database's physical structure and returns the problems found.
	integrity(ctx context.Context, db *sql.DB) ([]string, error)
}

type sqlite struct{}

func (sqlite) name() string { return "sqlite" }

// rebind rewrites $N to ?N: ncruces/go-sqlite3 fills $N placeholders in order of
// appearance rather than by number, while ?N binds by number (DESIGN.md, known traps).
func (sqlite) rebind(q string) string {
	if !strings.Contains(q, "$") {
		return q
	}
	b := []byte(q)
	for i := 0; i+1 < len(b); i++ {
		if b[i] == '$' && b[i+1] >= '0' && b[i+1] <= '9' {
			b[i] = '?'
		}
	}
	return string(b)
}

func (sqlite) integrity(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `pragma integrity_check`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		if s != "ok" {
			out = append(out, s)
		}
	}
	return out, rows.Err()
}

// openSQLite opens the encrypted database file with one writer connection and a pool of
// readers. Every connection has the key in its URI (ADR 0419): the checksum layer turns
// itself on when it sees the file's header, and only a connection that can decrypt the
// header when SQLite first reads it sees it then. One keyed by PRAGMA turned checksums on
// only when it later read or wrote page 1 in the file — after a crash with page 1 in the
// WAL, not until a checkpoint wrote it, and until then it neither verified the pages it read
// nor computed checksums for the pages it checkpointed. The URIs are built here and given
// only to the driver; no error this function returns contains one (sqliteOpenErr;
// TestSQLiteKeyNotInErrors). A connection opened later (database/sql opens readers as
// needed) reports what SQLite reports, which names the file's path, never its URI.
//
// A new file gets 16 KiB pages. A WAL frame is a page plus a 24-byte header, so it never lines
// up with Adiantum's 4 KiB blocks, and the VFS re-reads, decrypts and locks the partial block
// at each end of every frame it writes; bigger pages mean fewer frames, and a bulk import's
// commits cost half as much (ADR 0412). The page size is encrypted in the file's header, and
// the checksum layer checks the first page at the size it is told before SQLite can read the
// header, so a connection must state the file's page size before it reads: files made before
// 16 KiB pages have 4 KiB ones, and open at the second try.
//
// ckpt opens, on demand, the connection that checkpoints bulk batches off the writer;
// walHook is the writer's WAL hook (checkpoint.go).
func openSQLite(path, hexKey string, walHook walHookFunc, opened func()) (w, r *sql.DB, ckpt func() (*sqlite3.Conn, error), err error) {
	if w, r, ckpt, err = openSQLitePages(path, hexKey, 16384, walHook, opened); err == nil {
		return w, r, ckpt, nil
	}
	// Reading stops at the first page, before anything is written, so the second try finds
	// the file as it was.
	return openSQLitePages(path, hexKey, 4096, walHook, opened)
}

func openSQLitePages(path, hexKey string, pageSize int, walHook walHookFunc, opened func()) (w, r *sql.DB, ckpt func() (*sqlite3.Conn, error), err error) {
	init := func(c *sqlite3.Conn) error {
		for _, p := range []string{
			"pragma page_size=" + itoa(pageSize),
			"pragma busy_timeout=10000",
			"pragma journal_mode=wal",
			"pragma synchronous=full",
			"pragma foreign_keys=on",
			"pragma secure_delete=on",
			"pragma temp_store=memory",
		} {
			if err := c.Exec(p); err != nil {
				return fmt.Errorf("opening the archive database: %w", err)
			}
		}
		return fts5.Register(c) // the full-text index (ADR 0500)
	}
	// uri is the file's URI with the key, for the driver alone (see above).
	uri := func(txlock string) string {
		q := url.Values{"vfs": {pagecrypt.Name}, "hexkey": {hexKey}}
		if txlock != "" {
			q.Set("_txlock", txlock)
		}
		return (&url.URL{Scheme: "file", OmitHost: true, Path: path, RawQuery: q.Encode()}).String()
	}
	// The writer also turns on SQLite's per-page checksums (reserve bytes; a one-time VACUUM
	// when the file is new), so a changed byte anywhere in a page is caught when it is read,
	// not only where integrity_check happens to look.
	winit := func(c *sqlite3.Conn) error {
		if err := init(c); err != nil {
			return err
		}
		// New files keep SQLite's default, auto_vacuum=none (ADR 0421): auto_vacuum=full
		// (ADR 0002) kept no free pages, so that integrity_check read every page of the file,
		// and cost ~6 % of an import in pointer-map upkeep. Free pages hold zeros
		// (secure_delete, above) and SQLite never reads them, so a changed byte there changes
		// nothing the archive says; every page SQLite reads is checked
		// (TestSQLiteCorruptionDetected). Files made before keep auto_vacuum=full: the mode is
		// in the file's header, and nothing here asks for another (only a VACUUM after such a
		// pragma would change it). Both modes work (TestSQLiteAutoVacuumModes).
		if autoVacuumFullForTest {
			if err := c.Exec("pragma auto_vacuum=full"); err != nil {
				return err
			}
		}
		// A page cache of up to 128 MiB for the writer (SQLite's default is 2 MiB): a bulk
		// import touches the index pages of a million rows, and with a small cache each
		// transaction spilled and re-read (decrypted) them (ADR 0412). Pages are allocated as
		// they are used, so a writer that writes little uses little.
		if err := c.Exec("pragma cache_size=-131072"); err != nil {
			return err
		}
		if err := c.EnableChecksums("main"); err != nil {
			return fmt.Errorf("enabling page checksums: %w", err)
		}
		// The hook takes over from wal_autocheckpoint (SQLite has one WAL hook a connection).
		c.WALHook(walHook)
		if opened != nil {
			opened()
		}
		return nil
	}
	if w, err = driver.Open(uri("immediate"), winit); err != nil {
		return nil, nil, nil, sqliteOpenErr(err, hexKey)
	}
	w.SetMaxOpenConns(1)
	if err := w.Ping(); err != nil {
		w.Close()
		return nil, nil, nil, fmt.Errorf("opening %s: %w (wrong key, or not a tizim database)", path, sqliteOpenErr(err, hexKey))
	}
	// Readers never write the database file: only the writer (which keeps page checksums)
	// checkpoints the WAL, also when a reader happens to be the last connection to close.
	rinit := func(c *sqlite3.Conn) error {
		if err := init(c); err != nil {
			return err
		}
		// A page cache of up to 32 MiB per reader (SQLite's default is 2 MiB): every page
		// read from the file is decrypted, and at a million persons the interior pages of
		// the records' and persons' indexes alone outgrow 2 MiB, so each public request
		// read and decrypted them again (ADR 0501, update of 2026-11-29).
		if err := c.Exec("pragma cache_size=-32768"); err != nil {
			return err
		}
		_, err := c.Config(sqlite3.DBCONFIG_NO_CKPT_ON_CLOSE, true)
		return err
	}
	if r, err = driver.Open(uri("deferred"), rinit); err != nil {
		w.Close()
		return nil, nil, nil, sqliteOpenErr(err, hexKey)
	}
	r.SetMaxOpenConns(4)
	// Keep every reader open when idle (database/sql keeps two by default): a reader closed
	// after a burst loses its page cache and the next one pays the key, the pragmas and the
	// first reads again — under concurrent public requests, on most requests.
	r.SetMaxIdleConns(4)
	// The checkpoint connection (checkpoint.go) is opened like the others.
	ckpt = func() (*sqlite3.Conn, error) {
		c, err := openCheckpointConn(uri(""), init)
		return c, sqliteOpenErr(err, hexKey)
	}
	return w, r, ckpt, nil
}

// autoVacuumFullForTest, when set (by tests only), makes new files with auto_vacuum=full,
// as tizim made them before ADR 0421.
var autoVacuumFullForTest bool

// sqliteOpenErr is err with nothing of the key in its text: the driver's own errors (a URI
// it cannot parse) may quote the URI, which holds the key. SQLite's do not; this guards
// against a future one that would.
func sqliteOpenErr(err error, hexKey string) error {
	if err == nil {
		return nil
	}
	if msg := strings.ToLower(err.Error()); !strings.Contains(msg, strings.ToLower(hexKey)) && !strings.Contains(msg, "hexkey") {
		return err
	}
	return errors.New("opening the archive database: the driver's error quoted its file name (hidden: it holds the key)")
}

type postgres struct{}

func (postgres) name() string { return "postgres" }

func (postgres) rebind(q string) string { return q }

func (postgres) integrity(ctx context.Context, db *sql.DB) ([]string, error) {
	// PostgreSQL checks its own pages (data checksums, WAL); we check we can read every
	// table, which catches missing relations and unreadable storage.
	var out []string
	for _, t := range []string{"records", "versions", "links", "persons", "blind_terms", "audit", "audit_head",
		"audit_checkpoints", "users", "sessions", "settings", "import_runs", "review_queue", "merges",
		"evidence_files", "evidence_pending", "name_docs", "text_docs", "counters"} {
		var n int64
		if err := db.QueryRowContext(ctx, "select count(*) from "+t).Scan(&n); err != nil {
			out = append(out, t+": "+err.Error())
		}
	}
	return out, nil
}

func openPostgres(url string) (w, r *sql.DB, err error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, nil, err
	}
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(16) // not two: a connection closed after a burst is opened again
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("connecting to PostgreSQL: %w", err)
	}
	return db, db, nil
}

var _ = stdlib.GetDefaultDriver // registers the "pgx" driver

// itoa is strconv.Itoa, kept short for SQL building.
func itoa(n int) string { return strconv.Itoa(n) }
