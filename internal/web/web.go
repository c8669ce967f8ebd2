// Package web serves tizim over HTTP: the public register (person pages, statistics, the
// public JSON API) and the team's side behind a session cookie (lists, full person views,
// the team API, sign-in, enrolment and user management).
//
// Handlers are thin: they decode a request, call one archive or auth method and render the
// result. This package must not build any public view itself: public templates and the
// public API render only access.PublicPerson values and archive.Stats, which package access
// projects field by field. It must not render, log or store confidential values outside the
// team's person view, and it holds no package-level mutable state.
package web

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/auth"
)

// Config is what the handler needs.
type Config struct {
	Archive *archive.Archive
	Auth    *auth.Auth
	Files   *archive.Files // evidence files; nil: no evidence pages
	Log     *slog.Logger
	// Secure is true unless tizim serves plain http on a non-loopback address. With it the
	// session cookie is "__Host-tizim" with the Secure flag (browsers accept Secure cookies
	// on http://localhost and http://127.0.0.1 too); without it the cookie is "tizim" and not
	// Secure, since a browser would drop a Secure cookie sent over plain http elsewhere.
	Secure bool
	// NoPageCache turns off the cache of rendered public person pages and of the JSON of
	// public projections (for measuring).
	NoPageCache bool
}

// server holds the handler's state; one per New.
type server struct {
	arch    *archive.Archive
	auth    *auth.Auth
	files   *archive.Files
	log     *slog.Logger
	secure  bool
	pages   *pages
	assets  *assets
	limiter *limiter
	// pageCache keeps rendered public person pages (see pagecache.go).
	pageCache *pageCache
	jsonMemo  *jsonMemo // the JSON of public projections (see pagecache.go)
}

// New returns the handler for the whole site.
func New(cfg Config) http.Handler {
	log := cfg.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &server{arch: cfg.Archive, auth: cfg.Auth, files: cfg.Files, log: log, secure: cfg.Secure,
		assets: loadAssets(), limiter: newLimiter(), pageCache: newPageCache(cfg.NoPageCache), jsonMemo: newJSONMemo(cfg.NoPageCache)}
	s.pages = loadPages(s.assets)

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok"))
	})
	mux.Handle("GET /assets/{name}", s.assets)

	// The public site and public API.
	mux.Handle("GET /{$}", s.handle(s.register))
	mux.Handle("GET /p/{code}", s.handle(s.publicPerson))
	mux.Handle("GET /stats", s.handle(s.stats))
	mux.Handle("GET /about", s.handle(s.about))
	mux.Handle("GET /api/v1/public/people", s.handle(s.apiPublicPeople))
	mux.Handle("GET /api/v1/public/people/{code}", s.handle(s.apiPublicPerson))
	mux.Handle("GET /api/v1/public/stats", s.handle(s.apiPublicStats))

	// OpenRefine reconciliation: public for anyone, the team's view for a session.
	mux.Handle("GET /reconcile", s.handle(s.reconcile))
	mux.Handle("POST /reconcile", s.handle(s.reconcile))
	mux.Handle("GET /reconcile/preview", s.handle(s.reconcilePreview))
	mux.Handle("GET /reconcile/suggest/{kind}", s.handle(s.reconcileSuggest))

	// Signing in and out.
	mux.Handle("GET /login", s.handle(s.loginForm))
	mux.Handle("POST /login", s.handle(s.login))
	mux.Handle("POST /logout", s.handle(s.logout))
	mux.Handle("GET /enrol", s.handle(s.enrolForm))
	mux.Handle("POST /enrol", s.handle(s.enrol))

	// The team's side.
	mux.Handle("GET /team/{$}", s.team(s.teamPeople))
	mux.Handle("GET /team/person/{id}", s.team(s.teamPerson))
	mux.Handle("GET /team/users", s.team(s.users))
	mux.Handle("POST /team/users/invite", s.team(s.invite))
	mux.Handle("POST /team/users/disable", s.team(s.disable))
	mux.Handle("GET /team/review", s.team(s.reviewPage))
	mux.Handle("POST /team/review/merge", s.team(s.reviewMerge))
	mux.Handle("POST /team/review/separate", s.team(s.reviewSeparate))
	mux.Handle("POST /team/review/undo", s.team(s.reviewUndo))
	s.evidenceRoutes(mux)
	mux.Handle("GET /api/v1/people", s.team(s.apiPeople))
	mux.Handle("GET /api/v1/people/{id}", s.team(s.apiPerson))
	mux.Handle("GET /api/v1/review", s.team(s.apiReviews))
	mux.Handle("POST /api/v1/review/separate", s.team(s.apiSeparate))
	mux.Handle("POST /api/v1/review/merge", s.team(s.apiMerge))
	mux.Handle("POST /api/v1/merges/{id}/undo", s.team(s.apiUndoMerge))

	// Everything else: our own 404 page or JSON, with the same headers.
	mux.Handle("/", s.handle(func(w http.ResponseWriter, r *http.Request) error { return errNoRoute }))

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(s.handle(func(w http.ResponseWriter, r *http.Request) error { return errCrossOrigin }))
	return s.headers(cop.Handler(mux))
}

// The Content-Security-Policy allows nothing from another origin and no inline code.
const csp = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// headers sets the security headers on every response, before anything else runs, so that
// errors, 404s and cross-origin rejections carry them too.
func (s *server) headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if isTeamPath(r.URL.Path) {
			h.Set("Cache-Control", "no-store")
		} else {
			// Public pages are revalidated, so that a withdrawn consent is honoured at once.
			h.Set("Cache-Control", "no-cache")
			h.Set("Vary", "Accept-Language, Cookie")
		}
		next.ServeHTTP(w, r)
	})
}

// isTeamPath reports whether a path belongs to the team's side (or signing in), whose
// responses must never be stored by a browser or proxy.
func isTeamPath(p string) bool {
	switch {
	case strings.HasPrefix(p, "/api/v1/public/"):
		return false
	case strings.HasPrefix(p, "/team"), strings.HasPrefix(p, "/api/"),
		p == "/login", p == "/logout", p == "/enrol":
		return true
	}
	return false
}

// isAPI reports whether a request is for JSON rather than a page.
func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }
