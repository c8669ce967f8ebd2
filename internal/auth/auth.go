// Package auth manages the team's accounts: one-time enrolment codes (there is no e-mail
// anywhere in tizim), argon2id password hashes, and server-side sessions whose tokens are
// stored only as hashes. It does not set cookies; the web layer does.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
)

// SessionTTL is how long a session lasts without signing in again.
const SessionTTL = 12 * time.Hour

// Auth manages users and sessions on a store.
type Auth struct {
	st *store.Store
}

// New returns an Auth on st.
func New(st *store.Store) *Auth { return &Auth{st: st} }

// ErrBadCredentials is returned for any failed sign-in, without saying which part was wrong.
var ErrBadCredentials = errors.New("wrong user name or password")

// Invite creates a user with a role and returns their one-time enrolment code. The code is
// shown once; only its hash is stored.
func (a *Auth) Invite(ctx context.Context, who archive.Actor, role archive.Role) (string, error) {
	if !who.Role.Can(archive.OpManageUsers) {
		return "", model.ErrForbidden
	}
	if !archive.ValidRole(string(role)) {
		return "", fmt.Errorf("unknown role %q (admin, editor, intake, researcher)", role)
	}
	code := newCode()
	err := a.st.Write(ctx, func(tx *store.Tx) error {
		u := &store.User{Role: string(role), EnrolHash: hashToken(code)}
		if err := tx.PutUser(ctx, u); err != nil {
			return err
		}
		return tx.Audit(ctx, who.Name, "invite", "user", u.ID.String(), "role "+string(role))
	})
	return code, err
}

// Enrol redeems an enrolment code: it sets the user name and password and returns the user.
func (a *Auth) Enrol(ctx context.Context, code, username, password string) (*store.User, error) {
	username = strings.TrimSpace(username)
	if err := checkUsername(username); err != nil {
		return nil, err
	}
	if err := CheckPassword(password); err != nil {
		return nil, err
	}
	h := hashToken(strings.TrimSpace(code))
	pw := hashPassword(password) // argon2id before the write lock, not under it
	var out *store.User
	err := a.st.Write(ctx, func(tx *store.Tx) error {
		users, err := tx.Users(ctx)
		if err != nil {
			return err
		}
		for _, u := range users {
			if u.EnrolHash != "" && subtle.ConstantTimeCompare([]byte(u.EnrolHash), []byte(h)) == 1 && !u.Disabled {
				if other, err := tx.UserByName(ctx, username); err == nil && other.ID != u.ID {
					return fmt.Errorf("the user name %q is taken", username)
				}
				u.Username, u.PWHash, u.EnrolHash = username, pw, ""
				if err := tx.PutUser(ctx, u); err != nil {
					return err
				}
				out = u
				return tx.Audit(ctx, username, "enrol", "user", u.ID.String(), "role "+u.Role)
			}
		}
		return errors.New("this enrolment code is not valid (already used, or mistyped)")
	})
	return out, err
}

// Login checks a password and starts a session, returning its token.
func (a *Auth) Login(ctx context.Context, username, password string) (string, *store.User, error) {
	var u *store.User
	err := a.st.Read(ctx, func(tx *store.Tx) (err error) {
		u, err = tx.UserByName(ctx, strings.TrimSpace(username))
		return err
	})
	if errors.Is(err, model.ErrNotFound) {
		hashPassword(password) // spend the same time whether or not the user exists
		return "", nil, ErrBadCredentials
	}
	if err != nil {
		return "", nil, fmt.Errorf("checking the sign-in: %w", err)
	}
	if u.Disabled || u.PWHash == "" || !checkPassword(u.PWHash, password) {
		return "", nil, ErrBadCredentials
	}
	token := newToken()
	err = a.st.Write(ctx, func(tx *store.Tx) error {
		if err := tx.PutSession(ctx, hashTokenBytes(token), u.ID, a.st.Now().Add(SessionTTL)); err != nil {
			return err
		}
		return tx.Audit(ctx, u.Username, "login", "user", u.ID.String(), "")
	})
	if err != nil {
		return "", nil, err
	}
	return token, u, nil
}

