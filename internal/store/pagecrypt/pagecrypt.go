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
// Keys, as URI parameters of the main database: hexkey (64 hex digits), key (32 raw bytes)
// or textkey (any text, stretched with Argon2id exactly as ncruces does). A main database
// opened without one can be given its key with PRAGMA hexkey, key or textkey before
// anything is read. A key of the wrong length fails with sqlite3.IOERR_BADKEY. Temporary
// files get a random key.
package pagecrypt

import (
	"crypto/rand"
	"encoding/hex"

	"golang.org/x/crypto/argon2"
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

// textKeySalt is the salt ncruces' adiantum VFS stretches a textkey with (its default,
// which a build can change with -ldflags there; tizim never uses textkey).
const textKeySalt = "github.com/ncruces/go-sqlite3/vfs/adiantum"

// newCipher returns the cipher for key, or nil if key does not have the right length.
func newCipher(key []byte) *hbsh.HBSH {
	if len(key) != keySize {
		return nil
	}
	return adiantum.New(key)
}

// textKey stretches a text secret into a key the way ncruces' VFS does.
func textKey(secret string) []byte {
	return argon2.IDKey([]byte(secret), []byte(textKeySalt), 3, 64*1024, 4, keySize)
}

func randomKey() []byte {
	key := make([]byte, keySize)
	rand.Read(key)
	return key
}

// keyOf is the key given by a URI parameter or PRAGMA name with value; ok is false when
// name is none of the key's names. A hex key that does not decode, like a key of the wrong
// length, gives a key newCipher refuses.
func keyOf(name, value string) (key []byte, ok bool) {
	switch name {
	case "key":
		return []byte(value), true
	case "hexkey":
		key, err := hex.DecodeString(value)
		if err != nil {
			return nil, true
		}
		return key, true
	case "textkey":
		if value == "" {
			return nil, true
		}
		return textKey(value), true
	}
	return nil, false
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
		params := name.URIParameters()
		found := false
		for _, p := range []string{"key", "hexkey", "textkey"} { // ncruces' order
			if vs, ok := params[p]; ok && (p != "textkey" || vs[0] != "") {
				key, _ = keyOf(p, vs[0])
				found = true
				break
			}
		}
		if !found && flags&vfs.OPEN_MAIN_DB != 0 {
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
