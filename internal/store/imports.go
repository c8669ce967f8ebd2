package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/tizim/tizim/internal/model"
)

// ImportRun is the recorded progress of one import (migration 0002).
type ImportRun struct {
	ID, File, Actor                      string
	StartedAt, UpdatedAt, FinishedAt     int64 // Unix microseconds; FinishedAt 0 while running
	Phase                                int
	RowsDone                             int64 // last row of Phase committed
	Created, Updated, Unchanged, Skipped int64
}

// ImportRun returns the run with that id, or found false.
func (t *Tx) ImportRun(ctx context.Context, id string) (r ImportRun, found bool, err error) {
	err = t.queryRow(ctx, `select id, file, actor, started_at, updated_at, finished_at, phase, rows_done, created, updated, unchanged, skipped
		from import_runs where id = $1`, id).Scan(&r.ID, &r.File, &r.Actor, &r.StartedAt, &r.UpdatedAt, &r.FinishedAt, &r.Phase,
		&r.RowsDone, &r.Created, &r.Updated, &r.Unchanged, &r.Skipped)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	return r, err == nil, err
}

// StartImportRun records a new run, or restarts a finished one from the beginning (a
// re-import of the same file, which finds every row unchanged).
func (t *Tx) StartImportRun(ctx context.Context, r ImportRun) error {
	now := t.s.now().UnixMicro()
	_, err := t.exec(ctx, `insert into import_runs (id, file, actor, started_at, updated_at) values ($1, $2, $3, $4, $4)
		on conflict (id) do update set started_at = $4, updated_at = $4, finished_at = 0, phase = 1, rows_done = 0,
		created = 0, updated = 0, unchanged = 0, skipped = 0, actor = $3`, r.ID, r.File, r.Actor, now)
	return err
}

// SaveImportProgress records, in the batch's own transaction, that the rows up to rowsDone of
// phase are written and adds the batch's counts.
func (t *Tx) SaveImportProgress(ctx context.Context, id string, phase int, rowsDone int64, created, updated, unchanged, skipped int64) error {
	if err := t.TakeTurn(ctx); err != nil {
		return err
	}
	_, err := t.exec(ctx, `update import_runs set phase = $2, rows_done = $3, created = created + $4, updated = updated + $5,
		unchanged = unchanged + $6, skipped = skipped + $7, updated_at = $8 where id = $1`,
		id, phase, rowsDone, created, updated, unchanged, skipped, t.s.now().UnixMicro())
	return err
}

// FinishImportRun marks the run complete.
func (t *Tx) FinishImportRun(ctx context.Context, id string) error {
	now := t.s.now().UnixMicro()
	_, err := t.exec(ctx, `update import_runs set finished_at = $2, updated_at = $2 where id = $1`, id, now)
	return err
}

// ByExternalIDs loads the records with those external ids, keyed by external id.
func (t *Tx) ByExternalIDs(ctx context.Context, exts []string, withSecret bool) (map[string]model.Record, error) {
	out := map[string]model.Record{}
	args := make([]any, len(exts))
	for i, e := range exts {
		args[i] = e
	}
	err := chunked(args, func(chunk []any) error {
		return t.collect(ctx, `select kind, data, secret from records where external_id in `+inList(1, len(chunk)), chunk, withSecret, func(r model.Record) {
			out[r.Head().ExternalID] = r
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// GetMany loads the records with those ids that exist, keyed by id.
func (t *Tx) GetMany(ctx context.Context, ids []model.ID, withSecret bool) (map[model.ID]model.Record, error) {
	out := map[model.ID]model.Record{}
	err := chunked(idArgs(ids), func(chunk []any) error {
		return t.collect(ctx, `select kind, data, secret from records where id in `+inList(1, len(chunk)), chunk, withSecret, func(r model.Record) {
			out[r.Head().ID] = r
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (t *Tx) collect(ctx context.Context, q string, args []any, withSecret bool, fn func(model.Record)) error {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var kind, data string
		var sealed []byte
		if err := rows.Scan(&kind, &data, &sealed); err != nil {
			return err
		}
		rec, err := t.decode(kind, data, sealed, withSecret)
		if err != nil {
			return err
		}
		fn(rec)
	}
	return rows.Err()
}

// IDsByRef resolves references (internal ids or external ids) to ids; unknown ones are left
// out of the result.
func (t *Tx) IDsByRef(ctx context.Context, refs []string) (map[string]model.ID, error) {
	out := map[string]model.ID{}
	var ids []model.ID
	var exts []any
	for _, r := range refs {
		if id, err := model.ParseID(r); err == nil {
			ids = append(ids, id)
		} else {
			exts = append(exts, r)
		}
	}
	if len(ids) > 0 {
		got, err := t.GetMany(ctx, ids, false)
		if err != nil {
			return nil, err
		}
		for id := range got {
			out[id.String()] = id
		}
	}
	for start := 0; start < len(exts); start += 500 {
		chunk := exts[start:min(start+500, len(exts))]
		rows, err := t.query(ctx, `select external_id, id from records where external_id in (`+placeholders(1, len(chunk))+`)`, chunk...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var ext string
			var b []byte
			if err := rows.Scan(&ext, &b); err != nil {
				rows.Close()
				return nil, err
			}
			out[ext] = model.ID(b)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ExternalIDs calls fn with every stored external id, in a transaction on the writer's
// connection, and returns that connection's data version then (DataVersion) and the store's
// commits once it has committed (Tx.Commits): an import that reads them before its first
// batch knows which of its rows' ids are new for as long as no other write came since
// (archive.KnownAbsent, ADR 0425). ok is false on PostgreSQL, which has no data version:
// there, nothing is read.
func (s *Store) ExternalIDs(ctx context.Context, fn func(ext string)) (version, commits int64, ok bool, err error) {
	if s.d.name() != "sqlite" {
		return 0, 0, false, nil
	}
	err = s.run(ctx, s.w, false, false, nil, func(t *Tx) error {
		commits = t.Commits() + 1 // with this transaction's
		if version, err = t.DataVersion(ctx); err != nil {
			return err
		}
		rows, err := t.query(ctx, `select external_id from records where external_id is not null`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var ext string
			if err := rows.Scan(&ext); err != nil {
				return err
			}
			fn(ext)
		}
		return rows.Err()
	})
	return version, commits, err == nil, err
}

// DataVersion is SQLite's data version of the transaction's connection: it changes when
// another connection, in this process or another, commits a change to the database, and
// not when this one does. Only write transactions ask it (on the writer's connection).
func (t *Tx) DataVersion(ctx context.Context) (int64, error) {
	var v int64
	err := t.queryRow(ctx, `pragma data_version`).Scan(&v)
	return v, err
}
