package archive

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/tizim/tizim/internal/blob"
	"github.com/tizim/tizim/internal/media"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
)

// Files is the evidence-file side of the archive: ingest, playback, verification and the
// chain of custody. Every file goes in through Ingest and out through Open, so hashing,
// encryption, permissions and the audit log are the same for the command line and the web.
type Files struct {
	a      *Archive
	blobs  blob.Store
	tools  media.Tools
	limits media.Limits
	host   string
	pid    int
	alive  func(pid int) bool
	now    func() time.Time
}

// FilesConfig is what Files needs besides the archive.
type FilesConfig struct {
	Blobs  blob.Store
	Tools  media.Tools   // ffprobe/ffmpeg; empty paths mean absent
	Limits *media.Limits // nil: media.DefaultLimits
	// Host and PID identify this process in the pending-uploads table; Alive tells whether
	// a process of this host still runs, so the sweep removes a crashed ingest's leftovers
	// at once and another live process's upload never.
	Host  string
	PID   int
	Alive func(pid int) bool
}

// NewFiles returns the evidence-file side of a.
func NewFiles(a *Archive, cfg FilesConfig) *Files {
	f := &Files{a: a, blobs: cfg.Blobs, tools: cfg.Tools, host: cfg.Host, pid: cfg.PID, alive: cfg.Alive, now: a.st.Now}
	f.limits = media.DefaultLimits()
	if cfg.Limits != nil {
		f.limits = *cfg.Limits
	}
	if f.alive == nil {
		f.alive = func(int) bool { return true }
	}
	return f
}

// Blobs returns the blob store (for messages).
func (f *Files) Blobs() blob.Store { return f.blobs }

// Incoming is a file to ingest and what is known about how it came in.
type Incoming struct {
	Src  io.ReaderAt
	Size int64
	Name string // the file's name as received; kept as the Evidence title
	Path string // a local path, when there is one, for ffprobe and ffmpeg

	Kind         string // an evidence kind; empty: from the media type
	About        []model.ID
	ReceivedFrom string
	ReceivedAt   time.Time // zero: now
	How          string    // how it came in, for the custody log
	Notes        string
	// Scrub also makes the metadata-scrubbed public copy of a photo or video.
	Scrub bool
}

// Ingested says what became of an incoming file.
type Ingested struct {
	ID        model.ID
	SHA256    string
	Size      int64
	MediaType string
	Duplicate bool     // the same bytes were already an original: nothing was added
	Scrubbed  model.ID // the scrubbed copy, when one was made
	ScrubNote string   // why no scrubbed copy was made, when one was asked for
}

// Ingest stores a file as a new original: checked (type, size, bombs), probed, hashed and
// encrypted in one pass into the blob store, then recorded. It is idempotent on the
// SHA-256: the same bytes a second time return the first Evidence with Duplicate set.
// then, when not nil, runs in the transaction that records the file (the manifest adds the
// testimony there), so a crash leaves either everything or nothing in the database.
func (f *Files) Ingest(ctx context.Context, who Actor, in Incoming, then func(tx *store.Tx, ev *model.Evidence) error) (*Ingested, error) {
	if err := who.need(OpWrite); err != nil {
		return nil, err
	}
	info, err := media.Check(in.Src, in.Size, f.limits)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.Name, err)
	}
	if id, sum, dup, err := f.knownAlready(ctx, in); err != nil || dup {
		return &Ingested{ID: id, SHA256: sum, Size: in.Size, MediaType: info.MediaType, Duplicate: dup}, err
	}
	var probe string
	if (info.Class == media.Video || info.Class == media.Audio) && in.Path != "" && f.tools.FFprobe != "" {
		probe = probeJSON(f.tools.Probe(ctx, in.Path))
	}
	ev, file := f.newOriginal(who, in, info, probe)
	var src io.Reader = io.NewSectionReader(in.Src, 0, in.Size)
	fh, local := in.Src.(*os.File)
	var before os.FileInfo
	if local {
		if before, err = fh.Stat(); err != nil {
			return nil, fmt.Errorf("%s: %w", in.Name, err)
		}
		if b, unmap := mapFile(fh, in.Size); b != nil {
			defer unmap()
			src = mapped(b)
		}
	}
	st, err := f.stage(ctx, src)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.Name, err)
	}
	if local {
		// A file another program writes to while it is read would be stored as a mixture,
		// or (mapped) with a hash that is not its content's: refuse it, to be ingested again.
		if after, err := fh.Stat(); err != nil || after.Size() != before.Size() || !after.ModTime().Equal(before.ModTime()) || after.Size() != in.Size {
			f.forget(st.name)
			return nil, fmt.Errorf("%s: %w", in.Name, ErrChangedWhileRead)
		}
	}
	res, err := f.record(ctx, who, st, ev, file, then)
	if err != nil || res.Duplicate || !in.Scrub {
		return res, err
	}
	res.Scrubbed, res.ScrubNote = f.scrubAtIngest(ctx, who, ev, info, in)
	return res, nil
}

// knownAlready hashes the file first when an original of the same size exists, so that a
// resumed bulk ingest skips finished files without encrypting them again.
func (f *Files) knownAlready(ctx context.Context, in Incoming) (model.ID, string, bool, error) {
	var maybe bool
	err := f.a.st.Read(ctx, func(tx *store.Tx) (err error) {
		maybe, err = tx.HasEvidenceOfSize(ctx, in.Size)
		return err
	})
	if err != nil || !maybe {
		return model.ID{}, "", false, err
	}
	sum, _, err := hashReader(io.NewSectionReader(in.Src, 0, in.Size))
	if err != nil {
		return model.ID{}, "", false, fmt.Errorf("%s: %w", in.Name, err)
	}
	var id model.ID
	var ok bool
	err = f.a.st.Read(ctx, func(tx *store.Tx) (err error) {
		id, ok, err = tx.OriginalBySHA256(ctx, sum)
		return err
	})
	return id, sum, ok, err
}

