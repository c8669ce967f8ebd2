package archive

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"sync"
	"sync/atomic"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
)

// ImportCounts says what a batch did to the archive.
type ImportCounts struct {
	Created, Updated, Unchanged int64
}

// ImportBatch writes one batch of an import in one transaction, through the same rules as
// Put and RecordConsent: validation, derived publication, kept confidential parts, script
// detection, index rows, one audit entry per record written. Records are matched to the
// archive by id, else by external id; a record equal to the stored one is left alone, so a
// re-import changes nothing. The run's progress (rows up to upto of phase, plus skipped
// rows) is saved in the same transaction, so a crash leaves either the whole batch and its
// progress or neither.
//
// prep, when not nil, holds the batch's search rows computed by PrepareImport before the
// transaction (ADR 0412).
//
// known, when not nil, says which records' external ids were not stored when the import
// began (KnownAbsent): those are not looked up while nothing else has written since.
func (a *Archive) ImportBatch(ctx context.Context, who Actor, run string, phase int, upto int64, skipped int64, recs []model.Record, prep *store.Prepared, known *KnownAbsent) (ImportCounts, error) {
	return a.importBatch(ctx, who, run, phase, upto, skipped, recs, prep, known, nil)
}

// ImportBatchInTurn is ImportBatch for a pipeline of batches (ADR 0417): it may start
// before the batch before it has committed, and writes its new records and most of their
// derived rows meanwhile; turn returns once the batch before has committed (or an error if
// it failed), and only then does the batch write its name index rows, audit entries and
// progress, and commit. Batches in flight together must hold disjoint records — no record
// in two of them, found in the archive by one and created by another — as the batches of
// a table import's first phase are (its check pass allows each external id once). With
// everything else, ImportBatch's rules and guarantees are the same.
func (a *Archive) ImportBatchInTurn(ctx context.Context, who Actor, run string, phase int, upto int64, skipped int64, recs []model.Record, prep *store.Prepared, known *KnownAbsent, turn func() error) (ImportCounts, error) {
	return a.importBatch(ctx, who, run, phase, upto, skipped, recs, prep, known, turn)
}

// KnownAbsent is what an import knows, before its first batch, of which external ids of its
// file are not stored (ADR 0425). Each batch looked every one of its rows up by external id
// in its transaction — a seek in the index for each row, 5 % of the SQLite writer's time in
// an import of new rows. Reading every stored external id once instead costs one pass over
// the index (nothing, for an archive without them); a batch then looks up only the ids that
// were stored, as long as nothing but the import's own batches has committed since: SQLite's
// data version of the writer's connection has not moved (no other connection, in any
// process) and neither has the store's count of commits and writer connections
// (Tx.Commits: no other write of this process). Once either has, every batch looks
// everything up again, as before.
type KnownAbsent struct {
	version int64 // the writer connection's data version when the ids were read
	absent  func(ext string) bool
	mu      sync.Mutex
	commits int64 // the store's commits expected at the next batch: nothing else written
	stale   bool
	skipped atomic.Int64 // rows not looked up
}

// Skipped is how many rows the batches did not look up thanks to k.
func (k *KnownAbsent) Skipped() int64 { return k.skipped.Load() }

// isNew reports whether ext was not stored when k was read, counting the rows it spares a
// lookup.
func (k *KnownAbsent) isNew(ext string) bool {
	if k.absent(ext) {
		k.skipped.Add(1)
		return true
	}
	return false
}

// KnownAbsent reads the stored external ids and returns which of the file's (inFile) were
// not stored; nil where the engine cannot tell later whether that still holds (PostgreSQL).
func (a *Archive) KnownAbsent(ctx context.Context, who Actor, inFile func(ext string) bool) (*KnownAbsent, error) {
	if err := who.need(OpWrite); err != nil {
		return nil, err
	}
	// The stored ids of the file by hash: an id sharing its hash with a stored one is looked
	// up, which is always safe.
	seed := maphash.MakeSeed()
	stored := map[uint64]struct{}{}
	version, commits, ok, err := a.st.ExternalIDs(ctx, func(ext string) {
		if inFile(ext) {
			stored[maphash.String(seed, ext)] = struct{}{}
		}
	})
	if err != nil || !ok {
		return nil, err
	}
	return &KnownAbsent{version: version, commits: commits, absent: func(ext string) bool {
		_, was := stored[maphash.String(seed, ext)]
		return !was && inFile(ext)
	}}, nil
}

