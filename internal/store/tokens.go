package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/tizim/tizim/internal/model"
)

// APIToken is a bearer token of the team API (migration 0007). Only the SHA-256 of the
// token is stored, as for sessions; the token itself is shown once when it is made.
type APIToken struct {
	ID       model.ID
	Hash     []byte
	UserID   model.ID
	Username string // filled when read
	Label    string
	Created  time.Time
	Expires  time.Time
	LastUsed time.Time // zero: never used
	Revoked  time.Time // zero: not revoked
}

// PutToken stores a new token.
func (t *Tx) PutToken(ctx context.Context, k *APIToken) error {
	if k.ID.IsZero() {
		k.ID = model.NewID(t.s.now())
	}
	if k.Created.IsZero() {
		k.Created = t.s.now()
	}
	_, err := t.exec(ctx, `insert into api_tokens (id, token_hash, user_id, label, created_at, expires_at) values ($1, $2, $3, $4, $5, $6)`,
		k.ID[:], k.Hash, k.UserID[:], k.Label, k.Created.UnixMicro(), k.Expires.UnixMicro())
	return err
}

const tokenCols = `k.id, k.token_hash, k.user_id, coalesce(u.username, ''), k.label, k.created_at, k.expires_at, k.last_used, k.revoked_at`

func scanToken(row interface{ Scan(...any) error }) (*APIToken, error) {
	k := &APIToken{}
	var id, uid []byte
	var created, expires, used, revoked int64
	if err := row.Scan(&id, &k.Hash, &uid, &k.Username, &k.Label, &created, &expires, &used, &revoked); err != nil {
		return nil, err
	}
	k.ID, k.UserID = model.ID(id), model.ID(uid)
	k.Created, k.Expires = time.UnixMicro(created), time.UnixMicro(expires)
	if used != 0 {
		k.LastUsed = time.UnixMicro(used)
	}
	if revoked != 0 {
		k.Revoked = time.UnixMicro(revoked)
	}
	return k, nil
}

// TokenUser returns the user of a token that is unexpired and unrevoked and whose user is
// enabled and enrolled, with the token; model.ErrNotFound otherwise, whichever the reason.
func (t *Tx) TokenUser(ctx context.Context, hash []byte) (*User, *APIToken, error) {
	row := t.queryRow(ctx, `select `+tokenCols+`, u.id, coalesce(u.username, ''), u.role, u.pw_hash, coalesce(u.enrol_hash, ''), u.disabled, u.created_at
		from api_tokens k join users u on u.id = k.user_id
		where k.token_hash = $1 and k.revoked_at = 0 and k.expires_at > $2 and u.disabled = 0 and u.enrol_hash is null`,
		hash, t.s.now().UnixMicro())
	k := &APIToken{}
	u := &User{}
	var id, uid, uid2 []byte
	var created, expires, used, revoked, ucreated int64
	var dis int
	err := row.Scan(&id, &k.Hash, &uid, &k.Username, &k.Label, &created, &expires, &used, &revoked,
		&uid2, &u.Username, &u.Role, &u.PWHash, &u.EnrolHash, &dis, &ucreated)
	if err != nil {
		return nil, nil, notFound(err, "token")
	}
	k.ID, k.UserID = model.ID(id), model.ID(uid)
	k.Created, k.Expires = time.UnixMicro(created), time.UnixMicro(expires)
	if used != 0 {
		k.LastUsed = time.UnixMicro(used)
	}
	u.ID, u.Disabled, u.Created = model.ID(uid2), dis != 0, time.UnixMicro(ucreated)
	return u, k, nil
}

// TouchToken records when a token was last used.
func (t *Tx) TouchToken(ctx context.Context, id model.ID, at time.Time) error {
	_, err := t.exec(ctx, `update api_tokens set last_used = $2 where id = $1`, id[:], at.UnixMicro())
	return err
}

// Tokens lists every token, revoked and expired ones included, newest first.
func (t *Tx) Tokens(ctx context.Context) ([]*APIToken, error) {
	rows, err := t.query(ctx, `select `+tokenCols+` from api_tokens k left join users u on u.id = k.user_id order by k.created_at desc, k.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*APIToken
	for rows.Next() {
		k, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// TokenByID finds a token by id.
func (t *Tx) TokenByID(ctx context.Context, id model.ID) (*APIToken, error) {
	k, err := scanToken(t.queryRow(ctx, `select `+tokenCols+` from api_tokens k left join users u on u.id = k.user_id where k.id = $1`, id[:]))
	if err != nil {
		return nil, notFound(err, "token")
	}
	return k, nil
}

// RevokeToken marks a token revoked from now on.
func (t *Tx) RevokeToken(ctx context.Context, id model.ID) error {
	_, err := t.exec(ctx, `update api_tokens set revoked_at = $2 where id = $1 and revoked_at = 0`, id[:], t.s.now().UnixMicro())
	return err
}

// notFound turns "no rows" into model.ErrNotFound.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, model.ErrNotFound)
	}
	return err
}