// Session returns the actor of a valid session token.
func (a *Auth) Session(ctx context.Context, token string) (archive.Actor, error) {
	var u *store.User
	err := a.st.Read(ctx, func(tx *store.Tx) (err error) {
		u, err = tx.SessionUser(ctx, hashTokenBytes(token))
		return err
	})
	if errors.Is(err, model.ErrNotFound) {
		return archive.Actor{}, model.ErrUnauthorized
	}
	if err != nil {
		return archive.Actor{}, fmt.Errorf("checking the session: %w", err)
	}
	return archive.Actor{Name: u.Username, Role: archive.Role(u.Role)}, nil
}

// Logout ends a session.
func (a *Auth) Logout(ctx context.Context, token string) error {
	return a.st.Write(ctx, func(tx *store.Tx) error { return tx.DeleteSession(ctx, hashTokenBytes(token)) })
}

// Disable turns a user off and ends their sessions at once.
func (a *Auth) Disable(ctx context.Context, who archive.Actor, username string) error {
	if !who.Role.Can(archive.OpManageUsers) {
		return model.ErrForbidden
	}
	return a.st.Write(ctx, func(tx *store.Tx) error {
		u, err := tx.UserByName(ctx, username)
		if err != nil {
			return fmt.Errorf("user %q: %w", username, err)
		}
		u.Disabled = true
		if err := tx.PutUser(ctx, u); err != nil {
			return err
		}
		if err := tx.DeleteSessions(ctx, u.ID); err != nil {
			return err
		}
		return tx.Audit(ctx, who.Name, "disable", "user", u.ID.String(), username)
	})
}

// Users lists the team.
func (a *Auth) Users(ctx context.Context, who archive.Actor) (us []*store.User, err error) {
	if !who.Role.Can(archive.OpManageUsers) {
		return nil, model.ErrForbidden
	}
	err = a.st.Read(ctx, func(tx *store.Tx) error {
		us, err = tx.Users(ctx)
		return err
	})
	return us, err
}

func checkUsername(s string) error {
	if n := utf8.RuneCountInString(s); n < 2 || n > 64 || strings.ContainsAny(s, " \t\r\n:/") {
		return errors.New("a user name has 2 to 64 characters and no spaces")
	}
	return nil
}

// CheckPassword enforces the only rule that matters for passphrases: length.
func CheckPassword(p string) error {
	if utf8.RuneCountInString(p) < 12 {
		return errors.New("a password needs at least 12 characters (a few words make a good one)")
	}
	return nil
}

// newCode returns an enrolment code of 20 base32 characters (100 bits), in groups of 5.
func newCode() string {
	b := make([]byte, 13)
	rand.Read(b)
	s := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)[:20]
	return s[:5] + "-" + s[5:10] + "-" + s[10:15] + "-" + s[15:]
}

func newToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Tokens and codes carry at least 100 random bits, so a fast hash suffices for them;
// passwords get argon2id.
func hashTokenBytes(t string) []byte { s := sha256.Sum256([]byte(t)); return s[:] }

func hashToken(t string) string {
	return base64.RawStdEncoding.EncodeToString(hashTokenBytes(strings.ToUpper(strings.ReplaceAll(t, "-", ""))))
}

const (
	pwTime    = 2
	pwMemory  = 19 * 1024
	pwThreads = 1
)

func hashPassword(p string) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	k := argon2.IDKey([]byte(p), salt, pwTime, pwMemory, pwThreads, 32)
	return fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s", pwMemory, pwTime, pwThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(k))
}

func checkPassword(encoded, p string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var th uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &th); err != nil {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false
	}
	got := argon2.IDKey([]byte(p), salt, t, m, th, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}
