package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
)

// API tokens (ADR 0302): bearer tokens for the team API and /reconcile, for scripts and
// OpenRefine, which send no cookies. A token acts as its user with the user's role at the
// time of each request, so demoting or disabling the user narrows or ends the token at once.
// Only its SHA-256 is stored. Tokens expire; they can be revoked; making and revoking them
// is audited, and so is everything done with one, under "user/token-ID".

// TokenPrefix starts every token, so that one pasted in the wrong place is recognisable
// (and secret scanners can find it).
const TokenPrefix = "tzt_"

// Token lifetimes.
const (
	DefaultTokenTTL = 90 * 24 * time.Hour
	MaxTokenTTL     = 366 * 24 * time.Hour
)

// touchEvery bounds how often a token's last use is written: reads stay reads.
const touchEvery = time.Hour

// TokenInfo describes a token without the token itself.
type TokenInfo struct {
	ID       string
	User     string
	Label    string
	Created  time.Time
	Expires  time.Time
	LastUsed time.Time
	Revoked  time.Time
}

// State is "active", "expired" or "revoked" at now.
func (k TokenInfo) State(now time.Time) string {
	switch {
	case !k.Revoked.IsZero():
		return "revoked"
	case !now.Before(k.Expires):
		return "expired"
	}
	return "active"
}

func infoOf(k *store.APIToken) TokenInfo {
	return TokenInfo{ID: k.ID.String(), User: k.Username, Label: k.Label, Created: k.Created, Expires: k.Expires,
		LastUsed: k.LastUsed, Revoked: k.Revoked}
}

// tokenActorName is how actions done with a token appear in the audit log.
func tokenActorName(user string, id model.ID) string {
	return user + "/token-" + shortID(id)
}

// shortID is the last 8 hex digits of an id: UUIDv7 ids begin with the time, so the end
// tells tokens made the same minute apart.
func shortID(id model.ID) string {
	s := strings.ReplaceAll(id.String(), "-", "")
	return s[len(s)-8:]
}

// CreateToken makes a token for an enrolled, enabled user, valid for ttl (DefaultTokenTTL
// when zero, at most MaxTokenTTL). The token is returned once; only its hash is kept.
func (a *Auth) CreateToken(ctx context.Context, who archive.Actor, username, label string, ttl time.Duration) (string, TokenInfo, error) {
	if !who.Role.Can(archive.OpManageUsers) {
		return "", TokenInfo{}, model.ErrForbidden
	}
	if ttl == 0 {
		ttl = DefaultTokenTTL
	}
	if ttl < time.Minute || ttl > MaxTokenTTL {
		return "", TokenInfo{}, fmt.Errorf("a token lasts between a minute and %d days", int(MaxTokenTTL.Hours()/24))
	}
	if len(label) > 200 {
		return "", TokenInfo{}, errors.New("the label is too long (200 characters at most)")
	}
	token := newAPIToken()
	var info TokenInfo
	err := a.st.Write(ctx, func(tx *store.Tx) error {
		u, err := tx.UserByName(ctx, strings.TrimSpace(username))
		if err != nil {
			return fmt.Errorf("user %q: %w", username, err)
		}
		if u.Disabled || u.EnrolHash != "" {
			return fmt.Errorf("user %q is disabled or has not enrolled yet", username)
		}
		k := &store.APIToken{Hash: hashTokenBytes(token), UserID: u.ID, Label: label, Expires: a.st.Now().Add(ttl)}
		if err := tx.PutToken(ctx, k); err != nil {
			return err
		}
		k.Username = u.Username
		info = infoOf(k)
		return tx.Audit(ctx, who.Name, "token_add", "user", u.ID.String(),
			fmt.Sprintf("token %s for %s, role %s, expires %s", shortID(k.ID), u.Username, u.Role, k.Expires.UTC().Format(time.DateOnly)))
	})
	if err != nil {
		return "", TokenInfo{}, err
	}
	return token, info, nil
}

// Tokens lists every token (never the tokens themselves).
func (a *Auth) Tokens(ctx context.Context, who archive.Actor) ([]TokenInfo, error) {
	if !who.Role.Can(archive.OpManageUsers) {
		return nil, model.ErrForbidden
	}
	var out []TokenInfo
	err := a.st.Read(ctx, func(tx *store.Tx) error {
		ks, err := tx.Tokens(ctx)
		for _, k := range ks {
			out = append(out, infoOf(k))
		}
		return err
	})
	return out, err
}

