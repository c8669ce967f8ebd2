package crypt

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"io"
	mrand "math/rand/v2"
	"strconv"
	"testing"
)

// testShift is the chunk size of most tests here: 64 KiB, so that a few hundred KiB cover
// many chunks, a partial last chunk and an exactly full one.
const testShift = 16

func testKeys(t testing.TB) *Keyring {
	t.Helper()
	k, err := FromMaster(NewMaster())
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// sealBlob encrypts plain for object; viaReadFrom picks the ReadFrom path over Write.
func sealBlob(t testing.TB, k *Keyring, object string, plain []byte, shift uint, viaReadFrom bool) []byte {
	t.Helper()
	var enc bytes.Buffer
	h := sha256.New()
	w, err := k.NewBlobWriter(&enc, object, BlobOptions{Tap: h, chunkShift: shift})
	if err != nil {
		t.Fatal(err)
	}
	if viaReadFrom && len(plain)%3 == 1 { // some sizes go through WriteAll instead
		if err := w.WriteAll(plain, nil); err != nil {
			t.Fatal(err)
		}
	} else if viaReadFrom {
		if _, err := w.ReadFrom(bytes.NewReader(plain)); err != nil {
			t.Fatal(err)
		}
	} else {
		// Odd-sized writes, so chunk edges fall inside them.
		for p := plain; len(p) > 0; {
			n := min(len(p), 12345)
			if _, err := w.Write(p[:n]); err != nil {
				t.Fatal(err)
			}
			p = p[n:]
		}
	}
	if err := w.Close(); err != nil { // after WriteAll, a no-op
		t.Fatal(err)
	}
	if want := sha256.Sum256(plain); !bytes.Equal(h.Sum(nil), want[:]) {
		t.Fatal("the tap did not see the plaintext in order")
	}
	return enc.Bytes()
}

// openAll opens enc and decrypts it both ways (WriteTo and ReadAt), failing the test if the
// two disagree; it returns the plaintext or the first error.
func openAll(k *Keyring, enc []byte, object string) ([]byte, error) {
	r, err := k.OpenBlob(bytes.NewReader(enc), int64(len(enc)), object)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if _, err := r.WriteTo(&out); err != nil {
		return nil, err
	}
	if int64(out.Len()) != r.Size() {
		return nil, errors.New("size differs from what was decrypted")
	}
	again, err := io.ReadAll(io.NewSectionReader(r, 0, r.Size()))
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(again, out.Bytes()) {
		return nil, errors.New("ReadAt and WriteTo disagree")
	}
	return out.Bytes(), nil
}

func TestBlobRoundTrip(t *testing.T) {
	k := testKeys(t)
	c := 1 << testShift
	for _, size := range []int{0, 1, c - 1, c, c + 1, 3 * c, 3*c + 17, 7*c + c/2} {
		plain := make([]byte, size)
		rand.Read(plain)
		for _, rf := range []bool{false, true} {
			enc := sealBlob(t, k, "obj", plain, testShift, rf)
			chunks := max(1, (size+c-1)/c)
			if want := blobHeaderSize + size + chunks*blobTagSize; len(enc) != want {
				t.Errorf("size %d: %d encrypted bytes, want %d", size, len(enc), want)
			}
			if !IsChunkedBlob(enc) {
				t.Errorf("size %d: not recognised as chunked", size)
			}
			got, err := openAll(k, enc, "obj")
			if err != nil || !bytes.Equal(got, plain) {
				t.Errorf("size %d (ReadFrom %v): round trip failed: %v", size, rf, err)
			}
		}
	}
}

func TestBlobDefaultChunkRoundTrip(t *testing.T) {
	k := testKeys(t)
	plain := make([]byte, 5<<20+3)
	rand.Read(plain)
	enc := sealBlob(t, k, "obj", plain, 0, true)
	if enc[8] != BlobChunkShift {
		t.Fatalf("chunk shift %d", enc[8])
	}
	got, err := openAll(k, enc, "obj")
	if err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("round trip failed: %v", err)
	}
}

// TestBlobRandomAccess reads random ranges, as a video player's range requests do.
func TestBlobRandomAccess(t *testing.T) {
	k := testKeys(t)
	plain := make([]byte, 5<<testShift+999)
	rand.Read(plain)
	enc := sealBlob(t, k, "obj", plain, testShift, true)
	r, err := k.OpenBlob(bytes.NewReader(enc), int64(len(enc)), "obj")
	if err != nil {
		t.Fatal(err)
	}
	for range 300 {
		off := mrand.IntN(len(plain) + 10)
		n := mrand.IntN(3 << testShift)
		buf := make([]byte, n)
		got, err := r.ReadAt(buf, int64(off))
		want := max(0, min(n, len(plain)-off))
		if got != want || !bytes.Equal(buf[:got], plain[min(off, len(plain)):min(off, len(plain))+want]) {
			t.Fatalf("ReadAt(%d, %d) = %d, %v; want %d bytes", n, off, got, err, want)
		}
		if got < n && err != io.EOF {
			t.Fatalf("short read without io.EOF: %v", err)
		}
	}
}

