package store

import (
	"context"
	"database/sql"
	"sync"
)

// Prepared statements are kept per database handle and reused by every transaction on
// SQLite (ADR 0412, session 3 update). Each statement used to be compiled for each call:
// SQLite parses and plans it in WebAssembly, 10 % of a JSONL restore and 10-20 % of a
// public page request. PostgreSQL's driver already keeps the statements it prepares, so it
// goes on as before.
//
// A statement is prepared for the cache by a goroutine of the store, never by the
// transaction that first runs it: preparing on a *sql.DB takes a connection from the pool,
// and the writer's pool has one, which that transaction holds. Until the statement is ready
// a transaction compiles it once for itself; later transactions get it from the cache and
// database/sql compiles it once on each connection that runs it.
//
// Only exec and queryRow use the cache: neither leaves the statement running after it
// returns, so one statement is never stepped by two callers on a connection. query, whose
// rows stay open while the caller may run the same query again (a nested read), compiles its
// own. Statements with more than maxCachedArgs arguments are built with variable lists (IN
// lists, multi-row inserts) and are not kept, nor anything past maxCachedStmts statements.
const (
	maxCachedArgs  = 16
	maxCachedStmts = 512
)

type stmtKey struct {
	db *sql.DB
	q  string
}

type stmtCache struct {
	mu      sync.Mutex
	m       map[stmtKey]*sql.Stmt
	pending map[stmtKey]bool
	todo    chan stmtKey
	stop    context.CancelFunc
	done    chan struct{}
	closed  bool
}

// start begins preparing statements for the cache, with d's syntax.
func (c *stmtCache) start(d dialect) {
	ctx, stop := context.WithCancel(context.Background())
	c.m, c.pending = map[stmtKey]*sql.Stmt{}, map[stmtKey]bool{}
	c.todo, c.stop, c.done = make(chan stmtKey, 64), stop, make(chan struct{})
	go func() {
		defer close(c.done)
		for {
			select {
			case <-ctx.Done():
				return
			case k := <-c.todo:
				st, err := k.db.PrepareContext(ctx, d.rebind(k.q))
				c.mu.Lock()
				delete(c.pending, k)
				if err == nil && !c.closed {
					c.m[k] = st
					st = nil
				}
				c.mu.Unlock()
				if st != nil {
					st.Close()
				}
			}
		}
	}()
}

// get returns the cached statement for k, or asks for it to be prepared.
func (c *stmtCache) get(k stmtKey) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[k]; ok || c.closed || c.todo == nil {
		return st
	}
	if !c.pending[k] && len(c.m)+len(c.pending) < maxCachedStmts {
		select {
		case c.todo <- k:
			c.pending[k] = true
		default: // busy: a later call asks again
		}
	}
	return nil
}

// close stops the preparing and closes every cached statement; the store calls it before
// closing its databases.
func (c *stmtCache) close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	if c.stop != nil {
		c.stop()
		<-c.done
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, st := range c.m {
		st.Close()
		delete(c.m, k)
	}
}

// stmt returns the transaction's prepared statement for q, or nil when q is not kept
// (PostgreSQL, many arguments, or an exec without arguments: those are migrations and
// scripts, run once and often several statements in one string).
func (t *Tx) stmt(ctx context.Context, q string, nargs int, exec bool) *sql.Stmt {
	if t.db == nil || (exec && nargs == 0) || nargs > maxCachedArgs || t.s.d.name() != "sqlite" {
		return nil
	}
	t.stmtsMu.Lock()
	defer t.stmtsMu.Unlock()
	if st, ok := t.stmts[q]; ok {
		return st
	}
	// The transaction's own handle, kept for its other calls (each stays registered with the
	// transaction until it ends): on the cached statement, or, until that is ready, on one it
	// compiles itself, so a long batch compiles each statement once.
	var txst *sql.Stmt
	if st := t.s.stmts.get(stmtKey{t.db, q}); st != nil {
		txst = t.tx.StmtContext(ctx, st)
	} else {
		var err error
		if txst, err = t.tx.PrepareContext(ctx, t.s.d.rebind(q)); err != nil {
			return nil // the uncached call reports the error
		}
	}
	if t.stmts == nil {
		t.stmts = map[string]*sql.Stmt{}
	}
	t.stmts[q] = txst
	return txst
}
