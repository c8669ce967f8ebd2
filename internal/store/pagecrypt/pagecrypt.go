// Package pagecrypt is tizim's encrypting SQLite VFS (ADR 0422). Importing it registers
// the VFS under [Name]; a database opened with vfs=tizim-adiantum and a hexkey URI parameter
// is encrypted at rest.
//
// The on-disk format is the one of ncruces/go-sqlite3's "adiantum" VFS (ADR 0002), and files
// written by either VFS are read by the other: every 4096-byte block of every file — main
// database, WAL, rollback journal, temporary files — is encrypted on its own with Adiantum
// (an HBSH construction, lukechampine.com/adiantum) under the 32-byte key, with the block's
// offset in the file, as 8 little-endian bytes, as the tweak. Super-journals and in-memory
// files are not encrypted.
//
// What differs is how the blocks reach the disk: a read or write of several blocks is one
// system call, not one per block, and the block at the end of a handle's last write is kept
// in plaintext and ciphertext, so that the next write into it (SQLite writes a WAL frame as a
// 24-byte header and then its page, neither aligned to blocks) can skip decrypting it after
// checking, against the bytes it reads from the file, that the block has not changed since.
//
// The key is the main database's hexkey URI parameter (64 hex digits), as tizim gives it
// (ADR 0419). A main database opened without one can be given its key with PRAGMA hexkey
// before anything is read; until then it can be neither read nor written. A key of the
// wrong length fails with sqlite3.IOERR_BADKEY. Temporary files get a random key. (ncruces'
// VFS also takes a raw key and a text key stretched with Argon2id; tizim uses neither, and
// this VFS does not offer them.)
package pagecrypt

import (
	"crypto/rand"
	"encoding/hex"

	"lukechampine.com/adiantum"
	"lukechampine.com/adiantum/hbsh"

	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/util/vfsutil"
	"github.com/ncruces/go-sqlite3/vfs"
)

// Name is the name the VFS is registered under: use it as the vfs URI parameter.
const Name = "tizim-adiantum"

func init() {
	vfs.Register(Name, Wrap(vfs.Find("")))
}

// Wrap returns an encrypting VFS over base. The registered VFS wraps the default one.
func Wrap(base vfs.VFS) vfs.VFS {
	return &cryptVFS{VFS: base}
}

const keySize = 32

// newCipher returns the cipher for key, or nil if key does not have the right length.
func newCipher(key []byte) *hbsh.HBSH {
	if len(key) != keySize {
		return nil
	}
	return adiantum.New(key)
}

func randomKey() []byte {
	key := make([]byte, keySize)
	rand.Read(key)
	return key
}

// keyOf is the key a hexkey URI parameter or PRAGMA gives. A value that does not decode,
// like a key of the wrong length, gives a key newCipher refuses.
func keyOf(hexKey string) []byte {
	key, err := hex.DecodeString(hexKey)
	if err != nil {
		return nil
	}
	return key
}

type cryptVFS struct {
	vfs.VFS
}

// Open is called by SQLite only for files without a name, and OpenFilename is used for
// those too; a named file cannot be opened without its vfs.Filename (its URI parameters).
func (v *cryptVFS) Open(name string, flags vfs.OpenFlag) (vfs.File, vfs.OpenFlag, error) {
	if name == "" {
		return v.OpenFilename(nil, flags)
	}
	return nil, flags, sqlite3.CANTOPEN
}

func (v *cryptVFS) OpenFilename(name *vfs.Filename, flags vfs.OpenFlag) (vfs.File, vfs.OpenFlag, error) {
	base, flags, err := vfsutil.WrapOpenFilename(v.VFS, name, flags)
	if err != nil || flags&(vfs.OPEN_SUPER_JOURNAL|vfs.OPEN_MEMORY) != 0 {
		// A super-journal holds only file names, and a memory file never reaches a disk.
		return base, flags, err
	}

	// A WAL or journal uses its database's cipher and shared memory: SQLite opens them
	// after the database, on the same connection, and the partial-block locks of both
	// files are taken on the database's WAL-index.
	if db, ok := vfsutil.UnwrapFile[*file](name.DatabaseFile()); ok {
		if db.cipher == nil {
			base.Close()
			return nil, flags, sqlite3.IOERR_BADKEY
		}
		return newFile(base, db.cipher, db.shm), flags, nil
	}

	var shm vfs.SharedMemory
	if flags&vfs.OPEN_MAIN_DB != 0 {
		shm = vfsutil.WrapSharedMemory(base)
	}
	var key []byte
	if name == nil {
		key = randomKey() // a temporary file lives and dies with this handle
	} else {
		vs, found := name.URIParameters()["hexkey"]
		if found {
			key = keyOf(vs[0])
		} else if flags&vfs.OPEN_MAIN_DB != 0 {
			// The key may come by PRAGMA; until then the file reads as empty.
			return newFile(base, nil, shm), flags, nil
		}
	}
	c := newCipher(key)
	if c == nil {
		base.Close()
		return nil, flags, sqlite3.IOERR_BADKEY
	}
	return newFile(base, c, shm), flags, nil
}
