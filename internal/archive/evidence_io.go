package archive

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"

	"filippo.io/age"

	"github.com/tizim/tizim/internal/blob"
	"github.com/tizim/tizim/internal/crypt"
)

// chunk is the unit the pipelines move: big enough that per-chunk overhead vanishes, small
// enough that memory stays flat whatever the file's size.
const chunk = 1 << 20

// encrypt streams r through SHA-256 and the chunked AES-256-GCM format (ADR 0601) into a
// new object and commits it. The plaintext is read straight into chunk buffers; SHA-256 runs
// on a goroutine of its own while the chunks are encrypted on every core and written in
// order, so on two cores the ingest costs about what hashing alone costs.
func (f *Files) encrypt(ctx context.Context, name string, r io.Reader) (sum string, size, stored int64, err error) {
	w, err := f.blobs.Create(ctx, name)
	if err != nil {
		return "", 0, 0, err
	}
	cw := &countWriter{w: w}
	h := sha256.New()
	bw, err := f.a.st.Keys().NewBlobWriter(cw, name, crypt.BlobOptions{Tap: h})
	if err != nil {
		w.Abort()
		return "", 0, 0, err
	}
	if m, ok := r.(mapped); ok {
		size, err = int64(len(m)), bw.WriteAll(m, unmapDone)
	} else {
		size, err = bw.ReadFrom(ctxReader{ctx, r})
		if cerr := bw.Close(); err == nil {
			err = cerr
		}
	}
	if err == nil {
		err = w.Commit()
	}
	if err != nil {
		w.Abort()
		return "", 0, 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), size, cw.n, nil
}

// mapped is a whole plaintext in memory (a mapped local file): encrypt seals it in place.
type mapped []byte

func (m mapped) Read([]byte) (int, error) {
	panic("archive: mapped is not read, it is encrypted in place")
}

// ctxReader stops a long copy when its context is cancelled.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// pipe copies r to dst while h hashes the same bytes on another goroutine. Two buffers
// alternate: one is hashed while the next is read and written.
func pipe(ctx context.Context, r io.Reader, h hash.Hash, dst io.Writer) (int64, error) {
	type job struct {
		b    []byte
		done chan struct{}
	}
	jobs := make(chan job)
	defer close(jobs)
	go func() {
		for j := range jobs {
			h.Write(j.b)
			close(j.done)
		}
	}()
	bufs := [2][]byte{make([]byte, chunk), make([]byte, chunk)}
	var pending chan struct{}
	var n int64
	for i := 0; ; i++ {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		b := bufs[i%2]
		k, rerr := io.ReadFull(r, b)
		if pending != nil {
			<-pending // the other buffer is free again
			pending = nil
		}
		if k > 0 {
			j := job{b[:k], make(chan struct{})}
			jobs <- j
			if dst != nil {
				if _, err := dst.Write(b[:k]); err != nil {
					<-j.done
					return n, err
				}
			}
			pending = j.done
			n += int64(k)
		}
		if rerr == io.EOF || rerr == io.ErrUnexpectedEOF {
			break
		}
		if rerr != nil {
			if pending != nil {
				<-pending
			}
			return n, rerr
		}
	}
	if pending != nil {
		<-pending
	}
	return n, nil
}

// hashReader returns the SHA-256 and length of what r yields.
func hashReader(r io.Reader) (string, int64, error) {
	h := sha256.New()
	n, err := pipe(context.Background(), r, h, nil)
	return hex.EncodeToString(h.Sum(nil)), n, err
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// openPlain opens an object and returns its decrypted content with random access. Objects
// in the chunked format (ADR 0601) and age objects written before it (ADR 0600) are told
// apart by their first bytes; both stay readable.
func (f *Files) openPlain(ctx context.Context, name string) (io.ReaderAt, int64, blob.Object, error) {
	o, err := f.blobs.Open(ctx, name)
	if err != nil {
		return nil, 0, nil, err
	}
	chunked, err := isChunked(o)
	if err != nil {
		o.Close()
		return nil, 0, nil, err
	}
	if chunked {
		br, err := f.a.st.Keys().OpenBlob(o, o.Size(), name)
		if err != nil {
			o.Close()
			return nil, 0, nil, fmt.Errorf("decrypting: %w", err)
		}
		return br, br.Size(), o, nil
	}
	ra, size, err := age.DecryptReaderAt(o, o.Size(), f.a.st.Keys().BlobIdentity(name))
	if err != nil {
		o.Close()
		return nil, 0, nil, fmt.Errorf("decrypting: %w", err)
	}
	return ra, size, o, nil
}

// isChunked reads an object's first bytes to tell its format.
func isChunked(o blob.Object) (bool, error) {
	head := make([]byte, crypt.BlobHeadSize)
	n, err := o.ReadAt(head, 0)
	if err != nil && !errors.Is(err, io.EOF) { // EOF: a short object, judged by what it has
		return false, err
	}
	return crypt.IsChunkedBlob(head[:n]), nil
}

// hashObject decrypts an object front to back and hashes the plaintext. Chunked objects
// are decrypted on every core while this goroutine hashes; age objects are decrypted on a
// second goroutine. Any altered byte fails a chunk's authentication.
func (f *Files) hashObject(ctx context.Context, name string) (string, int64, error) {
	o, err := f.blobs.Open(ctx, name)
	if err != nil {
		return "", 0, err
	}
	defer o.Close()
	chunked, err := isChunked(o)
	if err != nil {
		return "", 0, err
	}
	if chunked {
		br, err := f.a.st.Keys().OpenBlob(o, o.Size(), name)
		if err != nil {
			return "", 0, fmt.Errorf("decrypting: %w", err)
		}
		h := sha256.New()
		n, err := br.WriteTo(ctxWriter{ctx, h})
		if err != nil {
			return "", n, fmt.Errorf("decrypting: %w", err)
		}
		return hex.EncodeToString(h.Sum(nil)), n, nil
	}
	dr, err := age.Decrypt(blob.NewReader(o), f.a.st.Keys().BlobIdentity(name))
	if err != nil {
		return "", 0, fmt.Errorf("decrypting: %w", err)
	}
	pr, pw := io.Pipe()
	go func() {
		buf := make([]byte, chunk)
		_, err := io.CopyBuffer(pw, struct{ io.Reader }{dr}, buf)
		pw.CloseWithError(err)
	}()
	sum, n, err := hashReader(pr)
	pr.Close()
	if err != nil {
		return "", n, fmt.Errorf("decrypting: %w", err)
	}
	return sum, n, nil
}

// ctxWriter stops a long decryption when its context is cancelled.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

func jsonString(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// errMismatch marks a file whose content is not what was recorded.
var errMismatch = errors.New("content differs from what was recorded at ingest")
