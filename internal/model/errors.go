package model

import "errors"

// Domain errors. The web layer maps them to HTTP statuses in one table; the CLI to exit codes.
var (
	ErrNotFound     = errors.New("not found")
	ErrConflict     = errors.New("conflict: the record was changed by someone else")
	ErrForbidden    = errors.New("your role may not do this")
	ErrUnauthorized = errors.New("sign in first")
)
