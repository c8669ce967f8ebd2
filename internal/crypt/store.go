package crypt

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"
)

// The keyring file kept in the data directory. It says how the master key is protected;
// it never holds the master key in the clear.
const keyringFile = "keyring.json"

// DefaultKeyFile is the name of the key file written inside the data directory when the
// archive is created without a passphrase or an outside key file.
const DefaultKeyFile = "tizim.key"

type keyringDoc struct {
	Version int    `json:"version"`
	Mode    string `json:"mode"` // passphrase | keyfile
	// passphrase mode
	Salt    string `json:"salt,omitempty"`
	Time    uint32 `json:"time,omitempty"`
	Memory  uint32 `json:"memory_kib,omitempty"`
	Threads uint8  `json:"threads,omitempty"`
	Wrapped string `json:"wrapped,omitempty"`
	// keyfile mode: a check value, so a wrong key file is reported as such
	Check string `json:"check"`
}

// Unlock says how to unlock (or, at creation, protect) an archive's master key.
// Exactly one of Passphrase and KeyFile is used; with neither, the key file inside the data
// directory is used.
type Unlock struct {
	Passphrase string
	KeyFile    string
}

// ErrNoKeyring means the directory holds no archive keyring yet.
var ErrNoKeyring = errors.New("no keyring: this is not an initialised tizim data directory")

// Argon2id parameters for passphrase mode (RFC 9106's second recommendation, 64 MiB).
const (
	argonTime    = 3
	argonMemory  = 64 * 1024
	argonThreads = 2
)

// Create makes a new master key, protects it as u says and writes the keyring into dir.
// It reports whether the key was written as a file inside dir, which the caller must warn
// about: anyone who takes the folder takes the key.
func Create(dir string, u Unlock) (k *Keyring, keyInDir bool, err error) {
	if _, err := os.Stat(filepath.Join(dir, keyringFile)); err == nil {
		return nil, false, fmt.Errorf("%s already holds a keyring", dir)
	}
	master := NewMaster()
	k, err = FromMaster(master)
	if err != nil {
		return nil, false, err
	}
	doc := keyringDoc{Version: 1, Check: check(k)}
	switch {
	case u.Passphrase != "":
		salt := make([]byte, 16)
		rand.Read(salt)
		kek := argon2.IDKey([]byte(u.Passphrase), salt, argonTime, argonMemory, argonThreads, 32)
		aead, _ := chacha20poly1305.NewX(kek)
		nonce := make([]byte, aead.NonceSize())
		rand.Read(nonce)
		doc.Mode, doc.Salt = "passphrase", hex.EncodeToString(salt)
		doc.Time, doc.Memory, doc.Threads = argonTime, argonMemory, argonThreads
		doc.Wrapped = hex.EncodeToString(aead.Seal(nonce, nonce, master, []byte("tizim master key")))
	default:
		path := u.KeyFile
		if path == "" {
			path, keyInDir = filepath.Join(dir, DefaultKeyFile), true
		}
		if err := writeFileAtomic(path, []byte(hex.EncodeToString(master)+"\n"), 0o600); err != nil {
			return nil, false, fmt.Errorf("writing key file: %w", err)
		}
		doc.Mode = "keyfile"
	}
	b, _ := json.MarshalIndent(doc, "", "  ")
	if err := writeFileAtomic(filepath.Join(dir, keyringFile), b, 0o600); err != nil {
		return nil, false, err
	}
	return k, keyInDir, nil
}

// Open unlocks the keyring in dir.
func Open(dir string, u Unlock) (*Keyring, error) {
	b, err := os.ReadFile(filepath.Join(dir, keyringFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNoKeyring
	}
	if err != nil {
		return nil, err
	}
	var doc keyringDoc
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("keyring.json is damaged: %w", err)
	}
	var master []byte
	switch doc.Mode {
	case "passphrase":
		if u.Passphrase == "" {
			return nil, errors.New("this archive is protected by a passphrase: set TIZIM_PASSPHRASE")
		}
		salt, _ := hex.DecodeString(doc.Salt)
		wrapped, _ := hex.DecodeString(doc.Wrapped)
		kek := argon2.IDKey([]byte(u.Passphrase), salt, doc.Time, doc.Memory, doc.Threads, 32)
		aead, _ := chacha20poly1305.NewX(kek)
		if len(wrapped) < aead.NonceSize() {
			return nil, errors.New("keyring.json is damaged")
		}
		master, err = aead.Open(nil, wrapped[:aead.NonceSize()], wrapped[aead.NonceSize():], []byte("tizim master key"))
		if err != nil {
			return nil, errors.New("wrong passphrase")
		}
	case "keyfile":
		path := u.KeyFile
		if path == "" {
			path = filepath.Join(dir, DefaultKeyFile)
		}
		kb, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("reading key file: %w (give it with --key-file)", err)
		}
		master, err = hex.DecodeString(strings.TrimSpace(string(kb)))
		if err != nil {
			return nil, fmt.Errorf("key file %s is not a tizim key", path)
		}
	default:
		return nil, fmt.Errorf("keyring.json: unknown mode %q", doc.Mode)
	}
	k, err := FromMaster(master)
	if err != nil {
		return nil, err
	}
	if doc.Check != check(k) {
		return nil, errors.New("the key does not belong to this archive")
	}
	return k, nil
}

// check is a short public value derived from the keys, to tell a wrong key from a damaged
// archive. It reveals nothing usable: it is a signature-key fingerprint.
func check(k *Keyring) string { return hex.EncodeToString(k.PublicKey()[:8]) }

// writeFileAtomic writes through a temporary file, fsync and rename, so a crash leaves
// either the old file or the new one.
func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
