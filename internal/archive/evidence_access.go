package archive

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/tizim/tizim/internal/media"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
)

// Content is an evidence file opened for reading: decrypted on the fly, with random access
// (io.ReadSeeker), so that http.ServeContent can answer range requests and video seeks.
type Content struct {
	io.ReadSeeker
	Evidence *model.Evidence
	File     *store.EvidenceFile
	Size     int64
	close    func() error
}

// Close releases the stored object.
func (c *Content) Close() error { return c.close() }

// Access says why a file is opened; it is written to the custody log.
type Access string

// The audited kinds of access.
const (
	View     Access = "view"     // played or shown in the team's pages
	Download Access = "download" // saved as a file
	Copy     Access = "copy"     // copied elsewhere (a derivative made from it, a submission)
	// Seek is a further range request of a playback whose first request was audited as
	// View: a player seeking through a video sends dozens, and one entry says it all.
	Seek Access = ""
)

// Open opens an evidence file for the actor and audits the access. Originals need the
// confidential-read right (they show faces, documents and voices of people at risk); a
// scrubbed copy needs only the read right.
func (f *Files) Open(ctx context.Context, who Actor, id model.ID, why Access) (*Content, error) {
	if err := who.need(OpRead); err != nil {
		return nil, err
	}
	var ev *model.Evidence
	var file *store.EvidenceFile
	err := f.a.st.Write(ctx, func(tx *store.Tx) error {
		rec, err := tx.Get(ctx, id, false)
		if err != nil {
			return err
		}
		var ok bool
		if ev, ok = rec.(*model.Evidence); !ok {
			return fmt.Errorf("%s is a %s: %w", id, rec.Kind(), model.ErrNotFound)
		}
		if !ev.Scrubbed || ev.Original.IsZero() {
			if err := who.need(OpReadConfidential); err != nil {
				return err
			}
		}
		if file, err = tx.EvidenceFile(ctx, id); err != nil {
			return err
		}
		if why == Seek {
			return nil
		}
		return tx.Audit(ctx, who.Name, string(why), string(model.KindEvidence), id.String(), "sha256="+file.SHA256)
	})
	if err != nil {
		return nil, err
	}
	ra, size, o, err := f.openPlain(ctx, file.Object)
	if err != nil {
		return nil, fmt.Errorf("evidence %s: %w", id, err)
	}
	return &Content{ReadSeeker: io.NewSectionReader(ra, 0, size), Evidence: ev, File: file, Size: size, close: o.Close}, nil
}

// Evidence returns an Evidence record with its file row, without opening the file.
func (f *Files) Evidence(ctx context.Context, who Actor, id model.ID) (*model.Evidence, *store.EvidenceFile, error) {
	if err := who.need(OpRead); err != nil {
		return nil, nil, err
	}
	var ev *model.Evidence
	var file *store.EvidenceFile
	err := f.a.st.Read(ctx, func(tx *store.Tx) error {
		rec, err := tx.Get(ctx, id, false)
		if err != nil {
			return err
		}
		var ok bool
		if ev, ok = rec.(*model.Evidence); !ok {
			return fmt.Errorf("%s is a %s: %w", id, rec.Kind(), model.ErrNotFound)
		}
		file, err = tx.EvidenceFile(ctx, id)
		return err
	})
	return ev, file, err
}

// About lists the evidence files linked to a record (a person, testimony, source or event).
func (f *Files) About(ctx context.Context, who Actor, id model.ID) ([]*model.Evidence, error) {
	if err := who.need(OpRead); err != nil {
		return nil, err
	}
	var out []*model.Evidence
	err := f.a.st.Read(ctx, func(tx *store.Tx) error {
		ids, err := tx.Linked(ctx, id, "about")
		if err != nil {
			return err
		}
		for _, lid := range ids {
			rec, err := tx.Get(ctx, lid, false)
			if errors.Is(err, model.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			if ev, ok := rec.(*model.Evidence); ok {
				out = append(out, ev)
			}
		}
		return nil
	})
	return out, err
}

// scrubAtIngest makes the public copy of a new original from its source file. A failure
// does not undo the ingest of the original; it is returned as a note.
func (f *Files) scrubAtIngest(ctx context.Context, who Actor, orig *model.Evidence, info media.Info, in Incoming) (model.ID, string) {
	return f.scrub(ctx, who, orig, info, in.Src, in.Size, in.Path)
}

// scrub makes the metadata-scrubbed copy of orig, whose plaintext src holds: photos by
// re-encoding their pixels in memory, video and audio by re-muxing with ffmpeg, which reads
// path when the file is a local one, and otherwise the decrypted content over a loopback
// URL (media.ServeLoopback), so that no plaintext is ever written to disk.
func (f *Files) scrub(ctx context.Context, who Actor, orig *model.Evidence, info media.Info, src io.ReaderAt, size int64, path string) (model.ID, string) {
	var r io.Reader
	var mt string
	switch {
	case info.Class == media.Image:
		b, outType, err := media.ScrubImage(io.NewSectionReader(src, 0, size), info.MediaType)
		if err != nil {
			return model.ID{}, "no scrubbed copy: " + err.Error()
		}
		r, mt = bytes.NewReader(b), outType
	case info.Class == media.Video || info.Class == media.Audio:
		if f.tools.FFmpeg == "" {
			return model.ID{}, "no scrubbed copy: ffmpeg is not installed (apt-get install ffmpeg), the original is kept"
		}
		pr, pw := io.Pipe()
		done := make(chan struct{})
		go func() {
			run := func(input string) error {
				_, err := f.tools.ScrubVideo(ctx, input, info.MediaType, pw)
				return err
			}
			var err error
			if path != "" {
				err = run(path)
			} else {
				err = media.ServeLoopback(ctx, src, size, run)
			}
			pw.CloseWithError(err)
			close(done)
		}()
		r, mt = pr, media.ScrubbedType(info.MediaType)
		defer func() { pr.Close(); <-done }()
	default:
		return model.ID{}, "no scrubbed copy: only photos, video and audio are scrubbed"
	}
	return f.addDerivative(ctx, who, orig, r, mt, "scrubbed")
}

// addDerivative stores r as a derivative of orig, made the way derivation says.
func (f *Files) addDerivative(ctx context.Context, who Actor, orig *model.Evidence, r io.Reader, mediaType, derivation string) (model.ID, string) {
	ev := &model.Evidence{Type: orig.Type, Title: orig.Title + " (" + derivation + ")", MediaType: mediaType,
		ReceivedAt: f.now().UTC(), About: orig.About, Original: orig.ID, Derivation: derivation,
		Scrubbed: derivation == "scrubbed"}
	file := &store.EvidenceFile{MediaType: mediaType, Original: orig.ID, Derivation: derivation,
		ReceivedBy: who.Name, ReceivedHow: "derived by tizim from " + orig.ID.String()}
	res, err := f.put(ctx, who, r, ev, file, func(tx *store.Tx, ev *model.Evidence) error {
		return tx.Audit(ctx, who.Name, string(Copy), string(model.KindEvidence), orig.ID.String(), derivation+" copy "+ev.ID.String())
	})
	if err != nil {
		return model.ID{}, "no scrubbed copy: " + err.Error()
	}
	return res.ID, ""
}