// rejected asserts that a tampered object fails to open or to decrypt, both ways.
func rejected(t *testing.T, what string, k *Keyring, enc []byte, object string) {
	t.Helper()
	if _, err := openAll(k, enc, object); err == nil {
		t.Errorf("%s: accepted", what)
	} else if !errors.Is(err, ErrOpen) && !errors.Is(err, ErrBlobFormat) {
		t.Errorf("%s: rejected with an unexpected error: %v", what, err)
	}
}

func TestBlobTamper(t *testing.T) {
	k := testKeys(t)
	c := 1 << testShift
	cs := c + blobTagSize
	plain := make([]byte, 4*c+100)
	rand.Read(plain)
	enc := sealBlob(t, k, "obj", plain, testShift, true)
	chunk := func(b []byte, i int) []byte { return b[blobHeaderSize+i*cs : min(len(b), blobHeaderSize+(i+1)*cs)] }
	cp := func() []byte { return bytes.Clone(enc) }

	// A flipped bit in every field of the header and in each chunk's body and tag.
	for _, off := range []int{0, 7, 8, 9, 10, 12, 27, 28, 51, 52, 99,
		blobHeaderSize, blobHeaderSize + c - 1, blobHeaderSize + c, // chunk 0 body, tag
		blobHeaderSize + 2*cs + 5, len(enc) - 1, len(enc) - 17} {
		b := cp()
		b[off] ^= 0x01
		rejected(t, "flipped byte at "+strconv.Itoa(off), k, b, "obj")
	}
	// Truncated: inside the header, at a chunk boundary (the last chunk dropped), inside a
	// chunk, by one byte.
	for _, n := range []int{0, 50, blobHeaderSize, blobHeaderSize + cs, blobHeaderSize + 3*cs, blobHeaderSize + 3*cs + 40, len(enc) - 1} {
		rejected(t, "truncated to "+strconv.Itoa(n), k, cp()[:n], "obj")
	}
	// Extended: a copy of a middle chunk appended, or the final chunk repeated.
	rejected(t, "chunk appended", k, append(cp(), chunk(enc, 1)...), "obj")
	rejected(t, "final chunk repeated", k, append(cp(), chunk(enc, 4)...), "obj")
	rejected(t, "chunk 3 dropped before the final one", k, append(cp()[:blobHeaderSize+3*cs], chunk(enc, 4)...), "obj")
	// Reordered: chunks 1 and 2 swapped.
	b := cp()
	copy(chunk(b, 1), chunk(enc, 2))
	copy(chunk(b, 2), chunk(enc, 1))
	rejected(t, "chunks 1 and 2 swapped", k, b, "obj")
	// A chunk dropped from the middle (everything after moves up one place).
	rejected(t, "chunk 1 dropped", k, append(cp()[:blobHeaderSize+cs], enc[blobHeaderSize+2*cs:]...), "obj")
	// Swapped in from another file of the same key and layout.
	other := sealBlob(t, k, "obj", plain, testShift, true)
	b = cp()
	copy(chunk(b, 2), chunk(other, 2))
	rejected(t, "chunk from another file", k, b, "obj")
	// The other file's header on this file's chunks (its data key, its file id).
	b = cp()
	copy(b[:blobHeaderSize], other[:blobHeaderSize])
	rejected(t, "header of another file", k, b, "obj")
	// Wrong archive key; right key, but the object renamed.
	rejected(t, "wrong key", testKeys(t), cp(), "obj")
	rejected(t, "another object's name", k, cp(), "obj2")
	// A whole chunk made up (random bytes of the right length).
	b = cp()
	rand.Read(chunk(b, 0))
	rejected(t, "made-up chunk", k, b, "obj")
}

// TestBlobTamperReadAt checks that random access rejects a damaged chunk too, and still
// serves the undamaged ones (a player can show what is intact, but never altered bytes).
func TestBlobTamperReadAt(t *testing.T) {
	k := testKeys(t)
	c := 1 << testShift
	plain := make([]byte, 3*c+5)
	rand.Read(plain)
	enc := sealBlob(t, k, "obj", plain, testShift, false)
	enc[blobHeaderSize+(c+blobTagSize)+10] ^= 0x80 // inside chunk 1
	r, err := k.OpenBlob(bytes.NewReader(enc), int64(len(enc)), "obj")
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 100)
	if _, err := r.ReadAt(buf, int64(c)+50); !errors.Is(err, ErrOpen) {
		t.Fatalf("damaged chunk read: %v", err)
	}
	if _, err := r.ReadAt(buf, int64(2*c)); err != nil || !bytes.Equal(buf, plain[2*c:2*c+100]) {
		t.Fatalf("intact chunk after a damaged one: %v", err)
	}
	if _, err := r.WriteTo(io.Discard); !errors.Is(err, ErrOpen) {
		t.Fatalf("WriteTo over a damaged chunk: %v", err)
	}
}

