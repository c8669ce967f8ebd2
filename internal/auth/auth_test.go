package auth_test

import (
	"context"
	"errors"
	"testing"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/auth"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/store/storetest"
)

func TestEnrolLoginDisable(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			st, err := store.Open(ctx, store.Config{SQLitePath: e.SQLitePath, PostgresURL: e.PostgresURL, Keys: storetest.Keys(t)})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			a := auth.New(st)
			if _, err := a.Invite(ctx, archive.Actor{Name: "r", Role: archive.Researcher}, archive.Editor); !errors.Is(err, model.ErrForbidden) {
				t.Errorf("researcher invited a user: %v", err)
			}
			code, err := a.Invite(ctx, archive.SystemActor("init"), archive.Admin)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.Enrol(ctx, code, "aigul", "short"); err == nil {
				t.Error("short password accepted")
			}
			if _, err := a.Enrol(ctx, code, "aigul", "four words are enough"); err != nil {
				t.Fatal(err)
			}
			if _, err := a.Enrol(ctx, code, "other", "four words are enough"); err == nil {
				t.Error("enrolment code used twice")
			}
			if _, _, err := a.Login(ctx, "aigul", "wrong password here"); !errors.Is(err, auth.ErrBadCredentials) {
				t.Errorf("wrong password: %v", err)
			}
			if _, _, err := a.Login(ctx, "nobody", "four words are enough"); !errors.Is(err, auth.ErrBadCredentials) {
				t.Errorf("unknown user: %v", err)
			}
			token, u, err := a.Login(ctx, "aigul", "four words are enough")
			if err != nil || u.Role != "admin" {
				t.Fatalf("login: %v %+v", err, u)
			}
			who, err := a.Session(ctx, token)
			if err != nil || who.Name != "aigul" || who.Role != archive.Admin {
				t.Fatalf("session: %+v %v", who, err)
			}
			if _, err := a.Session(ctx, token+"x"); err == nil {
				t.Error("forged token accepted")
			}
			code2, _ := a.Invite(ctx, who, archive.Researcher)
			a.Enrol(ctx, code2, "rita", "another long passphrase")
			tok2, _, _ := a.Login(ctx, "rita", "another long passphrase")
			if err := a.Disable(ctx, who, "rita"); err != nil {
				t.Fatal(err)
			}
			if _, err := a.Session(ctx, tok2); err == nil {
				t.Error("disabled user's session still valid")
			}
			if _, _, err := a.Login(ctx, "rita", "another long passphrase"); err == nil {
				t.Error("disabled user signed in")
			}
			a.Logout(ctx, token)
			if _, err := a.Session(ctx, token); err == nil {
				t.Error("session valid after logout")
			}
		})
	}
}
