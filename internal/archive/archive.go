// Package archive is tizim's use-case layer: every change and every read of the archive,
// from the web, the command line or a bulk import, goes through it, so that permissions,
// the audit log, consent rules and encryption behave the same whichever way data arrives.
//
// It does not know about HTTP or terminals; it returns domain errors (model.ErrNotFound,
// model.ErrForbidden…) that the callers translate.
package archive

import (
	"context"
	"errors"
	"fmt"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/names"
	"github.com/tizim/tizim/internal/search"
	"github.com/tizim/tizim/internal/store"
)

// Archive is an open archive.
type Archive struct {
	st        *store.Store
	nameIndex *search.Live // the in-memory name index, loaded on the first search (ADR 0500)
}

// New wraps an open store.
func New(st *store.Store) *Archive { return &Archive{st: st, nameIndex: search.NewLive()} }

// Store returns the underlying store (for verify and the auth package).
func (a *Archive) Store() *store.Store { return a.st }

// Role is what a team member may do.
type Role string

// The roles. A System actor is used by tizim's own commands (init, synth loading).
const (
	Admin      Role = "admin"
	Editor     Role = "editor"
	Intake     Role = "intake"
	Researcher Role = "researcher"
	System     Role = "system"
)

// Roles lists the roles a user can have.
var Roles = []Role{Admin, Editor, Intake, Researcher}

// Op is an operation checked against a role.
type Op string

// The operations.
const (
	OpRead               Op = "read"              // internal records, without confidential parts
	OpReadConfidential   Op = "read_confidential" // identity documents, contacts, addresses
	OpWrite              Op = "write"
	OpDelete             Op = "delete"
	OpConsent            Op = "consent"
	OpExport             Op = "export"              // full exports, without confidential parts
	OpExportConfidential Op = "export_confidential" // full exports with them
	OpManageUsers        Op = "manage_users"
	OpAudit              Op = "audit" // read the audit log
)

var grants = map[Role][]Op{
	Admin:      {OpRead, OpReadConfidential, OpWrite, OpDelete, OpConsent, OpExport, OpExportConfidential, OpManageUsers, OpAudit},
	Editor:     {OpRead, OpReadConfidential, OpWrite, OpDelete, OpConsent, OpExport},
	Intake:     {OpRead, OpReadConfidential, OpWrite, OpConsent},
	Researcher: {OpRead, OpExport},
	System:     {OpRead, OpReadConfidential, OpWrite, OpDelete, OpConsent, OpExport, OpExportConfidential, OpManageUsers, OpAudit},
}

// Can reports whether role r may do op.
func (r Role) Can(op Op) bool {
	for _, o := range grants[r] {
		if o == op {
			return true
		}
	}
	return false
}

// ValidRole reports whether s names a user role.
func ValidRole(s string) bool {
	for _, r := range Roles {
		if string(r) == s {
			return true
		}
	}
	return false
}

// Actor is who is acting: a signed-in user or tizim itself.
type Actor struct {
	Name string
	Role Role
}

// SystemActor returns the actor for tizim's own commands.
func SystemActor(what string) Actor { return Actor{Name: "system:" + what, Role: System} }

func (a Actor) need(op Op) error {
	if !a.Role.Can(op) {
		return fmt.Errorf("%s (%s): %w", a.Name, op, model.ErrForbidden)
	}
	return nil
}

// Put creates or updates a record. Publication levels and public codes are never taken
// from the caller: they are derived from consent records (RecordConsent).
func (a *Archive) Put(ctx context.Context, who Actor, rec model.Record, reason string) error {
	if err := who.need(OpWrite); err != nil {
		return err
	}
	if rec.Kind() == model.KindConsent {
		return a.RecordConsent(ctx, who, rec.(*model.Consent))
	}
	return a.st.Write(ctx, func(tx *store.Tx) error { return a.put(ctx, tx, who, rec, reason) })
}

func (a *Archive) put(ctx context.Context, tx *store.Tx, who Actor, rec model.Record, reason string) error {
	m := rec.Head()
	action := "create"
	var old model.Record
	if !m.ID.IsZero() {
		var err error
		old, err = tx.Get(ctx, m.ID, true)
		switch {
		case errors.Is(err, model.ErrNotFound):
		case err != nil:
			return err
		default:
			action = "update"
		}
	}
	keepPublication(rec, old)
	keepSecret(rec, old)
	detectScripts(rec)
	if err := tx.Put(ctx, rec, who.Name, reason); err != nil {
		return err
	}
	return tx.Audit(ctx, who.Name, action, string(rec.Kind()), m.ID.String(), fmt.Sprintf("version %d", m.Version))
}

