// Package blob keeps evidence files as opaque objects: a folder under the data directory
// by default, or an S3-compatible bucket. Objects are written once, streaming, and become
// visible only when complete and durable; they are read with random access so that video
// can be played from any position.
//
// The package stores bytes and nothing else. It never sees a plaintext (the archive hands
// it age-encrypted streams), never chooses or interprets a name beyond checking its shape,
// and never takes a user-supplied file name as a path: names are random ids made by NewName.
package blob

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"iter"
	"time"
)

// Store is where encrypted evidence objects live.
type Store interface {
	// Create starts a new object. Nothing is visible under name until Commit returns nil;
	// Abort discards what was written. A name is never overwritten.
	Create(ctx context.Context, name string) (Writer, error)
	// Open gives random access to a committed object.
	Open(ctx context.Context, name string) (Object, error)
	// Delete removes an object (committed or not); deleting a missing one is not an error.
	Delete(ctx context.Context, name string) error
	// List yields every object, committed ones and unfinished writes, in no set order.
	List(ctx context.Context) iter.Seq2[Info, error]
	// String describes the store for messages, without credentials.
	String() string
}

// Writer is an object being written.
type Writer interface {
	io.Writer
	// Commit makes the object durable and visible.
	Commit() error
	// Abort discards the object; safe after Commit fails, a no-op after Commit succeeds.
	Abort() error
}

// Object is a committed object opened for reading.
type Object interface {
	io.ReaderAt
	Size() int64
	Close() error
}

// Info describes a stored object for orphan checks.
type Info struct {
	Name     string
	Size     int64
	Modified time.Time
	// Partial marks an unfinished write (a temporary file, an open multipart upload): the
	// leftovers of a crash, or of a write in progress elsewhere.
	Partial bool
}

// ErrNotFound is returned by Open for a name that holds no committed object.
var ErrNotFound = errors.New("blob: no such object")

// nameLen is the length of a name: 128 random bits in hex.
const nameLen = 32

// NewName returns a fresh random object name. It is drawn from crypto/rand and derived from
// nothing, so a stored name reveals neither the file's hash nor its record.
func NewName() string {
	var b [nameLen / 2]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// checkName rejects anything NewName could not have made; it is the only gate between a
// name and a path or key.
func checkName(name string) error {
	if len(name) != nameLen {
		return fmt.Errorf("blob: bad object name %q", name)
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return fmt.Errorf("blob: bad object name %q", name)
		}
	}
	return nil
}

// NewReader returns a sequential reader over a whole object.
func NewReader(o Object) io.Reader { return io.NewSectionReader(o, 0, o.Size()) }
