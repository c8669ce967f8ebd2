package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"iter"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/pipe"
)

// Put inserts or updates a record. On insert, Version becomes 1; on update, the stored
// version must equal rec's Version (optimistic locking), the previous version is kept in
// the history, and Version is incremented. Meta times and authors are set here.
func (t *Tx) Put(ctx context.Context, rec model.Record, actor, reason string) error {
	if err := t.TakeTurn(ctx); err != nil {
		return err
	}
	if err := rec.Validate(); err != nil {
		return err
	}
	m := rec.Head()
	now := t.s.now().UTC()
	isNew := m.ID.IsZero()
	if isNew {
		m.ID = model.NewID(now)
	} else {
		var cur int
		err := t.queryRow(ctx, `select version from records where id = $1`, m.ID[:]).Scan(&cur)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			isNew = true // an id chosen by the caller (imports, synth)
		case err != nil:
			return err
		case cur != m.Version:
			return fmt.Errorf("%s %s: %w", rec.Kind(), m.ID, model.ErrConflict)
		}
	}
	if isNew {
		m.Version = 1
		if m.Created.IsZero() {
			m.Created = now
		}
		if m.CreatedBy == "" {
			m.CreatedBy = actor
		}
	} else {
		if _, err := t.exec(ctx, `insert into versions (id, version, kind, data, secret, changed_at, changed_by, reason)
			select id, version, kind, data, secret, $2, $3, $4 from records where id = $1`, m.ID[:], now.UnixMicro(), actor, reason); err != nil {
			return err
		}
		m.Version++
	}
	m.Updated, m.UpdatedBy = now, actor
	data, err := recordJSON(rec)
	if err != nil {
		return err
	}
	sealed, err := t.seal(rec)
	if err != nil {
		return err
	}
	var ext any
	if m.ExternalID != "" {
		ext = m.ExternalID
	}
	if isNew {
		_, err = t.exec(ctx, `insert into records (id, kind, external_id, version, data, secret, synthetic, created_at, created_by, updated_at, updated_by)
			values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			m.ID[:], string(rec.Kind()), ext, m.Version, string(data), sealed, boolInt(m.Synthetic),
			m.Created.UnixMicro(), m.CreatedBy, now.UnixMicro(), actor)
	} else {
		_, err = t.exec(ctx, `update records set external_id = $2, version = $3, data = $4, secret = $5, updated_at = $6, updated_by = $7 where id = $1`,
			m.ID[:], ext, m.Version, string(data), sealed, now.UnixMicro(), actor)
	}
	if err != nil {
		return fmt.Errorf("saving %s: %w", rec.Kind(), err)
	}
	if err := t.refdataChanged(ctx, rec); err != nil {
		return err
	}
	return t.index(ctx, rec)
}

// refdataChanged advances the reference-data generation (Tx.RefGeneration) when one of recs
// is a place or a facility; every write of a record goes through it or, for a delete, its
// equivalent (Delete), in the write's own transaction (ADR 0423; TestRefGeneration).
func (t *Tx) refdataChanged(ctx context.Context, recs ...model.Record) error {
	for _, r := range recs {
		if k := r.Kind(); k == model.KindPlace || k == model.KindFacility {
			_, err := t.nextCount(ctx, "refdata", 1)
			return err
		}
	}
	return nil
}

// seal returns the sealed confidential part of rec, or nil when it has none.
func (t *Tx) seal(rec model.Record) ([]byte, error) {
	sr, ok := rec.(model.Secretive)
	if !ok {
		return nil, nil
	}
	b, err := json.Marshal(sr.SecretPart())
	if err != nil {
		return nil, err
	}
	if string(b) == "{}" {
		return nil, nil
	}
	return t.s.keys.Seal(b, sealAD(rec.Head().ID)), nil
}

func sealAD(id model.ID) []byte { return append([]byte("tizim record secret v1:"), id[:]...) }

// Get loads a record by id into a new value of its kind. The confidential part is opened
// only when withSecret is true; callers that show records decide that by role.
func (t *Tx) Get(ctx context.Context, id model.ID, withSecret bool) (model.Record, error) {
	var kind, data string
	var sealed []byte
	err := t.queryRow(ctx, `select kind, data, secret from records where id = $1`, id[:]).Scan(&kind, &data, &sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("record %s: %w", id, model.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	return t.decode(kind, data, sealed, withSecret)
}

func (t *Tx) decode(kind, data string, sealed []byte, withSecret bool) (model.Record, error) {
	rec, err := model.New(model.Kind(kind))
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(data), rec); err != nil {
		return nil, fmt.Errorf("decoding %s: %w", kind, err)
	}
	if withSecret && sealed != nil {
		sr, ok := rec.(model.Secretive)
		if !ok {
			return nil, fmt.Errorf("%s has a sealed part but no place for it", kind)
		}
		pt, err := t.s.keys.Open(sealed, sealAD(rec.Head().ID))
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", kind, rec.Head().ID, err)
		}
		if err := json.Unmarshal(pt, sr.SecretPart()); err != nil {
			return nil, err
		}
	}
	return rec, nil
}

// Resolve finds a record id from an internal id or an external id.
func (t *Tx) Resolve(ctx context.Context, ref string) (model.ID, error) {
	if id, err := model.ParseID(ref); err == nil {
		var n int
		if err := t.queryRow(ctx, `select count(*) from records where id = $1`, id[:]).Scan(&n); err != nil {
			return model.ID{}, err
		}
		if n > 0 {
			return id, nil
		}
	}
	var b []byte
	err := t.queryRow(ctx, `select id from records where external_id = $1`, ref).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return model.ID{}, fmt.Errorf("%q: %w", ref, model.ErrNotFound)
	}
	if err != nil {
		return model.ID{}, err
	}
	return model.ID(b), nil
}

// Delete removes a record, keeping its last version in the history.
func (t *Tx) Delete(ctx context.Context, id model.ID, actor, reason string) error {
	if err := t.TakeTurn(ctx); err != nil {
		return err
	}
	now := t.s.now().UTC().UnixMicro()
	if _, err := t.exec(ctx, `insert into versions (id, version, kind, data, secret, changed_at, changed_by, reason)
		select id, version, kind, data, secret, $2, $3, $4 from records where id = $1`, id[:], now, actor, "deleted: "+reason); err != nil {
		return err
	}
	if _, err := t.exec(ctx, `update counters set v = v + 1 where name = 'refdata'
		and exists (select 1 from records where id = $1 and kind in ('place', 'facility'))`, id[:]); err != nil {
		return err // a deleted place or facility changes the reference data (refdataChanged)
	}
	// The derived rows go with the record (they have no foreign keys: migration 0008).
	var listed int64
	for _, d := range []struct {
		q      string
		listed bool // a row of the persons table or the name index (PersonsGeneration)
	}{{`delete from links where src = $1`, false}, {`delete from blind_terms where id = $1`, false}, {`delete from persons where id = $1`, true},
		{`delete from name_docs where id = $1`, true}, {`delete from text_docs where id = $1`, false}, {`delete from records where id = $1`, false}} {
		res, err := t.exec(ctx, d.q, id[:])
		if err != nil {
			return err
		}
		if d.listed {
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			listed += n
		}
	}
	if listed > 0 {
		return t.personsChanged(ctx)
	}
	return nil
}

// All iterates over every record of a kind (all kinds when kind is empty) in id order,
// streaming: it never holds more than one record.
func (t *Tx) All(ctx context.Context, kind model.Kind, withSecret bool) iter.Seq2[model.Record, error] {
	return func(yield func(model.Record, error) bool) {
		q := `select kind, data, secret from records order by id`
		args := []any{}
		if kind != "" {
			q = `select kind, data, secret from records where kind = $1 order by id`
			args = append(args, string(kind))
		}
		rows, err := t.query(ctx, q, args...)
		if err != nil {
			yield(nil, err)
			return
		}
		defer rows.Close()
		for rows.Next() {
			var k, data string
			var sealed []byte
			if err := rows.Scan(&k, &data, &sealed); err != nil {
				yield(nil, err)
				return
			}
			rec, err := t.decode(k, data, sealed, withSecret)
			if !yield(rec, err) || err != nil {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(nil, err)
		}
	}
}

// AllParallel is All for exports and other long reads: one goroutine reads the rows in id
// order while workers on every core decode them (JSON, and opening the sealed part), and the
// records are yielded in id order as All yields them. Rows are read ahead of the caller by
// at most a few chunks, so memory stays flat however large the archive. The caller must not
// write in the same transaction while iterating.
func (t *Tx) AllParallel(ctx context.Context, kind model.Kind, withSecret bool) iter.Seq2[model.Record, error] {
	return func(yield func(model.Record, error) bool) {
		type row struct {
			kind, data string
			sealed     []byte
			rec        model.Record
			err        error
		}
		errStop := errors.New("stopped")
		// When the caller stops early the reader is told to stop through add; the query's own
		// context is not cancelled for that, since on PostgreSQL a cancelled query closes the
		// connection and with it the caller's transaction.
		err := pipe.Ordered(256, func(add func(row) bool) error {
			q := `select kind, data, secret from records order by id`
			var args []any
			if kind != "" {
				q = `select kind, data, secret from records where kind = $1 order by id`
				args = append(args, string(kind))
			}
			rows, err := t.query(ctx, q, args...)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var r row
				if err := rows.Scan(&r.kind, &r.data, &r.sealed); err != nil {
					return err
				}
				if !add(r) {
					return nil
				}
			}
			return rows.Err()
		}, func(c []row) {
			for i := range c {
				r := &c[i]
				r.rec, r.err = t.decode(r.kind, r.data, r.sealed, withSecret)
				r.data, r.sealed = "", nil
			}
		}, func(c []row) error {
			for _, r := range c {
				if r.err != nil {
					return r.err
				}
				if !yield(r.rec, nil) {
					return errStop
				}
			}
			return nil
		})
		if err != nil && err != errStop {
			yield(nil, err)
		}
	}
}

// Version is one earlier state of a record.
type Version struct {
	Version   int
	ChangedAt int64 // Unix microseconds
	ChangedBy string
	Reason    string
	Record    model.Record
}

// History returns the earlier versions of a record, oldest first.
func (t *Tx) History(ctx context.Context, id model.ID, withSecret bool) ([]Version, error) {
	rows, err := t.query(ctx, `select version, kind, data, secret, changed_at, changed_by, reason from versions where id = $1 order by version`, id[:])
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Version
	for rows.Next() {
		var v Version
		var kind, data string
		var sealed []byte
		if err := rows.Scan(&v.Version, &kind, &data, &sealed, &v.ChangedAt, &v.ChangedBy, &v.Reason); err != nil {
			return nil, err
		}
		if v.Record, err = t.decode(kind, data, sealed, withSecret); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Count returns how many records of a kind there are (all kinds when empty).
func (t *Tx) Count(ctx context.Context, kind model.Kind) (int, error) {
	var n int
	var err error
	if kind == "" {
		err = t.queryRow(ctx, `select count(*) from records`).Scan(&n)
	} else {
		err = t.queryRow(ctx, `select count(*) from records where kind = $1`, string(kind)).Scan(&n)
	}
	return n, err
}

// Linked returns the ids of records of kind that link to dst with rel (e.g. the testimonies
// about a person).
func (t *Tx) Linked(ctx context.Context, dst model.ID, rel string) ([]model.ID, error) {
	rows, err := t.query(ctx, `select src from links where dst = $1 and rel = $2 order by src`, dst[:], rel)
	return collectIDs(rows, err)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// collectIDs reads a one-column result of record ids.
func collectIDs(rows *sql.Rows, err error) ([]model.ID, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.ID
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return nil, err
		}
		out = append(out, model.ID(b))
	}
	return out, rows.Err()
}
