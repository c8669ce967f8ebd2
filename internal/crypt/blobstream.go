package crypt

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"

	"golang.org/x/crypto/chacha20poly1305"
)

// Evidence files written since ADR 0601 use a chunked format of our own instead of age:
// AES-256-GCM (AES-NI makes it about three times faster than ChaCha20-Poly1305 on one core)
// over fixed-size chunks that are encrypted and decrypted on every core in parallel, with
// random access by chunk for playback. Older age-format objects stay readable (blobkey.go);
// IsChunkedBlob tells the two apart by their first bytes.
//
// Layout (all integers big-endian):
//
//	offset  size  field
//	0       8     magic "tizimev" followed by the format version byte 0x01
//	8       1     log2 of the chunk size (16 to 24; 20 = 1 MiB)
//	9       1     cipher: 1 = AES-256-GCM
//	10      2     reserved, zero
//	12      16    file id: random, different for every object
//	28      24    nonce of the wrapped data key
//	52      48    data key (32 bytes) sealed with XChaCha20-Poly1305 under the archive's
//	              blob key; associated data: wrapLabel, the object name, a zero byte and
//	              bytes 0–27 of this header
//	100           chunks: chunk i is AES-256-GCM(data key, nonce(i, final), plaintext,
//	              associated data = bytes 0–27 of the header), ciphertext and 16-byte tag
//
// nonce(i, final) is i as 8 bytes, three zero bytes and 1 for the last chunk, 0 otherwise.
// Every chunk holds exactly the chunk size of plaintext except the last, which holds 1 to
// chunk-size bytes (0 only when the whole file is empty), so the plaintext size follows from
// the object's size. Because the index and the final flag are in the nonce, chunks cannot be
// reordered, dropped, repeated or cut off at the end without a chunk failing to
// authenticate; because every file has its own random data key and its file id in every
// chunk's associated data, a chunk from another file does not open; because the wrapped key
// names the object, a file renamed onto another object's name does not open.

// blobMagic opens every chunked evidence object; its last byte is the format version.
const blobMagic = "tizimev\x01"

const (
	blobHeaderSize = 100
	blobBoundSize  = 28 // the header bytes every chunk and the wrapped key are bound to
	blobTagSize    = 16
	blobCipherGCM  = 1
	// BlobChunkShift sets the chunk size new objects are written with: 1 MiB, large enough
	// that the per-chunk cost (a nonce, a tag, a channel send) vanishes, small enough that a
	// seek decrypts little it does not need and memory stays flat.
	BlobChunkShift = 20
	minChunkShift  = 16
	maxChunkShift  = 24
	wrapLabel      = "tizim blob data key v1"
)

// IsChunkedBlob reports whether an object starting with head is in the chunked format
// (anything else stored as evidence is an age file).
func IsChunkedBlob(head []byte) bool { return bytes.HasPrefix(head, []byte(blobMagic)) }

// BlobHeadSize is how many leading bytes IsChunkedBlob needs.
const BlobHeadSize = len(blobMagic)

// ErrBlobFormat is returned for an object whose layout is not a valid chunked object (cut
// short, extended, or an unknown version); ErrOpen for one that fails authentication.
var ErrBlobFormat = errors.New("not a valid chunked evidence object")

func wrapAD(object string, bound []byte) []byte {
	ad := make([]byte, 0, len(wrapLabel)+1+len(object)+1+len(bound))
	ad = append(ad, wrapLabel...)
	ad = append(ad, 0)
	ad = append(ad, object...)
	ad = append(ad, 0)
	return append(ad, bound...)
}

func chunkNonce(nonce *[12]byte, i uint64, final bool) {
	binary.BigEndian.PutUint64(nonce[:8], i)
	nonce[8], nonce[9], nonce[10] = 0, 0, 0
	nonce[11] = 0
	if final {
		nonce[11] = 1
	}
}

// BlobOptions tunes a BlobWriter.
type BlobOptions struct {
	// Tap, when not nil, is given every plaintext byte in order, on a goroutine of its own
	// and concurrently with encryption (ingest hashes the file this way).
	Tap io.Writer
	// Workers is how many chunks are encrypted at once; zero means one per CPU.
	Workers int
	// chunkShift overrides BlobChunkShift (tests use small chunks to cover many of them).
	chunkShift uint
}

