package main

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// buildPG loads every name form into an unlogged table with a pg_trgm GIN index; a query
// takes the forms over the similarity threshold (0.3), most similar first.
func buildPG(namesPath, url string) (searcher, func(), error) {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, nil, err
	}
	for _, q := range []string{`create extension if not exists pg_trgm`, `drop table if exists searchpeers_names`,
		`create unlogged table searchpeers_names (id text not null, form text not null)`} {
		if _, err := conn.Exec(ctx, q); err != nil {
			return nil, nil, err
		}
	}
	var rows [][]any
	err = readNames(namesPath, func(p person) error {
		for _, f := range p.forms {
			rows = append(rows, []any{p.id, f})
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{"searchpeers_names"}, []string{"id", "form"}, pgx.CopyFromRows(rows)); err != nil {
		return nil, nil, err
	}
	rows = nil
	for _, q := range []string{`create index on searchpeers_names using gin (form gin_trgm_ops)`, `analyze searchpeers_names`} {
		if _, err := conn.Exec(ctx, q); err != nil {
			return nil, nil, err
		}
	}
	s := func(q string) ([]string, error) {
		rs, err := conn.Query(ctx, `select id from searchpeers_names where form % $1 order by similarity(form, $1) desc limit 50`, q)
		if err != nil {
			return nil, err
		}
		ids, err := pgx.CollectRows(rs, pgx.RowTo[string])
		return top(ids, 10), err
	}
	return s, func() {
		conn.Exec(ctx, `drop table if exists searchpeers_names`)
		conn.Close(ctx)
	}, nil
}
