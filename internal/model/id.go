package model

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"strings"
	"time"
)

// ID is a record's internal identifier: a UUIDv7 (time-ordered, so B-tree inserts stay
// local) with 74 random bits. It never appears in public URLs; published records carry a
// separate random public code.
type ID [16]byte

// NewID returns a fresh UUIDv7 for the given time.
func NewID(now time.Time) ID {
	var id ID
	ms := uint64(now.UnixMilli())
	binary.BigEndian.PutUint64(id[0:8], ms<<16)
	rand.Read(id[6:])
	id[6] = 0x70 | id[6]&0x0f // version 7
	id[8] = 0x80 | id[8]&0x3f // RFC 9562 variant
	return id
}

// IsZero reports whether id is unset.
func (id ID) IsZero() bool { return id == ID{} }

// String gives the canonical 8-4-4-4-12 form.
func (id ID) String() string {
	var b [36]byte
	hex.Encode(b[0:8], id[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], id[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], id[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], id[8:10])
	b[23] = '-'
	hex.Encode(b[24:], id[10:])
	return string(b[:])
}

// ErrBadID is returned by ParseID for anything but a canonical UUID.
var ErrBadID = errors.New("not a record id")

// ParseID reads the canonical form (case-insensitive).
func ParseID(s string) (ID, error) {
	var id ID
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return id, ErrBadID
	}
	h := strings.ReplaceAll(s, "-", "")
	if _, err := hex.Decode(id[:], []byte(h)); err != nil {
		return ID{}, ErrBadID
	}
	return id, nil
}

// MarshalText implements encoding.TextMarshaler; the zero ID encodes as "".
func (id ID) MarshalText() ([]byte, error) {
	if id.IsZero() {
		return []byte{}, nil
	}
	return []byte(id.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (id *ID) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*id = ID{}
		return nil
	}
	v, err := ParseID(string(b))
	*id = v
	return err
}

// NewPublicCode returns a random code for a published record, such as "TZ-7KQ3-M9XD".
// It is drawn from crypto/rand, never derived from the name or the id, so a pseudonymous
// entry cannot be linked back to the person by anyone holding a list of names.
func NewPublicCode() string {
	const alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ" // no 0/O, 1/I
	var r [8]byte
	rand.Read(r[:])
	var b strings.Builder
	b.WriteString("TZ-")
	for i, c := range r {
		if i == 4 {
			b.WriteByte('-')
		}
		b.WriteByte(alphabet[int(c)%len(alphabet)])
	}
	return b.String()
}

// DerivedID returns a name-based UUID (version 8, from SHA-256) for records that must have
// the same id in every archive, such as reference places: an import that names a place by
// its id then means the same place everywhere. Never use it for persons.
func DerivedID(namespace, name string) ID {
	sum := sha256.Sum256([]byte(namespace + "\x00" + name))
	var id ID
	copy(id[:], sum[:16])
	id[6] = 0x80 | id[6]&0x0f // version 8
	id[8] = 0x80 | id[8]&0x3f
	return id
}