// failWriter fails after n bytes.
type failWriter struct{ n int }

func (f *failWriter) Write(p []byte) (int, error) {
	if f.n < len(p) {
		return 0, errors.New("disk full")
	}
	f.n -= len(p)
	return len(p), nil
}

func TestBlobWriterReportsWriteErrors(t *testing.T) {
	k := testKeys(t)
	w, err := k.NewBlobWriter(&failWriter{n: 3 << testShift}, "obj", BlobOptions{chunkShift: testShift})
	if err != nil {
		t.Fatal(err)
	}
	_, err = w.ReadFrom(io.LimitReader(rand.Reader, 20<<testShift))
	if err == nil {
		err = w.Close()
	}
	if err == nil || err.Error() != "disk full" {
		t.Fatalf("got %v, want the write error", err)
	}
	w.Close() // a second Close is harmless
}

// FuzzBlobTamper flips bytes or cuts the object anywhere: it must never decrypt to
// anything but the original, and any change must be refused.
func FuzzBlobTamper(f *testing.F) {
	k := testKeys(f)
	plain := make([]byte, 3<<testShift+321)
	rand.Read(plain)
	enc := sealBlob(f, k, "obj", plain, testShift, true)
	f.Add(uint32(0), byte(1), uint32(0))
	f.Add(uint32(blobHeaderSize+5), byte(0x80), uint32(0))
	f.Add(uint32(0), byte(0), uint32(17))
	f.Fuzz(func(t *testing.T, off uint32, flip byte, cut uint32) {
		b := bytes.Clone(enc)
		if flip != 0 {
			b[int(off)%len(b)] ^= flip
		}
		b = b[:len(b)-int(cut)%len(b)]
		got, err := openAll(k, b, "obj")
		changed := flip != 0 || int(cut)%len(enc) != 0
		if changed && err == nil {
			t.Fatalf("altered object accepted (flip %#x at %d, cut %d)", flip, off, cut)
		}
		if !changed && (err != nil || !bytes.Equal(got, plain)) {
			t.Fatalf("intact object refused: %v", err)
		}
	})
}

func BenchmarkBlobEncrypt(b *testing.B) {
	k := testKeys(b)
	plain := make([]byte, 64<<20)
	b.SetBytes(int64(len(plain)))
	for b.Loop() {
		w, _ := k.NewBlobWriter(io.Discard, "obj", BlobOptions{Tap: sha256.New()})
		w.ReadFrom(bytes.NewReader(plain))
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBlobDecrypt(b *testing.B) {
	k := testKeys(b)
	plain := make([]byte, 64<<20)
	var enc bytes.Buffer
	w, _ := k.NewBlobWriter(&enc, "obj", BlobOptions{})
	w.Write(plain)
	w.Close()
	b.SetBytes(int64(len(plain)))
	for b.Loop() {
		r, err := k.OpenBlob(bytes.NewReader(enc.Bytes()), int64(enc.Len()), "obj")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r.WriteTo(sha256.New()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSHA256 is the yardstick of the two above: hashing alone, on one core.
func BenchmarkSHA256(b *testing.B) {
	plain := make([]byte, 1<<20)
	h := sha256.New()
	b.SetBytes(int64(len(plain)))
	for b.Loop() {
		h.Write(plain)
	}
}

// TestBlobWriteAll checks the copy-free path at every chunk-edge size, and that it refuses a
// writer that was written to before.
func TestBlobWriteAll(t *testing.T) {
	k := testKeys(t)
	c := 1 << testShift
	for _, size := range []int{0, 1, c - 1, c, c + 1, 3 * c, 3*c + 17} {
		plain := make([]byte, size)
		rand.Read(plain)
		var enc bytes.Buffer
		h := sha256.New()
		w, _ := k.NewBlobWriter(&enc, "obj", BlobOptions{Tap: h, chunkShift: testShift})
		var released int
		if err := w.WriteAll(plain, func(p []byte) { released += len(p) }); err != nil {
			t.Fatal(err)
		}
		if released != size {
			t.Errorf("size %d: %d bytes released", size, released)
		}
		got, err := openAll(k, enc.Bytes(), "obj")
		if want := sha256.Sum256(plain); err != nil || !bytes.Equal(got, plain) || !bytes.Equal(h.Sum(nil), want[:]) {
			t.Errorf("size %d: WriteAll round trip failed: %v", size, err)
		}
		if ref := sealBlob(t, k, "obj", plain, testShift, false); len(ref) != enc.Len() {
			t.Errorf("size %d: WriteAll wrote %d bytes, Write %d", size, enc.Len(), len(ref))
		}
	}
	w, _ := k.NewBlobWriter(io.Discard, "obj", BlobOptions{chunkShift: testShift})
	w.Write([]byte("x"))
	if err := w.WriteAll([]byte("y"), nil); err == nil {
		t.Error("WriteAll after Write accepted")
	}
	w.Close()
}
