package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/tizim/tizim/internal/model"
)

// EvidenceFile is where an Evidence record's file is and what it was at ingest. The row is
// written once, in the transaction that creates the Evidence record, after the encrypted
// object is durable; tizim never updates or deletes it.
type EvidenceFile struct {
	ID          model.ID // the Evidence record
	Object      string   // blob store name: random, not derived from the hash
	SHA256      string   // of the plaintext, lower-case hex
	Size        int64    // plaintext bytes
	StoredSize  int64    // encrypted bytes in the blob store
	MediaType   string
	Original    model.ID // set on a derivative
	Derivation  string   // scrubbed, transcode, thumbnail, redacted
	Probe       string   // ffprobe's technical metadata, JSON, no tags
	SourceName  string   // the file's name when it was received
	ReceivedBy  string   // the actor who ingested it
	ReceivedHow string   // how it came in: "tizim attach", "manifest appeals.csv row 12", …
	CreatedAt   int64    // Unix microseconds
}

const evidenceCols = `id, object, sha256, size, stored_size, media_type, original, derivation, probe, source_name, received_by, received_how, created_at`

// AddEvidenceFile records an ingested file. A second original with the same SHA-256, or a
// second derivative of the same kind, is a conflict.
func (t *Tx) AddEvidenceFile(ctx context.Context, f *EvidenceFile) error {
	var orig any
	if !f.Original.IsZero() {
		orig = f.Original[:]
	}
	if f.CreatedAt == 0 {
		f.CreatedAt = t.s.now().UnixMicro()
	}
	_, err := t.exec(ctx, `insert into evidence_files (`+evidenceCols+`) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		f.ID[:], f.Object, f.SHA256, f.Size, f.StoredSize, f.MediaType, orig, f.Derivation, f.Probe,
		f.SourceName, f.ReceivedBy, f.ReceivedHow, f.CreatedAt)
	if err != nil {
		return fmt.Errorf("evidence file %s: %w", f.ID, err)
	}
	_, err = t.exec(ctx, `delete from evidence_pending where object = $1`, f.Object)
	return err
}

func scanEvidence(row interface{ Scan(...any) error }) (*EvidenceFile, error) {
	f := &EvidenceFile{}
	var id, orig []byte
	if err := row.Scan(&id, &f.Object, &f.SHA256, &f.Size, &f.StoredSize, &f.MediaType, &orig, &f.Derivation,
		&f.Probe, &f.SourceName, &f.ReceivedBy, &f.ReceivedHow, &f.CreatedAt); err != nil {
		return nil, err
	}
	f.ID = model.ID(id)
	if orig != nil {
		f.Original = model.ID(orig)
	}
	return f, nil
}

// EvidenceFile returns the file row of an Evidence record.
func (t *Tx) EvidenceFile(ctx context.Context, id model.ID) (*EvidenceFile, error) {
	f, err := scanEvidence(t.queryRow(ctx, `select `+evidenceCols+` from evidence_files where id = $1`, id[:]))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("evidence file %s: %w", id, model.ErrNotFound)
	}
	return f, err
}

// OriginalBySHA256 finds the original whose plaintext has this hash: ingest is idempotent
// on it.
func (t *Tx) OriginalBySHA256(ctx context.Context, sum string) (model.ID, bool, error) {
	var b []byte
	err := t.queryRow(ctx, `select id from evidence_files where sha256 = $1 and original is null`, sum).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return model.ID{}, false, nil
	}
	return model.ID(b), err == nil, err
}

// Derivative finds the derivative of an original made a given way.
func (t *Tx) Derivative(ctx context.Context, original model.ID, derivation string) (model.ID, bool, error) {
	var b []byte
	err := t.queryRow(ctx, `select id from evidence_files where original = $1 and derivation = $2`, original[:], derivation).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return model.ID{}, false, nil
	}
	return model.ID(b), err == nil, err
}

// HasEvidenceOfSize reports whether any original has exactly this many bytes. Ingest asks
// it before hashing a file twice: only a file of a size already stored can be a duplicate.
func (t *Tx) HasEvidenceOfSize(ctx context.Context, size int64) (bool, error) {
	var n int
	err := t.queryRow(ctx, `select count(*) from evidence_files where size = $1 and original is null`, size).Scan(&n)
	return n > 0, err
}

// EvidenceFiles returns up to limit file rows after the id after, in id order; verify pages
// through them so that no transaction stays open while files are read.
func (t *Tx) EvidenceFiles(ctx context.Context, after model.ID, limit int) ([]*EvidenceFile, error) {
	return t.evidenceList(ctx, `select `+evidenceCols+` from evidence_files where id > $1 order by id limit $2`, after[:], limit)
}

// SampleEvidenceFiles returns n file rows drawn at random.
func (t *Tx) SampleEvidenceFiles(ctx context.Context, n int) ([]*EvidenceFile, error) {
	return t.evidenceList(ctx, `select `+evidenceCols+` from evidence_files order by random() limit $1`, n)
}

// DerivativesOf lists the derivatives of an original.
func (t *Tx) DerivativesOf(ctx context.Context, original model.ID) ([]*EvidenceFile, error) {
	return t.evidenceList(ctx, `select `+evidenceCols+` from evidence_files where original = $1 order by id`, original[:])
}

func (t *Tx) evidenceList(ctx context.Context, q string, args ...any) ([]*EvidenceFile, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*EvidenceFile
	for rows.Next() {
		f, err := scanEvidence(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// EvidenceObjectKnown reports whether a stored object belongs to a file row.
func (t *Tx) EvidenceObjectKnown(ctx context.Context, object string) (bool, error) {
	var n int
	err := t.queryRow(ctx, `select count(*) from evidence_files where object = $1`, object).Scan(&n)
	return n > 0, err
}
