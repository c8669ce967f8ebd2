package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"

	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/driver"
	"github.com/ncruces/go-sqlite3/ext/fts5"
)

// buildFTS loads every name form into an SQLite FTS5 table with the trigram tokenizer; a
// query is the OR of its trigrams, ranked by bm25 (the usual way to get fuzzy matching
// out of FTS5).
func buildFTS(namesPath, dir string) (searcher, func(), error) {
	path := filepath.Join(dir, "searchpeers-fts5.db")
	os.Remove(path)
	db, err := driver.Open("file:"+path, func(c *sqlite3.Conn) error { return fts5.Register(c) })
	if err != nil {
		return nil, nil, err
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`pragma journal_mode=off; pragma synchronous=off;
		create virtual table names using fts5(id unindexed, form, tokenize = 'trigram')`); err != nil {
		return nil, nil, err
	}
	tx, err := db.Begin()
	if err != nil {
		return nil, nil, err
	}
	st, err := tx.Prepare(`insert into names (id, form) values (?, ?)`)
	if err != nil {
		return nil, nil, err
	}
	err = readNames(namesPath, func(p person) error {
		for _, f := range p.forms {
			if _, err := st.Exec(p.id, f); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, nil, err
	}
	var stmt *sql.Stmt
	if stmt, err = db.Prepare(`select id from names where names match ? order by rank limit 50`); err != nil {
		return nil, nil, err
	}
	s := func(q string) ([]string, error) {
		var grams []string
		for _, w := range strings.Fields(strings.ToLower(q)) {
			rs := []rune(w)
			for i := 0; i+3 <= len(rs); i++ {
				grams = append(grams, `"`+strings.ReplaceAll(string(rs[i:i+3]), `"`, `""`)+`"`)
			}
		}
		if len(grams) == 0 {
			return nil, nil // under the trigram minimum (two-character Chinese names)
		}
		rows, err := stmt.Query(strings.Join(grams, " OR "))
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var ids []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return nil, err
			}
			ids = append(ids, id)
		}
		return top(ids, 10), rows.Err()
	}
	return s, func() { db.Close(); os.Remove(path) }, nil
}