// put streams r into a new blob, then records ev and file in one transaction (the blob is
// durable before the row commits). On any failure the blob is deleted again.
func (f *Files) put(ctx context.Context, who Actor, r io.Reader, ev *model.Evidence, file *store.EvidenceFile,
	then func(tx *store.Tx, ev *model.Evidence) error) (*Ingested, error) {
	st, err := f.stage(ctx, r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ev.Title, err)
	}
	return f.record(ctx, who, st, ev, file, then)
}

// newOriginal is the Evidence record and file row of an incoming original: its kind from
// the media class unless given, received now unless a time is given, custody from in.
func (f *Files) newOriginal(who Actor, in Incoming, info media.Info, probe string) (*model.Evidence, *store.EvidenceFile) {
	kind := in.Kind
	if kind == "" {
		kind = kindOf(info.Class)
	}
	at := in.ReceivedAt
	if at.IsZero() {
		at = f.now()
	}
	ev := &model.Evidence{Type: kind, Title: in.Name, MediaType: info.MediaType, ReceivedFrom: in.ReceivedFrom,
		ReceivedAt: at.UTC(), About: in.About, Notes: in.Notes}
	file := &store.EvidenceFile{MediaType: info.MediaType, Probe: probe, SourceName: in.Name, ReceivedBy: who.Name, ReceivedHow: in.How}
	return ev, file
}

// probeJSON is what the file row keeps of ffprobe's answer: the probe, or its error.
func probeJSON(p *media.Probe, err error) string {
	if err != nil {
		return jsonString(map[string]string{"error": err.Error()})
	}
	return jsonString(p)
}

// staged is an object written and committed to the blob store, with a pending row, that
// no Evidence row names yet.
type staged struct {
	name         string
	sum          string
	size, stored int64
}

// stage registers a pending upload and writes r into a new object. On failure nothing is
// left behind.
func (f *Files) stage(ctx context.Context, r io.Reader) (*staged, error) {
	name := blob.NewName()
	if err := f.a.st.AddPending(ctx, store.Pending{Object: name, Host: f.host, PID: f.pid}); err != nil {
		return nil, err
	}
	sum, size, stored, err := f.encrypt(ctx, name, r)
	if err != nil {
		f.forget(name)
		return nil, err
	}
	return &staged{name: name, sum: sum, size: size, stored: stored}, nil
}

// record writes the rows of a staged object in one transaction: the Evidence record, its
// file row, the audit entry and then's additions; the pending row goes with them. A
// duplicate original, or any failure, deletes the object instead.
func (f *Files) record(ctx context.Context, who Actor, st *staged, ev *model.Evidence, file *store.EvidenceFile,
	then func(tx *store.Tx, ev *model.Evidence) error) (*Ingested, error) {
	name, sum, size := st.name, st.sum, st.size
	ev.SHA256, ev.Size = sum, size
	file.Object, file.SHA256, file.Size, file.StoredSize = name, sum, size, st.stored
	res := &Ingested{SHA256: sum, Size: size, MediaType: ev.MediaType}
	err := f.a.st.Write(ctx, func(tx *store.Tx) error {
		if ev.Original.IsZero() {
			id, dup, err := tx.OriginalBySHA256(ctx, sum)
			if err != nil || dup {
				res.ID, res.Duplicate = id, dup
				return err
			}
		}
		if err := f.a.put(ctx, tx, who, ev, "ingest"); err != nil {
			return err
		}
		file.ID, res.ID = ev.ID, ev.ID
		if err := tx.AddEvidenceFile(ctx, file); err != nil {
			return err
		}
		detail := fmt.Sprintf("sha256=%s size=%d type=%s how=%q from=%q", sum, size, ev.MediaType, file.ReceivedHow, ev.ReceivedFrom)
		if !ev.Original.IsZero() {
			detail += fmt.Sprintf(" original=%s derivation=%s", ev.Original, file.Derivation)
		}
		if err := tx.Audit(ctx, who.Name, "ingest", string(model.KindEvidence), ev.ID.String(), detail); err != nil {
			return err
		}
		if then != nil {
			return then(tx, ev)
		}
		return nil
	})
	if err != nil || res.Duplicate {
		f.forget(name)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ev.Title, err)
	}
	return res, nil
}

// forget deletes an object that will have no row, and its pending entry; it runs after a
// failure, so it must not be stopped by a cancelled context.
func (f *Files) forget(name string) {
	ctx := context.Background()
	if err := f.blobs.Delete(ctx, name); err == nil {
		f.a.st.RemovePending(ctx, name)
	}
}

func kindOf(c media.Class) string {
	switch c {
	case media.Video:
		return "video_appeal"
	case media.Audio:
		return "audio"
	case media.Image:
		return "photo"
	}
	return "document"
}

// ErrChangedWhileRead is returned for a local file that was modified while it was being
// ingested; nothing is kept, and the same command can simply be run again.
var ErrChangedWhileRead = errors.New("the file changed while it was being read; nothing was stored, run the command again")

// ErrNotPublishable is returned for any attempt to publish an evidence file that is not a
// scrubbed derivative.
var ErrNotPublishable = errors.New("only metadata-scrubbed copies of evidence can be published")

// Publishable reports whether an evidence file may ever leave the archive publicly: only
// scrubbed derivatives may, never an original.
func Publishable(ev *model.Evidence, file *store.EvidenceFile) bool {
	return ev.Scrubbed && !ev.Original.IsZero() && file != nil && file.Derivation == "scrubbed" && file.Original == ev.Original
}
