package archive

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/tizim/tizim/internal/media"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
)

// IngestStream stores a file that arrives as a stream of unknown length (a web upload):
// nothing of it is buffered whole, and nothing of it touches the disk unencrypted. The type
// is sniffed from the first bytes and the stream cut off at that type's size limit; the
// whole stream is hashed and encrypted into the blob store in one pass; then the checks
// that need random access (pixel bombs, zip bombs) and ffprobe run on the stored object,
// decrypted on the fly. A file that fails them, or that is a duplicate, is deleted again.
// in.Src, in.Size and in.Path are ignored.
func (f *Files) IngestStream(ctx context.Context, who Actor, in Incoming, r io.Reader, then func(tx *store.Tx, ev *model.Evidence) error) (*Ingested, error) {
	if err := who.need(OpWrite); err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(r, media.SniffLen)
	head, err := br.Peek(media.SniffLen)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %w", in.Name, err)
	}
	if len(head) == 0 {
		return nil, fmt.Errorf("%s: %w: the file is empty", in.Name, media.ErrRejected)
	}
	mt, class, err := media.Sniff(head)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.Name, err)
	}
	limit := f.limits.Size[class]
	var src io.Reader = br
	if limit > 0 {
		src = &capReader{r: br, left: limit, err: fmt.Errorf("%w: %s over the %d-byte limit for %s", media.ErrRejected, mt, limit, class)}
	}
	st, err := f.stage(ctx, src)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.Name, err)
	}
	keep := false
	defer func() {
		if !keep {
			f.forget(st.name)
		}
	}()
	plain, size, o, err := f.openPlain(ctx, st.name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.Name, err)
	}
	defer o.Close()
	info, err := media.Check(plain, size, f.limits)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.Name, err)
	}
	var probe string
	if (info.Class == media.Video || info.Class == media.Audio) && f.tools.FFprobe != "" {
		var p *media.Probe
		err := media.ServeLoopback(ctx, plain, size, func(url string) (err error) {
			p, err = f.tools.Probe(ctx, url)
			return err
		})
		probe = probeJSON(p, err)
	}
	ev, file := f.newOriginal(who, in, info, probe)
	keep = true // record deletes the object itself on failure or for a duplicate
	res, err := f.record(ctx, who, st, ev, file, then)
	// A form's "scrub" box covers a batch of files; documents in it are not scrubbed, and
	// that is no news worth a note.
	if err != nil || res.Duplicate || !in.Scrub || (info.Class != media.Image && info.Class != media.Video && info.Class != media.Audio) {
		return res, err
	}
	res.Scrubbed, res.ScrubNote = f.scrub(ctx, who, ev, info, plain, size, "")
	return res, nil
}

// capReader fails with err once more than left bytes are read.
type capReader struct {
	r    io.Reader
	left int64
	err  error
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left < 0 {
		return 0, c.err
	}
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return n, c.err
	}
	return n, err
}

// Scrub makes the metadata-scrubbed public copy of an original already in the store: the
// original is decrypted on the fly and never written anywhere in plaintext (photos are
// re-encoded in memory, video is read by ffmpeg over a loopback URL). The reading is in
// the original's custody log as a copy. It returns the new copy's id, or that of the copy
// made before: an original has at most one scrubbed copy.
func (f *Files) Scrub(ctx context.Context, who Actor, id model.ID) (model.ID, error) {
	if err := who.need(OpWrite); err != nil {
		return model.ID{}, err
	}
	var existing model.ID
	if err := f.a.st.Read(ctx, func(tx *store.Tx) error {
		ds, err := tx.DerivativesOf(ctx, id)
		for _, d := range ds {
			if d.Derivation == "scrubbed" {
				existing = d.ID
			}
		}
		return err
	}); err != nil {
		return model.ID{}, err
	}
	if !existing.IsZero() {
		return existing, nil
	}
	c, err := f.Open(ctx, who, id, Seek) // audited below, once the copy exists
	if err != nil {
		return model.ID{}, err
	}
	defer c.Close()
	if !c.Evidence.Original.IsZero() {
		return model.ID{}, fmt.Errorf("%s is itself a derivative: %w", id, ErrNotOriginal)
	}
	head := make([]byte, media.SniffLen)
	n, _ := io.ReadFull(c, head)
	mt, class, err := media.Sniff(head[:n])
	if err != nil {
		return model.ID{}, err
	}
	ra, ok := c.ReadSeeker.(io.ReaderAt)
	if !ok {
		return model.ID{}, errors.New("stored content has no random access")
	}
	newID, note := f.scrub(ctx, who, c.Evidence, media.Info{MediaType: mt, Class: class}, ra, c.Size, "")
	if newID.IsZero() {
		return model.ID{}, errors.New(note)
	}
	return newID, nil
}

// ErrNotOriginal is returned when a derivative is asked for where only an original will do.
var ErrNotOriginal = errors.New("not an original")