// holds reports whether k may still be trusted in tx, a batch's write transaction: nothing
// but the import's own batches has committed since the ids were read — no other connection
// (the data version) and no other transaction of this store (its commits; a batch that did
// not commit counts as another write, and so ends the trust too). Once it fails it never
// holds again.
func (k *KnownAbsent) holds(ctx context.Context, tx *store.Tx) (bool, error) {
	if k == nil {
		return false, nil
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.stale {
		return false, nil
	}
	v, err := tx.DataVersion(ctx)
	if err != nil {
		return false, err
	}
	if c := tx.Commits(); v != k.version || c != k.commits {
		k.stale = true
		return false, nil
	}
	k.commits++ // this batch's own commit
	return true, nil
}

func (a *Archive) importBatch(ctx context.Context, who Actor, run string, phase int, upto int64, skipped int64, recs []model.Record, prep *store.Prepared, known *KnownAbsent, turn func() error) (ImportCounts, error) {
	var c ImportCounts
	if err := who.need(OpWrite); err != nil {
		return c, err
	}
	write := a.st.WriteBulk
	if turn != nil {
		write = func(ctx context.Context, fn func(*store.Tx) error) error { return a.st.WriteBulkInTurn(ctx, turn, fn) }
	}
	// A batch commits without waiting for the disk; FinishImport's commit waits, and with it
	// every batch before it (store.WriteBulk).
	err := write(ctx, func(tx *store.Tx) error {
		c = ImportCounts{}
		var absent func(string) bool
		if ok, err := known.holds(ctx, tx); err != nil {
			return err
		} else if ok {
			absent = known.isNew
		}
		old, err := existing(ctx, tx, recs, absent)
		if err != nil {
			return err
		}
		var save []model.Record
		var consents []*model.Consent
		actions := map[model.Record]string{}
		for _, rec := range recs {
			prev := old[rec]
			m := rec.Head()
			code := ""
			if p, ok := rec.(*model.Person); ok {
				code = p.PublicCode
			}
			if prev != nil {
				m.ID, m.Version = prev.Head().ID, prev.Head().Version
			}
			keepPublication(rec, prev)
			keepSecret(rec, prev)
			detectScripts(rec)
			if p, ok := rec.(*model.Person); ok && prev == nil && code != "" {
				// A public code travels with a restored record so its public URL survives a
				// move between archives; whether it is published is still only decided by
				// its consents (phase 2).
				p.PublicCode = code
			}
			if prev != nil && sameContent(rec, prev) {
				c.Unchanged++
				continue
			}
			if prev == nil {
				c.Created++
				actions[rec] = "create"
			} else {
				c.Updated++
				actions[rec] = "update"
			}
			if cs, ok := rec.(*model.Consent); ok {
				consents = append(consents, cs)
				continue
			}
			save = append(save, rec)
		}
		if err := tx.PutPrepared(ctx, save, prep, who.Name, "import"); err != nil {
			return err
		}
		// In a pipeline, what follows waits until the batch before has committed.
		if err := tx.TakeTurn(ctx); err != nil {
			return err
		}
		entries := make([]store.AuditRecord, 0, len(save))
		for _, rec := range save {
			m := rec.Head()
			entries = append(entries, store.AuditRecord{Actor: who.Name, Action: actions[rec], Kind: string(rec.Kind()),
				Record: m.ID.String(), Detail: fmt.Sprintf("version %d; import %.12s", m.Version, run)})
		}
		if err := tx.AuditBatch(ctx, entries); err != nil {
			return err
		}
		// The batch's consents in one go, with RecordConsent's effect one by one.
		if err := a.consentsTx(ctx, tx, who, consents); err != nil {
			if len(consents) == 1 {
				err = fmt.Errorf("consent %s: %w", consents[0].ID, err)
			}
			return err
		}
		return tx.SaveImportProgress(ctx, run, phase, upto, c.Created, c.Updated, c.Unchanged, skipped)
	})
	return c, err
}

// PrepareImport does the part of writing a batch that needs only the records — the scripts
// of name forms, the name engine's keys and the other search rows — on the store's spare
// cores, outside any transaction, so an import can prepare the next batch while ImportBatch
// writes this one. It reads nothing.
func (a *Archive) PrepareImport(recs []model.Record) *store.Prepared {
	// Scripts are detected here, on the spare cores, rather than by the writer in the batch's
	// transaction (importBatch detects them again: a no-op for forms that have one).
	a.st.SpareCores().Each(len(recs), func(i int) { detectScripts(recs[i]) })
	return a.st.Prepare(recs)
}

// existing finds the stored version of each record, by id or by external id; a record
// without an id whose external id is absent (when absent is not nil) is known to be new.
func existing(ctx context.Context, tx *store.Tx, recs []model.Record, absent func(ext string) bool) (map[model.Record]model.Record, error) {
	var ids []model.ID
	var exts []string
	for _, r := range recs {
		m := r.Head()
		if !m.ID.IsZero() {
			ids = append(ids, m.ID)
		}
		if m.ExternalID != "" && (!m.ID.IsZero() || absent == nil || !absent(m.ExternalID)) {
			exts = append(exts, m.ExternalID)
		}
	}
	byID, err := tx.GetMany(ctx, ids, true)
	if err != nil {
		return nil, err
	}
	byExt, err := tx.ByExternalIDs(ctx, exts, true)
	if err != nil {
		return nil, err
	}
	out := map[model.Record]model.Record{}
	for _, r := range recs {
		m := r.Head()
		var prev model.Record
		if !m.ID.IsZero() {
			prev = byID[m.ID]
			if o := byExt[m.ExternalID]; prev == nil && o != nil {
				return nil, fmt.Errorf("%s %s: its external id %q already belongs to another record (%s %s): %w",
					r.Kind(), m.ID, m.ExternalID, o.Kind(), o.Head().ID, model.ErrConflict)
			}
		} else if m.ExternalID != "" {
			prev = byExt[m.ExternalID]
		}
		if prev != nil {
			if prev.Kind() != r.Kind() {
				return nil, fmt.Errorf("%s %q is already a %s in the archive", r.Kind(), m.ExternalID, prev.Kind())
			}
			out[r] = prev
		}
	}
	return out, nil
}

// sameContent reports whether two records of a kind say the same, ignoring their metadata
// (version, times, authors).
func sameContent(a, b model.Record) bool {
	ma, mb := a.Head(), b.Head()
	saved := *ma
	*ma = *mb
	ja, err1 := json.Marshal(a)
	*ma = saved
	jb, err2 := json.Marshal(b)
	if err1 != nil || err2 != nil || !bytes.Equal(ja, jb) {
		return false
	}
	sa, ok1 := a.(model.Secretive)
	sb, ok2 := b.(model.Secretive)
	if !ok1 || !ok2 {
		return ok1 == ok2
	}
	xa, _ := json.Marshal(sa.SecretPart())
	xb, _ := json.Marshal(sb.SecretPart())
	return bytes.Equal(xa, xb)
}

// StartImport records the start of a run, or returns the recorded progress of an
// unfinished run with the same id so the caller can resume after it.
func (a *Archive) StartImport(ctx context.Context, who Actor, run, file string) (r store.ImportRun, resumed bool, err error) {
	if err := who.need(OpWrite); err != nil {
		return r, false, err
	}
	err = a.st.Write(ctx, func(tx *store.Tx) error {
		prev, found, err := tx.ImportRun(ctx, run)
		if err != nil {
			return err
		}
		if found && prev.FinishedAt == 0 {
			r, resumed = prev, true
			return tx.Audit(ctx, who.Name, "import_resume", "", run, fmt.Sprintf("%s from phase %d row %d", file, prev.Phase, prev.RowsDone))
		}
		r = store.ImportRun{ID: run, File: file, Actor: who.Name, Phase: 1}
		if err := tx.StartImportRun(ctx, r); err != nil {
			return err
		}
		return tx.Audit(ctx, who.Name, "import_start", "", run, file)
	})
	return r, resumed, err
}

// FinishImport marks the run complete and audits its totals.
func (a *Archive) FinishImport(ctx context.Context, who Actor, run string) (r store.ImportRun, err error) {
	err = a.st.Write(ctx, func(tx *store.Tx) error {
		if err := tx.FinishImportRun(ctx, run); err != nil {
			return err
		}
		r, _, err = tx.ImportRun(ctx, run)
		if err != nil {
			return err
		}
		return tx.Audit(ctx, who.Name, "import_finish", "", run, fmt.Sprintf("%s: %d created, %d updated, %d unchanged, %d skipped",
			r.File, r.Created, r.Updated, r.Unchanged, r.Skipped))
	})
	return r, err
}

// Gazetteer returns the places and facilities of the archive, for imports to resolve
// hometowns and detention sites. They are reference data: reading them is not audited.
func (a *Archive) Gazetteer(ctx context.Context, who Actor) (places []*model.Place, facilities []*model.Facility, err error) {
	if err := who.need(OpRead); err != nil {
		return nil, nil, err
	}
	err = a.st.Read(ctx, func(tx *store.Tx) error {
		for _, k := range []model.Kind{model.KindPlace, model.KindFacility} {
			for rec, err := range tx.All(ctx, k, false) {
				if err != nil {
					return err
				}
				switch r := rec.(type) {
				case *model.Place:
					places = append(places, r)
				case *model.Facility:
					facilities = append(facilities, r)
				}
			}
		}
		return nil
	})
	return places, facilities, err
}

// ResolveRefs maps references (ids or external ids) to ids; unknown ones are absent.
func (a *Archive) ResolveRefs(ctx context.Context, refs []string) (out map[string]model.ID, err error) {
	err = a.st.Read(ctx, func(tx *store.Tx) error {
		out, err = tx.IDsByRef(ctx, refs)
		return err
	})
	return out, err
}