// blobJob is one chunk on its way through a writer or a decrypting stream.
type blobJob struct {
	i     uint64
	final bool
	in    []byte // plaintext (writer) or ciphertext (stream)
	out   []byte // the other one
	err   error
	done  chan struct{}
	refs  sync.WaitGroup // tap and encryption both read in
	inBuf *[]byte
}

// chunkPool recycles chunk buffers across objects, so a bulk ingest of thousands of files
// does not allocate and collect megabytes per file.
var chunkPool = sync.Pool{New: func() any {
	b := make([]byte, 1<<BlobChunkShift+blobTagSize)
	return &b
}}

func getChunk(size int) *[]byte {
	if size == 1<<BlobChunkShift+blobTagSize {
		return chunkPool.Get().(*[]byte)
	}
	b := make([]byte, size)
	return &b
}

func putChunk(b *[]byte) {
	if cap(*b) == 1<<BlobChunkShift+blobTagSize {
		*b = (*b)[:cap(*b)]
		chunkPool.Put(b)
	}
}

// BlobWriter encrypts a stream into the chunked format. Write and ReadFrom fill a chunk;
// a full chunk is handed to a pool of encrypting goroutines as soon as the next byte shows
// that it is not the last; a writer goroutine puts the sealed chunks out in order. At most
// a fixed number of chunks are in flight, so memory does not grow with the file.
type BlobWriter struct {
	aead  cipher.AEAD
	bound []byte
	dst   io.Writer
	shift uint

	cur    *[]byte // chunk being filled
	curN   int
	next   uint64
	slots  chan struct{} // one token per chunk in flight
	work   chan *blobJob
	order  chan *blobJob
	tap    chan *blobJob
	wg     sync.WaitGroup
	mu     sync.Mutex
	err    error // first failure of the writer or tap goroutine
	closed bool
	// release is WriteAll's callback for chunks done with.
	release func([]byte)
}

