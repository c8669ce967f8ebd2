package archive

import (
	"context"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
)

// Custody is the chain of custody of one evidence file, for a lawyer to attach to a
// submission: what the file is (SHA-256, size, type), how it came in (from whom, when, by
// whom, how), what was made from it, and every access since, each entry with its place in
// the archive's tamper-evident audit log (sequence number and hash) so it can be checked.
type Custody struct {
	Archive     string    `json:"archive_key_fingerprint"` // the archive's signing key, in hex
	GeneratedAt time.Time `json:"generated_at"`
	GeneratedBy string    `json:"generated_by"`

	ID           model.ID       `json:"id"`
	Title        string         `json:"title"`
	Kind         string         `json:"kind"`
	MediaType    string         `json:"media_type"`
	SHA256       string         `json:"sha256"`
	Size         int64          `json:"size"`
	ReceivedFrom string         `json:"received_from,omitempty"`
	ReceivedAt   string         `json:"received_at"`
	ReceivedBy   string         `json:"received_by"`
	ReceivedHow  string         `json:"received_how,omitempty"`
	SourceName   string         `json:"source_name,omitempty"`
	Original     model.ID       `json:"original,omitempty"`   // for a derivative
	Derivation   string         `json:"derivation,omitempty"` // for a derivative
	Derivatives  []Derived      `json:"derivatives,omitempty"`
	Log          []CustodyEntry `json:"log"`
	// Verified is the result of re-hashing the stored file while making this report.
	Verified string `json:"verified"`
}

// Derived is a derivative named in a custody report.
type Derived struct {
	ID         model.ID `json:"id"`
	Derivation string   `json:"derivation"`
	SHA256     string   `json:"sha256"`
	MediaType  string   `json:"media_type"`
}

// CustodyEntry is one audit-log entry about the file.
type CustodyEntry struct {
	Seq    int64     `json:"seq"`
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"`
	Detail string    `json:"detail,omitempty"`
	Hash   string    `json:"hash"`
}

// Custody builds the custody report of an evidence file. It re-hashes the stored file, so
// the report says whether the file is, at this moment, what was received; and making the
// report is itself an audited export.
func (f *Files) Custody(ctx context.Context, who Actor, id model.ID) (*Custody, error) {
	if err := who.need(OpRead); err != nil {
		return nil, err
	}
	ev, file, err := f.Evidence(ctx, who, id)
	if err != nil {
		return nil, err
	}
	c := &Custody{Archive: hex.EncodeToString(f.a.st.Keys().PublicKey()), GeneratedAt: f.now().UTC(), GeneratedBy: who.Name,
		ID: id, Title: ev.Title, Kind: ev.Type, MediaType: file.MediaType, SHA256: file.SHA256, Size: file.Size,
		ReceivedFrom: ev.ReceivedFrom, ReceivedAt: ev.ReceivedAt.UTC().Format(time.RFC3339), ReceivedBy: file.ReceivedBy,
		ReceivedHow: file.ReceivedHow, SourceName: file.SourceName, Original: file.Original, Derivation: file.Derivation}
	sum, n, herr := f.hashObject(ctx, file.Object)
	switch {
	case herr != nil:
		c.Verified = "FAILED: " + herr.Error()
	case sum != file.SHA256 || n != file.Size:
		c.Verified = fmt.Sprintf("FAILED: the stored file hashes to %s (%d bytes)", sum, n)
	default:
		c.Verified = "ok: the stored file hashes to the SHA-256 recorded at ingest"
	}
	err = f.a.st.Write(ctx, func(tx *store.Tx) error {
		ds, err := tx.DerivativesOf(ctx, id)
		if err != nil {
			return err
		}
		for _, d := range ds {
			c.Derivatives = append(c.Derivatives, Derived{ID: d.ID, Derivation: d.Derivation, SHA256: d.SHA256, MediaType: d.MediaType})
		}
		if err := tx.Audit(ctx, who.Name, "custody_report", string(model.KindEvidence), id.String(), c.Verified); err != nil {
			return err
		}
		for e, err := range tx.RecordAudit(ctx, id.String()) {
			if err != nil {
				return err
			}
			c.Log = append(c.Log, CustodyEntry{Seq: e.Seq, At: e.At, Actor: e.Actor, Action: e.Action, Detail: e.Detail, Hash: hex.EncodeToString(e.Hash)})
		}
		return nil
	})
	return c, err
}
