package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/tizim/tizim/internal/auth"
)

// Signing in, enrolling with a one-time code, signing out. Passwords and codes are never
// logged or echoed back into a form.

type loginPage struct {
	Username string
	Next     string
	Error    string
}

// safeNext keeps a post-sign-in redirect on the team's side of this site.
func safeNext(next string) string {
	if strings.HasPrefix(next, "/team/") && !strings.ContainsAny(next, "\\\r\n") {
		return next
	}
	return "/team/"
}

func (s *server) loginForm(w http.ResponseWriter, r *http.Request) error {
	l := s.locale(w, r)
	s.render(w, r, http.StatusOK, "login", l, l.T("login.title"), loginPage{Next: safeNext(r.URL.Query().Get("next"))})
	return nil
}

func (s *server) login(w http.ResponseWriter, r *http.Request) error {
	l := s.locale(w, r)
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	user, pass := strings.TrimSpace(r.PostFormValue("username")), r.PostFormValue("password")
	page := loginPage{Username: user, Next: safeNext(r.PostFormValue("next"))}
	addr := clientAddr(r)
	if !s.limiter.allowed(user, addr) {
		page.Error = l.T("login.too_many")
		s.render(w, r, http.StatusTooManyRequests, "login", l, l.T("login.title"), page)
		return nil
	}
	token, _, err := s.auth.Login(r.Context(), user, pass)
	if errors.Is(err, auth.ErrBadCredentials) {
		s.limiter.failed(user, addr)
		page.Error = l.T("login.failed") // the same text whether the user or the password was wrong
		s.render(w, r, http.StatusUnauthorized, "login", l, l.T("login.title"), page)
		return nil
	}
	if err != nil {
		return err
	}
	s.limiter.succeeded(user)
	s.setSession(w, token)
	http.Redirect(w, r, page.Next, http.StatusSeeOther)
	return nil
}

func (s *server) logout(w http.ResponseWriter, r *http.Request) error {
	if tok := s.token(r); tok != "" {
		if err := s.auth.Logout(r.Context(), tok); err != nil {
			return err
		}
	}
	s.clearSession(w)
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

type enrolPage struct {
	Code, Username, Error string
}

func (s *server) enrolForm(w http.ResponseWriter, r *http.Request) error {
	l := s.locale(w, r)
	// The code is typed, never taken from the URL, so it stays out of history and logs.
	s.render(w, r, http.StatusOK, "enrol", l, l.T("enrol.title"), enrolPage{})
	return nil
}

func (s *server) enrol(w http.ResponseWriter, r *http.Request) error {
	l := s.locale(w, r)
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	code, user, pass := strings.TrimSpace(r.PostFormValue("code")), strings.TrimSpace(r.PostFormValue("username")), r.PostFormValue("password")
	page := enrolPage{Code: code, Username: user}
	addr := clientAddr(r)
	fail := func(status int, key string) error {
		page.Error = l.T(key)
		s.render(w, r, status, "enrol", l, l.T("enrol.title"), page)
		return nil
	}
	if !s.limiter.allowed("enrol:"+addr, addr) {
		return fail(http.StatusTooManyRequests, "login.too_many")
	}
	if err := auth.CheckPassword(pass); err != nil {
		return fail(http.StatusBadRequest, "enrol.short_password")
	}
	if pass != r.PostFormValue("password2") {
		return fail(http.StatusBadRequest, "enrol.mismatch")
	}
	if _, err := s.auth.Enrol(r.Context(), code, user, pass); err != nil {
		// auth says which part was wrong in English; the detail goes to the log, without
		// the code or the password, and the user gets the translated explanation.
		s.limiter.failed("enrol:"+addr, addr)
		s.log.Info("enrolment failed", "err", err)
		return fail(http.StatusBadRequest, "enrol.failed")
	}
	token, _, err := s.auth.Login(r.Context(), user, pass)
	if err != nil {
		return err
	}
	s.setSession(w, token)
	http.Redirect(w, r, "/team/", http.StatusSeeOther)
	return nil
}
