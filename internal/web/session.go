package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/auth"
	"github.com/tizim/tizim/internal/model"
)

// The session cookie holds only the random token; auth keeps its hash and the user. The
// "__Host-" prefix makes browsers insist on Secure, Path=/ and no Domain, so no sibling host
// can set or read it. SameSite=Strict keeps it off every cross-site request; together with
// http.CrossOriginProtection that is our CSRF defence (no tokens in forms needed).
const (
	secureCookie = "__Host-tizim"
	plainCookie  = "tizim" // only when Config.Secure is false: plain http off loopback
)

func (s *server) cookieName() string {
	if s.secure {
		return secureCookie
	}
	return plainCookie
}

func (s *server) setSession(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: token, Path: "/", Secure: s.secure,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, MaxAge: int(auth.SessionTTL.Seconds())})
}

func (s *server) clearSession(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: "", Path: "/", Secure: s.secure,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, MaxAge: -1})
}

func (s *server) token(r *http.Request) string {
	c, err := r.Cookie(s.cookieName())
	if err != nil {
		return ""
	}
	return c.Value
}

type actorKey struct{}

func actorFrom(ctx context.Context) (archive.Actor, bool) {
	a, ok := ctx.Value(actorKey{}).(archive.Actor)
	return a, ok
}

// team wraps a team handler: it needs a valid session, or on the API a valid bearer token,
// whose actor it puts in the context. What the actor may do is the archive's and auth's
// business, not the handler's.
func (s *server) team(h handlerFunc) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		if bearer, ok := bearerToken(r); ok {
			if !isAPI(r) {
				return errBearerPage // pages are for browsers, which sign in
			}
			who, err := s.auth.TokenActor(r.Context(), bearer)
			if err != nil {
				return err
			}
			return h(w, r.WithContext(context.WithValue(r.Context(), actorKey{}, who)))
		}
		tok := s.token(r)
		if tok == "" {
			return model.ErrUnauthorized
		}
		who, err := s.auth.Session(r.Context(), tok)
		if err != nil {
			s.clearSession(w)
			return model.ErrUnauthorized
		}
		return h(w, r.WithContext(context.WithValue(r.Context(), actorKey{}, who)))
	})
}

// actor returns the signed-in actor of a team request.
func actor(r *http.Request) archive.Actor {
	a, _ := actorFrom(r.Context())
	return a
}

// bearerToken returns the token of an "Authorization: Bearer" header. Tokens are taken from
// that header only: never from a cookie (a browser would send it along with any cross-site
// request) nor from the query string (it would end up in logs and histories).
func bearerToken(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return "", false
	}
	scheme, tok, _ := strings.Cut(h, " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return "", true // some other scheme: present, and never valid
	}
	return strings.TrimSpace(tok), true
}