// keepPublication copies the derived publication fields from the stored record (or resets
// them to internal for a new one), whatever the caller sent.
func keepPublication(rec, old model.Record) {
	switch r := rec.(type) {
	case *model.Person:
		r.Publication, r.PublicCode = model.Internal, ""
		if o, ok := old.(*model.Person); ok {
			r.Publication, r.PublicCode = o.Publication, o.PublicCode
		}
	case *model.Testimony:
		r.Publication, r.PublicCode = model.Internal, ""
		if o, ok := old.(*model.Testimony); ok {
			r.Publication, r.PublicCode = o.Publication, o.PublicCode
		}
	}
}

// keepSecret carries the stored confidential part over when the caller sent none: forms and
// imports that do not show it must not erase it. Removing it is an explicit edit.
func keepSecret(rec, old model.Record) {
	nr, ok1 := rec.(model.Secretive)
	or, ok2 := old.(model.Secretive)
	if !ok1 || !ok2 {
		return
	}
	switch n := nr.SecretPart().(type) {
	case *model.PersonSecret:
		if n.IsZero() {
			*n = *or.SecretPart().(*model.PersonSecret)
		}
	case *model.TestimonySecret:
		if len(n.TestifierContact) == 0 && n.Location == "" && n.Notes == "" {
			*n = *or.SecretPart().(*model.TestimonySecret)
		}
	}
}

// detectScripts fills in the script of name forms that do not say it. The text itself is
// never changed: it is kept exactly as written.
func detectScripts(rec model.Record) {
	var forms []model.NameForm
	switch r := rec.(type) {
	case *model.Person:
		forms = r.Names
	case *model.Official:
		forms = r.Names
	}
	for i := range forms {
		if forms[i].Script == "" {
			forms[i].Script = names.Script(forms[i].Text)
		}
	}
}

// Get returns a record. Its confidential part is included only when the actor's role may
// read it, and that read is audited.
func (a *Archive) Get(ctx context.Context, who Actor, id model.ID) (model.Record, error) {
	if err := who.need(OpRead); err != nil {
		return nil, err
	}
	var rec model.Record
	err := a.st.Read(ctx, func(tx *store.Tx) (err error) {
		rec, err = tx.Get(ctx, id, false)
		return err
	})
	if err != nil || !who.Role.Can(OpReadConfidential) {
		return rec, err
	}
	if _, ok := rec.(model.Secretive); !ok {
		return rec, nil
	}
	err = a.st.Write(ctx, func(tx *store.Tx) (err error) {
		rec, err = tx.Get(ctx, id, true)
		if err != nil {
			return err
		}
		return tx.Audit(ctx, who.Name, "read_confidential", string(rec.Kind()), id.String(), "")
	})
	return rec, err
}

// Resolve turns an internal or external id into an id.
func (a *Archive) Resolve(ctx context.Context, ref string) (id model.ID, err error) {
	err = a.st.Read(ctx, func(tx *store.Tx) error {
		id, err = tx.Resolve(ctx, ref)
		return err
	})
	return id, err
}

// Delete removes a record; its history is kept.
func (a *Archive) Delete(ctx context.Context, who Actor, id model.ID, reason string) error {
	if err := who.need(OpDelete); err != nil {
		return err
	}
	return a.st.Write(ctx, func(tx *store.Tx) error {
		rec, err := tx.Get(ctx, id, false)
		if err != nil {
			return err
		}
		if err := tx.Delete(ctx, id, who.Name, reason); err != nil {
			return err
		}
		return tx.Audit(ctx, who.Name, "delete", string(rec.Kind()), id.String(), "")
	})
}

// History returns the earlier versions of a record (without confidential parts).
func (a *Archive) History(ctx context.Context, who Actor, id model.ID) (vs []store.Version, err error) {
	if err := who.need(OpRead); err != nil {
		return nil, err
	}
	err = a.st.Read(ctx, func(tx *store.Tx) error {
		vs, err = tx.History(ctx, id, false)
		return err
	})
	return vs, err
}
