package archive

import (
	"bufio"
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
)

// chunk is the unit the pipelines move: big enough that per-chunk overhead vanishes, small
// enough that memory stays flat whatever the file's size.
const chunk = 1 << 20

// encrypt streams r through SHA-256 and age into a new object and commits it. Hashing runs
// on a second goroutine, beside encryption and the write, so on two cores the ingest costs
// about the slower of the two rather than their sum (ADR 0600).
func (f *Files) encrypt(ctx context.Context, name string, r io.Reader) (sum string, size, stored int64, err error) {
	w, err := f.blobs.Create(ctx, name)
	if err != nil {
		return "", 0, 0, err
	}
	cw := &countWriter{w: w}
	// age writes 64 KiB chunks; gathering them into 1 MiB writes saves most system calls.
	bw := bufio.NewWriterSize(cw, chunk)
	aw, err := age.Encrypt(bw, f.a.st.Keys().BlobRecipient(name))
	if err != nil {
		w.Abort()
		return "", 0, 0, err
	}
	h := sha256.New()
	size, err = pipe(ctx, r, h, aw)
	if err == nil {
		err = aw.Close()
	}
	if err == nil {
		err = bw.Flush()
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

// openPlain opens an object and returns its decrypted content with random access.
func (f *Files) openPlain(ctx context.Context, name string) (io.ReaderAt, int64, blob.Object, error) {
	o, err := f.blobs.Open(ctx, name)
	if err != nil {
		return nil, 0, nil, err
	}
	ra, size, err := age.DecryptReaderAt(o, o.Size(), f.a.st.Keys().BlobIdentity(name))
	if err != nil {
		o.Close()
		return nil, 0, nil, fmt.Errorf("decrypting: %w", err)
	}
	return ra, size, o, nil
}

// hashObject decrypts an object front to back and hashes the plaintext; decryption runs on
// a second goroutine, like ingest. Any altered byte fails age's chunk authentication.
func (f *Files) hashObject(ctx context.Context, name string) (string, int64, error) {
	o, err := f.blobs.Open(ctx, name)
	if err != nil {
		return "", 0, err
	}
	defer o.Close()
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

func jsonString(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// errMismatch marks a file whose content is not what was recorded.
var errMismatch = errors.New("content differs from what was recorded at ingest")
