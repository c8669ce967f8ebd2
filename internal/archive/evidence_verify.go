package archive

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tizim/tizim/internal/blob"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
)

// VerifyReport is what VerifyFiles found.
type VerifyReport struct {
	Files      int   // file rows checked
	Bytes      int64 // plaintext bytes re-hashed
	Objects    int   // objects listed in the blob store (full runs only)
	Unfinished int   // objects of uploads still pending (a running or crashed ingest)
	Problems   int
}

// VerifyFiles re-hashes stored files against the SHA-256 recorded at ingest: every file, or
// sample of them drawn at random when sample > 0. A full run also checks that every object
// in the blob store belongs to a row. Each problem is passed to report, naming the
// evidence; the returned error is for failures to run the check at all.
func (f *Files) VerifyFiles(ctx context.Context, sample int, report func(string)) (*VerifyReport, error) {
	rep := &VerifyReport{}
	problem := func(format string, a ...any) {
		rep.Problems++
		report(fmt.Sprintf(format, a...))
	}
	check := func(file *store.EvidenceFile) error {
		var ev *model.Evidence
		err := f.a.st.Read(ctx, func(tx *store.Tx) error {
			rec, err := tx.Get(ctx, file.ID, false)
			if err == nil {
				ev, _ = rec.(*model.Evidence)
			}
			return err
		})
		if err != nil || ev == nil {
			problem("evidence %s: the file row has no readable Evidence record (%v)", file.ID, err)
			return nil
		}
		label := fmt.Sprintf("evidence %s (%q, object %s)", file.ID, ev.Title, file.Object)
		if ev.SHA256 != file.SHA256 || ev.Size != file.Size {
			problem("%s: the record says sha256 %s, %d bytes, the file row %s, %d bytes", label, ev.SHA256, ev.Size, file.SHA256, file.Size)
		}
		sum, n, err := f.hashObject(ctx, file.Object)
		rep.Files++
		rep.Bytes += n
		switch {
		case errors.Is(err, blob.ErrNotFound):
			problem("%s: the stored file is missing", label)
		case ctx.Err() != nil:
			return ctx.Err()
		case err != nil:
			problem("%s: the stored file is damaged or was altered: %v", label, err)
		case sum != file.SHA256 || n != file.Size:
			problem("%s: %v: sha256 %s, %d bytes, want %s, %d bytes", label, errMismatch, sum, n, file.SHA256, file.Size)
		}
		return nil
	}
	if sample > 0 {
		var files []*store.EvidenceFile
		err := f.a.st.Read(ctx, func(tx *store.Tx) (err error) {
			files, err = tx.SampleEvidenceFiles(ctx, sample)
			return err
		})
		if err != nil {
			return rep, err
		}
		for _, file := range files {
			if err := check(file); err != nil {
				return rep, err
			}
		}
		return rep, nil
	}
	var after model.ID
	for {
		var files []*store.EvidenceFile
		err := f.a.st.Read(ctx, func(tx *store.Tx) (err error) {
			files, err = tx.EvidenceFiles(ctx, after, 256)
			return err
		})
		if err != nil {
			return rep, err
		}
		for _, file := range files {
			if err := check(file); err != nil {
				return rep, err
			}
		}
		if len(files) < 256 {
			break
		}
		after = files[len(files)-1].ID
	}
	return rep, f.checkObjects(ctx, rep, problem)
}

// checkObjects lists the blob store and reports objects without a row. Objects of pending
// uploads are counted, not reported: they are an ingest running now or the leftover of a
// crash that the next attach (or verify --sweep) removes.
func (f *Files) checkObjects(ctx context.Context, rep *VerifyReport, problem func(string, ...any)) error {
	pending := map[string]bool{}
	err := f.a.st.Read(ctx, func(tx *store.Tx) error {
		ps, err := tx.PendingUploads(ctx)
		for _, p := range ps {
			pending[p.Object] = true
		}
		return err
	})
	if err != nil {
		return err
	}
	for info, err := range f.blobs.List(ctx) {
		if err != nil {
			return err
		}
		rep.Objects++
		if pending[info.Name] {
			rep.Unfinished++
			continue
		}
		if info.Partial {
			problem("blob store: unfinished upload %s belongs to no ingest", info.Name)
			continue
		}
		var known bool
		if err := f.a.st.Read(ctx, func(tx *store.Tx) (err error) {
			known, err = tx.EvidenceObjectKnown(ctx, info.Name)
			return err
		}); err != nil {
			return err
		}
		if !known {
			problem("blob store: object %s (%d bytes) has no evidence row", info.Name, info.Size)
		}
	}
	return nil
}

// Sweep removes what crashed ingests left behind: objects of pending uploads whose process
// on this machine is gone, or that started more than grace ago anywhere. It returns how
// many it removed.
func (f *Files) Sweep(ctx context.Context, grace time.Duration) (int, error) {
	var ps []store.Pending
	err := f.a.st.Read(ctx, func(tx *store.Tx) (err error) {
		ps, err = tx.PendingUploads(ctx)
		return err
	})
	if err != nil {
		return 0, err
	}
	n := 0
	cutoff := f.now().Add(-grace).UnixMicro()
	for _, p := range ps {
		mine := p.Host == f.host && (p.PID == f.pid || f.alive(p.PID))
		stale := p.StartedAt < cutoff
		if (p.Host == f.host && !mine) || stale {
			if err := f.blobs.Delete(ctx, p.Object); err != nil {
				return n, err
			}
			if err := f.a.st.RemovePending(ctx, p.Object); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}
