package blob_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"io"
	"testing"

	"github.com/tizim/tizim/internal/blob"
	"github.com/tizim/tizim/internal/blob/blobtest"
)

func TestStores(t *testing.T) {
	ctx := context.Background()
	for _, b := range blobtest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			s := b.Store
			for _, size := range []int{0, 1, 100_000, 8<<20 + 12345} { // empty, tiny, one part, multipart
				data := make([]byte, size)
				rand.Read(data)
				name := blob.NewName()
				w, err := s.Create(ctx, name)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := s.Open(ctx, name); !errors.Is(err, blob.ErrNotFound) {
					t.Errorf("size %d: open before commit: got %v, want ErrNotFound", size, err)
				}
				for p := data; len(p) > 0; {
					k := min(len(p), 70_000)
					if _, err := w.Write(p[:k]); err != nil {
						t.Fatal(err)
					}
					p = p[k:]
				}
				if err := w.Commit(); err != nil {
					t.Fatalf("size %d: commit: %v", size, err)
				}
				o, err := s.Open(ctx, name)
				if err != nil {
					t.Fatal(err)
				}
				if o.Size() != int64(size) {
					t.Errorf("size: got %d, want %d", o.Size(), size)
				}
				got, err := io.ReadAll(blob.NewReader(o))
				if err != nil || !bytes.Equal(got, data) {
					t.Fatalf("size %d: read back %d bytes (%v)", size, len(got), err)
				}
				if size > 10 {
					// Seek backwards and forwards: playback does.
					for _, off := range []int64{int64(size) - 5, 3, 4, int64(size / 2)} {
						p := make([]byte, 5)
						n, err := o.ReadAt(p, off)
						if n != min(5, size-int(off)) || !bytes.Equal(p[:n], data[off:off+int64(n)]) {
							t.Errorf("ReadAt(%d): got %d bytes %v (%v)", off, n, p[:n], err)
						}
					}
				}
				o.Close()
				found := false
				for info, err := range s.List(ctx) {
					if err != nil {
						t.Fatal(err)
					}
					if info.Name == name && !info.Partial {
						found = info.Size == int64(size)
					}
				}
				if !found {
					t.Errorf("size %d: List does not show %s with its size", size, name)
				}
				if err := s.Delete(ctx, name); err != nil {
					t.Fatal(err)
				}
				if _, err := s.Open(ctx, name); !errors.Is(err, blob.ErrNotFound) {
					t.Errorf("open after delete: got %v, want ErrNotFound", err)
				}
			}
		})
	}
}

func TestAbortLeavesNothing(t *testing.T) {
	ctx := context.Background()
	for _, b := range blobtest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			name := blob.NewName()
			w, err := b.Store.Create(ctx, name)
			if err != nil {
				t.Fatal(err)
			}
			w.Write(make([]byte, 9<<20))
			if err := w.Abort(); err != nil {
				t.Fatal(err)
			}
			for info, err := range b.Store.List(ctx) {
				if err != nil {
					t.Fatal(err)
				}
				t.Errorf("after abort: got %+v, want an empty store", info)
			}
		})
	}
}

func TestBadNames(t *testing.T) {
	ctx := context.Background()
	l := blobtest.Local(t).Store
	for _, name := range []string{"", "../../etc/passwd", "ab/../../x", "ABCDEF0123456789ABCDEF0123456789", "0123456789abcdef0123456789abcde/"} {
		if _, err := l.Create(ctx, name); err == nil {
			t.Errorf("Create(%q) succeeded, want an error", name)
		}
		if _, err := l.Open(ctx, name); err == nil {
			t.Errorf("Open(%q) succeeded, want an error", name)
		}
	}
}
