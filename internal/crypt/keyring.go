// Package crypt holds the archive's keys and the few primitives built on them: sealing
// confidential fields, blind-index terms, signing checkpoints and open-data manifests, and
// the key for the encrypted database file.
//
// Every key derives from one 256-bit master key, kept either in a key file (0600) or wrapped
// under a passphrase with argon2id. This package reads and writes only the keyring files it
// is pointed at; it never logs a key or a plaintext.
package crypt

import (
	"crypto/cipher"
	"crypto/ed25519"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"golang.org/x/crypto/chacha20poly1305"
)

// Keyring is an unlocked archive key with its derived subkeys.
type Keyring struct {
	db      [32]byte
	fields  [32]byte
	sealer  cipher.AEAD // XChaCha20-Poly1305 under fields; safe for concurrent use
	blind   [32]byte
	blobs   [32]byte // wraps the per-file keys of evidence files (blobkey.go)
	signing ed25519.PrivateKey
}

// MasterKeySize is the size of the master key in bytes.
const MasterKeySize = 32

// FromMaster derives every subkey from a master key.
func FromMaster(master []byte) (*Keyring, error) {
	if len(master) != MasterKeySize {
		return nil, fmt.Errorf("master key must be %d bytes, got %d", MasterKeySize, len(master))
	}
	k := &Keyring{}
	for _, d := range []struct {
		label string
		out   []byte
	}{{"tizim database v1", k.db[:]}, {"tizim fields v1", k.fields[:]}, {"tizim blind index v1", k.blind[:]}, {"tizim blob keys v1", k.blobs[:]}} {
		b, err := hkdf.Key(sha256.New, master, nil, d.label, 32)
		if err != nil {
			return nil, err
		}
		copy(d.out, b)
	}
	seed, err := hkdf.Key(sha256.New, master, nil, "tizim signing v1", ed25519.SeedSize)
	if err != nil {
		return nil, err
	}
	k.signing = ed25519.NewKeyFromSeed(seed)
	if k.sealer, err = chacha20poly1305.NewX(k.fields[:]); err != nil {
		return nil, err
	}
	return k, nil
}

// NewMaster returns a fresh random master key.
func NewMaster() []byte {
	b := make([]byte, MasterKeySize)
	rand.Read(b)
	return b
}

// DatabaseKeyHex is the key of the encrypted SQLite file, in hex for PRAGMA hexkey.
func (k *Keyring) DatabaseKeyHex() string { return hex.EncodeToString(k.db[:]) }

// ErrOpen is returned when a sealed value does not authenticate: wrong key or tampering.
var ErrOpen = errors.New("sealed value does not authenticate (wrong key or altered data)")

// Seal encrypts plaintext with XChaCha20-Poly1305 under the field key. The additional data
// binds the ciphertext to its place (record id and field), so a sealed value cannot be moved
// onto another record.
func (k *Keyring) Seal(plaintext, ad []byte) []byte {
	aead := k.sealer
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plaintext)+aead.Overhead())
	rand.Read(nonce)
	return aead.Seal(nonce, nonce, plaintext, ad)
}

// Open reverses Seal.
func (k *Keyring) Open(sealed, ad []byte) ([]byte, error) {
	aead := k.sealer
	if len(sealed) < aead.NonceSize()+aead.Overhead() {
		return nil, ErrOpen
	}
	pt, err := aead.Open(nil, sealed[:aead.NonceSize()], sealed[aead.NonceSize():], ad)
	if err != nil {
		return nil, ErrOpen
	}
	return pt, nil
}

// BlindTerm maps a confidential search term (an identity number, a phone number) to a keyed
// digest that can be indexed and matched exactly without revealing the term.
func (k *Keyring) BlindTerm(kind, term string) string {
	m := hmac.New(sha256.New, k.blind[:])
	io.WriteString(m, kind)
	m.Write([]byte{0})
	io.WriteString(m, term)
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// Sign signs msg with the archive's signing key.
func (k *Keyring) Sign(msg []byte) []byte { return ed25519.Sign(k.signing, msg) }

// PublicKey is the archive's signing public key, published so that anyone can check
// checkpoints and open-data packages.
func (k *Keyring) PublicKey() ed25519.PublicKey { return k.signing.Public().(ed25519.PublicKey) }

// Verify checks a signature made by Sign.
func Verify(pub ed25519.PublicKey, msg, sig []byte) bool { return ed25519.Verify(pub, msg, sig) }
