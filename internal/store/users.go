package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/tizim/tizim/internal/model"
)

// User is a member of the team. Password and enrolment code are stored only as argon2id
// hashes (computed by package auth).
type User struct {
	ID        model.ID
	Username  string
	Role      string
	PWHash    string
	EnrolHash string // set until the user has enrolled
	Disabled  bool
	Created   time.Time
}

// PutUser inserts or updates a user.
func (t *Tx) PutUser(ctx context.Context, u *User) error {
	if u.ID.IsZero() {
		u.ID = model.NewID(t.s.now())
		u.Created = t.s.now()
	}
	var uname, enrol any
	if u.Username != "" {
		uname = u.Username
	}
	if u.EnrolHash != "" {
		enrol = u.EnrolHash
	}
	_, err := t.exec(ctx, `insert into users (id, username, role, pw_hash, enrol_hash, disabled, created_at) values ($1, $2, $3, $4, $5, $6, $7)
		on conflict (id) do update set username = excluded.username, role = excluded.role, pw_hash = excluded.pw_hash,
		enrol_hash = excluded.enrol_hash, disabled = excluded.disabled`,
		u.ID[:], uname, u.Role, u.PWHash, enrol, boolInt(u.Disabled), u.Created.UnixMicro())
	if err != nil {
		return fmt.Errorf("saving user: %w", err)
	}
	return nil
}

const userCols = `id, coalesce(username, ''), role, pw_hash, coalesce(enrol_hash, ''), disabled, created_at`

func scanUser(row interface{ Scan(...any) error }) (*User, error) {
	u := &User{}
	var id []byte
	var dis int
	var created int64
	if err := row.Scan(&id, &u.Username, &u.Role, &u.PWHash, &u.EnrolHash, &dis, &created); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("user: %w", model.ErrNotFound)
		}
		return nil, err
	}
	u.ID, u.Disabled, u.Created = model.ID(id), dis != 0, time.UnixMicro(created)
	return u, nil
}

// UserByName finds a user by user name.
func (t *Tx) UserByName(ctx context.Context, name string) (*User, error) {
	return scanUser(t.queryRow(ctx, `select `+userCols+` from users where username = $1`, name))
}

// UserByID finds a user by id.
func (t *Tx) UserByID(ctx context.Context, id model.ID) (*User, error) {
	return scanUser(t.queryRow(ctx, `select `+userCols+` from users where id = $1`, id[:]))
}

// Users lists every user, oldest first.
func (t *Tx) Users(ctx context.Context) ([]*User, error) {
	rows, err := t.query(ctx, `select `+userCols+` from users order by created_at, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// PutSession stores a session under the hash of its token.
func (t *Tx) PutSession(ctx context.Context, tokenHash []byte, user model.ID, expires time.Time) error {
	// Expired sessions are removed as new ones start, so the table does not only grow.
	if _, err := t.exec(ctx, `delete from sessions where expires_at <= $1`, t.s.now().UnixMicro()); err != nil {
		return err
	}
	_, err := t.exec(ctx, `insert into sessions (token_hash, user_id, created_at, expires_at) values ($1, $2, $3, $4)`,
		tokenHash, user[:], t.s.now().UnixMicro(), expires.UnixMicro())
	return err
}

// SessionUser returns the enabled user of an unexpired session.
func (t *Tx) SessionUser(ctx context.Context, tokenHash []byte) (*User, error) {
	return scanUser(t.queryRow(ctx, `select u.id, coalesce(u.username, ''), u.role, u.pw_hash, coalesce(u.enrol_hash, ''), u.disabled, u.created_at
		from sessions s join users u on u.id = s.user_id where s.token_hash = $1 and s.expires_at > $2 and u.disabled = 0`,
		tokenHash, t.s.now().UnixMicro()))
}

// DeleteSession ends a session; DeleteSessions ends all of a user's.
func (t *Tx) DeleteSession(ctx context.Context, tokenHash []byte) error {
	_, err := t.exec(ctx, `delete from sessions where token_hash = $1`, tokenHash)
	return err
}

// DeleteSessions ends every session of a user.
func (t *Tx) DeleteSessions(ctx context.Context, user model.ID) error {
	_, err := t.exec(ctx, `delete from sessions where user_id = $1`, user[:])
	return err
}

// Setting reads a value from the settings table ("" when absent).
func (t *Tx) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := t.queryRow(ctx, `select value from settings where key = $1`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SetSetting writes a value to the settings table.
func (t *Tx) SetSetting(ctx context.Context, key, value string) error {
	_, err := t.exec(ctx, `insert into settings (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value`, key, value)
	return err
}
