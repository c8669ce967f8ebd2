package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/tizim/tizim/internal/model"
)

// Errors of the web layer itself; domain errors come from model.
var (
	errNoRoute     = errors.New("no such page")
	errCrossOrigin = errors.New("cross-origin request rejected")
	errTooMany     = errors.New("too many attempts")
	errBearerPage  = fmt.Errorf("bearer tokens are for the API, not pages: %w", model.ErrUnauthorized)
)

// badRequest is a problem with the request that the user can fix: key names the message
// shown (translated), detail is for the log.
type badRequest struct{ key, detail string }

func (e *badRequest) Error() string { return e.key + ": " + e.detail }

func bad(key, detail string) error { return &badRequest{key: key, detail: detail} }

// statusOf is the one table from errors to HTTP statuses, with the message key shown to the
// user. Anything not listed is a 500 with a generic message; its detail goes to the log.
func statusOf(err error) (int, string) {
	var br *badRequest
	switch {
	case errors.Is(err, model.ErrNotFound), errors.Is(err, model.ErrBadID), errors.Is(err, errNoRoute):
		return http.StatusNotFound, "error.not_found"
	case errors.Is(err, model.ErrForbidden):
		return http.StatusForbidden, "error.forbidden"
	case errors.Is(err, errCrossOrigin):
		return http.StatusForbidden, "error.cross_origin"
	case errors.Is(err, model.ErrUnauthorized):
		return http.StatusUnauthorized, "error.unauthorized"
	case errors.As(err, &br), model.IsValidation(err):
		return http.StatusBadRequest, "error.bad_request"
	case errors.Is(err, model.ErrConflict):
		return http.StatusConflict, "error.conflict"
	case errors.Is(err, errTooMany):
		return http.StatusTooManyRequests, "error.too_many"
	}
	return http.StatusInternalServerError, "error.internal"
}

// handlerFunc is a handler that returns its error for fail to render.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle adapts a handlerFunc.
func (s *server) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			if r.Context().Err() != nil {
				// The client went away: no one reads an answer and part of one may already
				// be sent, so no error page (a second WriteHeader), and the log says what
				// was left, not that the archive failed (at the end of every load test each
				// open request logged "request failed"); a real failure that happened as the
				// client left is still in the log, at Info.
				s.log.Info("request abandoned by the client", "method", r.Method, "path", r.URL.Path, "err", err)
				return
			}
			s.fail(w, r, err)
		}
	})
}

// fail renders err: as JSON for the API, as a page otherwise; an unauthorized page request
// is sent to the sign-in form instead.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code, key := statusOf(err)
	if code == http.StatusInternalServerError {
		// Errors carry record kinds and ids, never field values; requests are not logged.
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if code == http.StatusUnauthorized {
		if _, bearer := bearerToken(r); bearer {
			// A script sent a token that did not do: say so the way RFC 6750 says, and do
			// not send it to a sign-in form it cannot fill.
			w.Header().Set("WWW-Authenticate", `Bearer realm="tizim", error="invalid_token"`)
			writeJSON(w, code, map[string]string{"error": s.locale(w, r).T(key)})
			return
		}
	}
	if code == http.StatusUnauthorized && !isAPI(r) {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	l := s.locale(w, r)
	msg := l.T(key)
	var br *badRequest
	if errors.As(err, &br) {
		msg = l.T(br.key)
	}
	if isAPI(r) {
		writeJSON(w, code, map[string]string{"error": msg})
		return
	}
	s.render(w, r, code, "error", l, l.T(key), errorPage{Status: code, Message: msg})
}

type errorPage struct {
	Status  int
	Message string
}

// writeJSON writes v as the response.
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}
