package auth_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/auth"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/store/storetest"
)

// TestTokens: a token acts as its user with the user's role, expires, can be revoked,
// dies with its user, is stored only as a hash, and its making and revoking are audited.
func TestTokens(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			var mu sync.Mutex
			now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
			clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
			advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
			st, err := store.Open(ctx, store.Config{SQLitePath: e.SQLitePath, PostgresURL: e.PostgresURL, Keys: storetest.Keys(t), Now: clock})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			a := auth.New(st)
			sys := archive.SystemActor("test")
			code, _ := a.Invite(ctx, sys, archive.Researcher)
			if _, err := a.Enrol(ctx, code, "rita", "four words are enough"); err != nil {
				t.Fatal(err)
			}
			if _, err := a.Invite(ctx, sys, archive.Editor); err != nil { // invited, never enrolled
				t.Fatal(err)
			}

			if _, _, err := a.CreateToken(ctx, archive.Actor{Name: "e", Role: archive.Editor}, "rita", "", 0); !errors.Is(err, model.ErrForbidden) {
				t.Errorf("an editor made a token: %v", err)
			}
			if _, _, err := a.CreateToken(ctx, sys, "nobody", "", 0); err == nil {
				t.Error("token for an unknown user")
			}
			if _, _, err := a.CreateToken(ctx, sys, "rita", "", 400*24*time.Hour); err == nil {
				t.Error("token for more than a year")
			}
			tok, info, err := a.CreateToken(ctx, sys, "rita", "openrefine", 48*time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(tok, auth.TokenPrefix) || len(tok) < 40 || info.User != "rita" || !info.Expires.Equal(now.Add(48*time.Hour)) {
				t.Fatalf("token %q info %+v", tok, info)
			}
			who, err := a.TokenActor(ctx, tok)
			if err != nil || who.Role != archive.Researcher || !strings.HasPrefix(who.Name, "rita/token-") {
				t.Fatalf("token actor %+v %v", who, err)
			}
			for _, bad := range []string{"", "tzt_", tok + "x", strings.TrimPrefix(tok, auth.TokenPrefix), strings.ToUpper(tok)} {
				if _, err := a.TokenActor(ctx, bad); !errors.Is(err, model.ErrUnauthorized) {
					t.Errorf("token %q: %v, want unauthorized", bad, err)
				}
			}
			// A session token is not an API token, nor the other way round.
			session, _, err := a.Login(ctx, "rita", "four words are enough")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.TokenActor(ctx, auth.TokenPrefix+session); !errors.Is(err, model.ErrUnauthorized) {
				t.Errorf("session used as a token: %v", err)
			}
			if _, err := a.Session(ctx, tok); !errors.Is(err, model.ErrUnauthorized) {
				t.Errorf("token used as a session: %v", err)
			}

			// Only the hash is stored.
			st.Read(ctx, func(tx *store.Tx) error {
				ks, err := tx.Tokens(ctx)
				if err != nil || len(ks) != 1 {
					t.Fatalf("stored tokens: %v %v", ks, err)
				}
				if sum := sha256.Sum256([]byte(tok)); !bytes.Equal(ks[0].Hash, sum[:]) {
					t.Errorf("stored %x, want the token's SHA-256", ks[0].Hash)
				}
				return nil
			})

			// Expiry.
			advance(47 * time.Hour)
			if _, err := a.TokenActor(ctx, tok); err != nil {
				t.Errorf("token before expiry: %v", err)
			}
			advance(2 * time.Hour)
			if _, err := a.TokenActor(ctx, tok); !errors.Is(err, model.ErrUnauthorized) {
				t.Errorf("expired token: %v", err)
			}

			// Revocation, by the short id.
			tok2, info2, err := a.CreateToken(ctx, sys, "rita", "script", 0)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.TokenActor(ctx, tok2); err != nil {
				t.Fatal(err)
			}
			short := strings.ReplaceAll(info2.ID, "-", "")
			if err := a.RevokeToken(ctx, sys, short[len(short)-8:]); err != nil {
				t.Fatal(err)
			}
			if _, err := a.TokenActor(ctx, tok2); !errors.Is(err, model.ErrUnauthorized) {
				t.Errorf("revoked token: %v", err)
			}
			if err := a.RevokeToken(ctx, sys, info2.ID); err == nil {
				t.Error("revoked twice")
			}
			ks, err := a.Tokens(ctx, sys)
			if err != nil || len(ks) != 2 {
				t.Fatalf("tokens: %+v %v", ks, err)
			}
			states := map[string]string{}
			for _, k := range ks {
				states[k.Label] = k.State(clock())
			}
			if states["openrefine"] != "expired" || states["script"] != "revoked" {
				t.Errorf("states %v", states)
			}

			// A disabled user's tokens stop working.
			tok3, _, err := a.CreateToken(ctx, sys, "rita", "", 0)
			if err != nil {
				t.Fatal(err)
			}
			if err := a.Disable(ctx, sys, "rita"); err != nil {
				t.Fatal(err)
			}
			if _, err := a.TokenActor(ctx, tok3); !errors.Is(err, model.ErrUnauthorized) {
				t.Errorf("disabled user's token: %v", err)
			}

			var actions []string
			st.Read(ctx, func(tx *store.Tx) error {
				for e, err := range tx.AuditEntries(ctx, false, 0) {
					if err != nil {
						return err
					}
					actions = append(actions, e.Action)
				}
				return nil
			})
			got := strings.Join(actions, ",")
			if strings.Count(got, "token_add") != 3 || strings.Count(got, "token_revoke") != 1 {
				t.Errorf("audit: %s", got)
			}
		})
	}
}

func TestParseTTL(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Duration{"": 0, "30d": 30 * 24 * time.Hour, "12h": 12 * time.Hour,
		"2026-03-02": 36 * time.Hour} {
		if got, err := auth.ParseTTL(in, now); err != nil || got != want {
			t.Errorf("%q: %v %v, want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"d", "-3d", "3x", "2026-02-01", "0h", "1.5d"} {
		if _, err := auth.ParseTTL(in, now); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
}