// NewBlobWriter starts an encrypted object for the stored object named object, writing the
// header to dst at once. Close must be called to write the last chunk.
func (k *Keyring) NewBlobWriter(dst io.Writer, object string, opt BlobOptions) (*BlobWriter, error) {
	hdr := make([]byte, blobHeaderSize)
	copy(hdr, blobMagic)
	shift := uint(BlobChunkShift)
	if opt.chunkShift != 0 {
		shift = opt.chunkShift
	}
	hdr[8] = byte(shift)
	hdr[9] = blobCipherGCM
	rand.Read(hdr[12:28])
	var dataKey [32]byte
	rand.Read(dataKey[:])
	wrap, err := chacha20poly1305.NewX(k.blobs[:])
	if err != nil {
		return nil, err
	}
	rand.Read(hdr[28:52])
	wrap.Seal(hdr[52:52], hdr[28:52], dataKey[:], wrapAD(object, hdr[:blobBoundSize]))
	block, err := aes.NewCipher(dataKey[:])
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	if _, err := dst.Write(hdr); err != nil {
		return nil, err
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	inflight := 2*workers + 2
	w := &BlobWriter{aead: aead, bound: hdr[:blobBoundSize], dst: dst, shift: shift,
		slots: make(chan struct{}, inflight), work: make(chan *blobJob, inflight), order: make(chan *blobJob, inflight)}
	for range workers {
		w.wg.Add(1)
		go w.sealer()
	}
	w.wg.Add(1)
	go w.writer()
	if opt.Tap != nil {
		w.tap = make(chan *blobJob, inflight)
		w.wg.Add(1)
		go w.tapper(opt.Tap)
	}
	return w, nil
}

func (w *BlobWriter) chunkSize() int { return 1 << w.shift }

func (w *BlobWriter) fail(err error) {
	w.mu.Lock()
	if w.err == nil {
		w.err = err
	}
	w.mu.Unlock()
}

func (w *BlobWriter) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

func (w *BlobWriter) sealer() {
	defer w.wg.Done()
	var nonce [12]byte
	for j := range w.work {
		chunkNonce(&nonce, j.i, j.final)
		j.out = w.aead.Seal(j.out[:0], nonce[:], j.in, w.bound)
		j.refs.Done()
		close(j.done)
	}
}

func (w *BlobWriter) tapper(t io.Writer) {
	defer w.wg.Done()
	for j := range w.tap {
		if w.failed() == nil {
			if _, err := t.Write(j.in); err != nil {
				w.fail(err)
			}
		}
		j.refs.Done()
	}
}

// writer puts sealed chunks out in order and recycles their buffers.
func (w *BlobWriter) writer() {
	defer w.wg.Done()
	for j := range w.order {
		<-j.done
		j.refs.Wait() // the tap is done with the plaintext too
		if w.failed() == nil {
			if _, err := w.dst.Write(j.out); err != nil {
				w.fail(err)
			}
		}
		if j.inBuf != nil {
			putChunk(j.inBuf)
		} else if w.release != nil {
			w.release(j.in)
		}
		out := j.out[:cap(j.out)]
		putChunk(&out)
		<-w.slots
	}
}

// submit hands the current chunk on.
func (w *BlobWriter) submit(final bool) {
	in, buf := (*w.cur)[:w.curN], w.cur
	w.cur, w.curN = nil, 0
	w.send(in, buf, final)
}

// send hands a chunk of plaintext to the sealers, the tap and the writer; buf, when not
// nil, is the pooled buffer holding it, recycled once the chunk is written.
func (w *BlobWriter) send(in []byte, buf *[]byte, final bool) {
	w.slots <- struct{}{}
	out := getChunk(w.chunkSize() + blobTagSize)
	j := &blobJob{i: w.next, final: final, in: in, out: (*out)[:0], inBuf: buf, done: make(chan struct{})}
	w.next++
	j.refs.Add(1)
	if w.tap != nil {
		j.refs.Add(1)
		w.tap <- j
	}
	w.order <- j
	w.work <- j
}

// ensure makes room in the current chunk; a full one goes out first, as not the last.
func (w *BlobWriter) ensure() {
	if w.cur != nil && w.curN == w.chunkSize() {
		w.submit(false)
	}
	if w.cur == nil {
		w.cur = getChunk(w.chunkSize() + blobTagSize)
	}
}

// Write implements io.Writer.
func (w *BlobWriter) Write(p []byte) (int, error) {
	if w.closed {
		return 0, errors.New("crypt: write to a closed blob writer")
	}
	n := 0
	for len(p) > 0 {
		if err := w.failed(); err != nil {
			return n, err
		}
		w.ensure()
		k := copy((*w.cur)[w.curN:w.chunkSize()], p)
		w.curN += k
		n += k
		p = p[k:]
	}
	return n, w.failed()
}

// ReadFrom implements io.ReaderFrom: it reads straight into chunk buffers, sparing a copy.
func (w *BlobWriter) ReadFrom(r io.Reader) (int64, error) {
	if w.closed {
		return 0, errors.New("crypt: write to a closed blob writer")
	}
	var n int64
	for {
		if err := w.failed(); err != nil {
			return n, err
		}
		if w.cur != nil && w.curN == w.chunkSize() {
			// Only submit a full chunk once it is known not to be the last: read the next
			// bytes into a fresh buffer first.
			nb := getChunk(w.chunkSize() + blobTagSize)
			k, err := io.ReadFull(r, (*nb)[:w.chunkSize()])
			if k == 0 {
				putChunk(nb)
				if err == io.EOF {
					return n, nil
				}
				return n, err
			}
			w.submit(false)
			w.cur, w.curN = nb, k
			n += int64(k)
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				return n, nil
			}
			if err != nil {
				return n, err
			}
			continue
		}
		w.ensure()
		k, err := io.ReadFull(r, (*w.cur)[w.curN:w.chunkSize()])
		w.curN += k
		n += int64(k)
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

// WriteAll encrypts p as the whole plaintext and closes the writer: Write(p) then Close(),
// except that the chunks are sealed and hashed straight from p, without being copied into
// chunk buffers (ingest hands it a memory-mapped file, sparing the kernel's copy into our
// memory). p must not change until WriteAll returns; nothing may have been written before.
// release, when not nil, is given each chunk of p (in order, from the writer goroutine) once
// it is hashed, sealed and written, so a mapping's pages can be let go as it goes.
func (w *BlobWriter) WriteAll(p []byte, release func([]byte)) error {
	if w.closed || w.cur != nil || w.next != 0 {
		return errors.New("crypt: WriteAll on a used blob writer")
	}
	w.release = release
	c := w.chunkSize()
	for len(p) > c {
		if err := w.failed(); err != nil {
			break
		}
		w.send(p[:c], nil, false)
		p = p[c:]
	}
	if w.failed() == nil {
		w.send(p, nil, true)
	}
	w.closed = true
	return w.finish()
}

// Close seals the last chunk, waits for everything to be written and returns the first
// error of any stage. It does not close dst.
func (w *BlobWriter) Close() error {
	if w.closed {
		return w.failed()
	}
	w.closed = true
	if w.cur == nil {
		w.cur = getChunk(w.chunkSize() + blobTagSize)
	}
	w.submit(true)
	return w.finish()
}

// finish ends the pipeline: its stages see their inputs closed, and it waits for them and
// returns the first error of any stage.
func (w *BlobWriter) finish() error {
	close(w.work)
	close(w.order)
	if w.tap != nil {
		close(w.tap)
	}
	w.wg.Wait()
	return w.failed()
}

// BlobReader opens a chunked object: random access by chunk (ReadAt, for playback with
// range requests) and a parallel front-to-back decryption (WriteTo, for verify).
type BlobReader struct {
	src   io.ReaderAt
	aead  cipher.AEAD
	bound []byte
	shift uint
	size  int64 // plaintext size
	n     uint64

	mu     sync.Mutex
	cached uint64 // index of the chunk in buf, when valid
	valid  bool
	buf    []byte
	cbuf   []byte
}

// OpenBlob opens a chunked object of encSize bytes stored under object. It checks the
// layout and authenticates the last chunk before returning, so Size can be trusted: a
// truncated or extended object is refused here.
func (k *Keyring) OpenBlob(src io.ReaderAt, encSize int64, object string) (*BlobReader, error) {
	if encSize < blobHeaderSize+blobTagSize {
		return nil, ErrBlobFormat
	}
	hdr := make([]byte, blobHeaderSize)
	if _, err := src.ReadAt(hdr, 0); err != nil {
		return nil, fmt.Errorf("reading header: %w", err)
	}
	if !IsChunkedBlob(hdr) || hdr[9] != blobCipherGCM || hdr[10] != 0 || hdr[11] != 0 ||
		hdr[8] < minChunkShift || hdr[8] > maxChunkShift {
		return nil, fmt.Errorf("%w: unknown version or parameters", ErrBlobFormat)
	}
	wrap, err := chacha20poly1305.NewX(k.blobs[:])
	if err != nil {
		return nil, err
	}
	dataKey, err := wrap.Open(nil, hdr[28:52], hdr[52:100], wrapAD(object, hdr[:blobBoundSize]))
	if err != nil {
		// Wrong archive key, an object moved under another name, or an altered header.
		return nil, ErrOpen
	}
	block, err := aes.NewCipher(dataKey)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	shift := uint(hdr[8])
	csize := int64(1)<<shift + blobTagSize
	body := encSize - blobHeaderSize
	n := (body + csize - 1) / csize
	last := body - (n-1)*csize - blobTagSize
	if last < 0 || (last == 0 && n > 1) {
		return nil, fmt.Errorf("%w: %d bytes do not make whole chunks", ErrBlobFormat, encSize)
	}
	r := &BlobReader{src: src, aead: aead, bound: hdr[:blobBoundSize], shift: shift,
		size: (n-1)<<shift + last, n: uint64(n)}
	if err := r.load(r.n - 1); err != nil {
		return nil, err
	}
	return r, nil
}

// Size is the plaintext size.
func (r *BlobReader) Size() int64 { return r.size }

func (r *BlobReader) cipherLen(i uint64) int {
	if i == r.n-1 {
		return int(r.size-int64(i)<<r.shift) + blobTagSize
	}
	return 1<<r.shift + blobTagSize
}

func (r *BlobReader) cipherOff(i uint64) int64 {
	return blobHeaderSize + int64(i)*(int64(1)<<r.shift+blobTagSize)
}

// open decrypts chunk i from ct into out.
func (r *BlobReader) open(out, ct []byte, i uint64) ([]byte, error) {
	var nonce [12]byte
	chunkNonce(&nonce, i, i == r.n-1)
	pt, err := r.aead.Open(out[:0], nonce[:], ct, r.bound)
	if err != nil {
		return nil, fmt.Errorf("chunk %d: %w", i, ErrOpen)
	}
	return pt, nil
}

// load makes chunk i the cached one; r.mu is held (or r is not yet shared).
func (r *BlobReader) load(i uint64) error {
	if r.valid && r.cached == i {
		return nil
	}
	if r.cbuf == nil {
		r.cbuf = make([]byte, 1<<r.shift+blobTagSize)
		r.buf = make([]byte, 0, 1<<r.shift+blobTagSize)
	}
	ct := r.cbuf[:r.cipherLen(i)]
	if _, err := r.src.ReadAt(ct, r.cipherOff(i)); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		r.valid = false
		return fmt.Errorf("chunk %d: %w", i, err)
	}
	pt, err := r.open(r.buf, ct, i)
	if err != nil {
		r.valid = false
		return err
	}
	r.buf, r.cached, r.valid = pt, i, true
	return nil
}

// ReadAt implements io.ReaderAt: it decrypts only the chunks the range touches, and keeps
// the last one, so the small sequential reads of an HTTP response decrypt each chunk once.
func (r *BlobReader) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("crypt: negative offset")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for len(p) > 0 {
		if off >= r.size {
			return n, io.EOF
		}
		i := uint64(off >> r.shift)
		if err := r.load(i); err != nil {
			return n, err
		}
		k := copy(p, r.buf[off-int64(i)<<r.shift:])
		n += k
		off += int64(k)
		p = p[k:]
	}
	return n, nil
}

