package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/tizim/tizim/internal/archive"
)

// Managing the team (admins): the list of users, inviting one (its one-time enrolment code
// is shown once, in the response to the invitation, and never again), disabling one.

type userRow struct {
	Username string
	Role     string
	Pending  bool // invited, not yet enrolled
	Disabled bool
	Created  time.Time
}

type usersPage struct {
	Users   []userRow
	Roles   []archive.Role
	Code    string // the enrolment code just made, shown once
	Role    string
	EnrolAt string
}

func (s *server) usersPage(r *http.Request) (usersPage, error) {
	us, err := s.auth.Users(r.Context(), actor(r))
	if err != nil {
		return usersPage{}, err
	}
	p := usersPage{Roles: archive.Roles}
	for _, u := range us {
		p.Users = append(p.Users, userRow{Username: u.Username, Role: u.Role, Pending: u.EnrolHash != "",
			Disabled: u.Disabled, Created: u.Created})
	}
	return p, nil
}

func (s *server) users(w http.ResponseWriter, r *http.Request) error {
	l := s.locale(w, r)
	p, err := s.usersPage(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "users", l, l.T("users.title"), p)
	return nil
}

func (s *server) invite(w http.ResponseWriter, r *http.Request) error {
	l := s.locale(w, r)
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	role := archive.Role(r.PostFormValue("role"))
	if !archive.ValidRole(string(role)) {
		return bad("error.bad_request", "role")
	}
	code, err := s.auth.Invite(r.Context(), actor(r), role)
	if err != nil {
		return err
	}
	p, err := s.usersPage(r)
	if err != nil {
		return err
	}
	// Rendered, not redirected: the code exists only in this response (sent with no-store).
	p.Code, p.Role, p.EnrolAt = code, string(role), "/enrol"
	s.render(w, r, http.StatusOK, "users", l, l.T("users.title"), p)
	return nil
}

func (s *server) disable(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	name := strings.TrimSpace(r.PostFormValue("username"))
	if name == "" {
		return bad("error.bad_request", "no user name")
	}
	if name == actor(r).Name {
		return bad("users.not_yourself", "disable self")
	}
	if err := s.auth.Disable(r.Context(), actor(r), name); err != nil {
		return err
	}
	http.Redirect(w, r, "/team/users", http.StatusSeeOther)
	return nil
}