// RevokeToken ends a token at once. id is the token's id as listed, or its last 8 digits
// when they name one token.
func (a *Auth) RevokeToken(ctx context.Context, who archive.Actor, id string) error {
	if !who.Role.Can(archive.OpManageUsers) {
		return model.ErrForbidden
	}
	return a.st.Write(ctx, func(tx *store.Tx) error {
		k, err := findToken(ctx, tx, strings.TrimSpace(id))
		if err != nil {
			return err
		}
		if !k.Revoked.IsZero() {
			return fmt.Errorf("token %s is already revoked", shortID(k.ID))
		}
		if err := tx.RevokeToken(ctx, k.ID); err != nil {
			return err
		}
		return tx.Audit(ctx, who.Name, "token_revoke", "user", k.UserID.String(), fmt.Sprintf("token %s of %s", shortID(k.ID), k.Username))
	})
}

func findToken(ctx context.Context, tx *store.Tx, ref string) (*store.APIToken, error) {
	if id, err := model.ParseID(ref); err == nil {
		return tx.TokenByID(ctx, id)
	}
	if len(ref) != 8 {
		return nil, fmt.Errorf("token %q: %w", ref, model.ErrNotFound)
	}
	ks, err := tx.Tokens(ctx)
	if err != nil {
		return nil, err
	}
	var found *store.APIToken
	for _, k := range ks {
		if shortID(k.ID) == strings.ToLower(ref) {
			if found != nil {
				return nil, fmt.Errorf("%q names more than one token; give the whole id", ref)
			}
			found = k
		}
	}
	if found == nil {
		return nil, fmt.Errorf("token %q: %w", ref, model.ErrNotFound)
	}
	return found, nil
}

// TokenActor returns the actor of a valid bearer token: its user, with the user's current
// role, named "user/token-ID" so the audit log tells token actions from sign-ins. Any
// invalid token (unknown, expired, revoked, its user disabled) is model.ErrUnauthorized.
func (a *Auth) TokenActor(ctx context.Context, token string) (archive.Actor, error) {
	if !strings.HasPrefix(token, TokenPrefix) || len(token) > 100 {
		return archive.Actor{}, model.ErrUnauthorized
	}
	h := hashTokenBytes(token)
	var u *store.User
	var k *store.APIToken
	err := a.st.Read(ctx, func(tx *store.Tx) (err error) {
		u, k, err = tx.TokenUser(ctx, h)
		return err
	})
	if errors.Is(err, model.ErrNotFound) {
		return archive.Actor{}, model.ErrUnauthorized
	}
	if err != nil {
		return archive.Actor{}, fmt.Errorf("checking the token: %w", err)
	}
	if now := a.st.Now(); now.Sub(k.LastUsed) > touchEvery {
		if err := a.st.Write(ctx, func(tx *store.Tx) error { return tx.TouchToken(ctx, k.ID, now) }); err != nil {
			return archive.Actor{}, fmt.Errorf("recording the token's use: %w", err)
		}
	}
	return archive.Actor{Name: tokenActorName(u.Username, k.ID), Role: archive.Role(u.Role)}, nil
}

// newAPIToken returns "tzt_" and 256 random bits.
func newAPIToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return TokenPrefix + base64.RawURLEncoding.EncodeToString(b)
}

// ParseTTL reads a token lifetime: "90d", "12h", "30m", or a date (2027-03-01, the end of
// which it lasts until), relative to now.
func ParseTTL(s string, now time.Time) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	if d, ok := strings.CutSuffix(s, "d"); ok {
		var n int
		if _, err := fmt.Sscanf(d, "%d", &n); err == nil && fmt.Sprint(n) == d && n > 0 {
			return time.Duration(n) * 24 * time.Hour, nil
		}
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		d := t.Add(24 * time.Hour).Sub(now)
		if d <= 0 {
			return 0, fmt.Errorf("%s is in the past", s)
		}
		return d, nil
	}
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return d, nil
	}
	return 0, fmt.Errorf("%q is not a lifetime (say 90d, 12h or a date like 2027-03-01)", s)
}