// WriteTo decrypts the whole object front to back into w: one goroutine reads the
// ciphertext in order (so a remote object is fetched as one stream), one per CPU decrypts,
// and w receives the plaintext in order on the calling goroutine. The first chunk that does
// not authenticate stops it with an error wrapping ErrOpen.
func (r *BlobReader) WriteTo(w io.Writer) (int64, error) {
	workers := runtime.GOMAXPROCS(0)
	inflight := 2*workers + 2
	work := make(chan *blobJob, inflight)
	order := make(chan *blobJob, inflight)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				if j.err == nil {
					j.out, j.err = r.open(j.out, j.in, j.i)
				}
				close(j.done)
			}
		}()
	}
	csize := 1<<r.shift + blobTagSize
	go func() { // the reader
		defer close(order)
		defer close(work)
		for i := uint64(0); i < r.n; i++ {
			in := getChunk(csize)
			out := getChunk(csize)
			j := &blobJob{i: i, in: (*in)[:r.cipherLen(i)], out: (*out)[:0], inBuf: in, done: make(chan struct{})}
			if _, err := r.src.ReadAt(j.in, r.cipherOff(i)); err != nil {
				if err == io.EOF {
					err = io.ErrUnexpectedEOF
				}
				j.err = fmt.Errorf("chunk %d: %w", i, err)
			}
			select {
			case order <- j:
			case <-stop:
				putChunk(in)
				putChunk(out)
				return
			}
			failed := j.err != nil // read before a worker may write j.err
			work <- j
			if failed {
				return
			}
		}
	}()
	var n int64
	var err error
	for j := range order {
		<-j.done
		if err == nil && j.err != nil {
			err = j.err
			close(stop)
		}
		if err == nil {
			var k int
			k, err = w.Write(j.out)
			n += int64(k)
			if err != nil {
				close(stop)
			}
		}
		putChunk(j.inBuf)
		out := j.out[:cap(j.out)]
		putChunk(&out)
	}
	wg.Wait()
	return n, err
}
