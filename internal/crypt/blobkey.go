package crypt

import (
	"crypto/rand"
	"errors"

	"filippo.io/age"
	"golang.org/x/crypto/chacha20poly1305"
)

// Evidence files are age files (ADR 0600). age draws a fresh random file key for every
// file and encrypts the payload in 64 KiB ChaCha20-Poly1305 chunks; the file key is wrapped
// in the file's header by "recipients". Ours is symmetric: the file key is sealed with
// XChaCha20-Poly1305 under the archive's blob key (derived from the master key), bound to
// the stored object's name, so a stored file moved under another name no longer opens.

// blobStanza is the type of our header stanza; age passes stanzas of unknown types to the
// identities it is given, so no other tool mistakes it for one of its own.
const blobStanza = "tizim-blob"

// BlobRecipient returns the age recipient that wraps a file key for the stored object
// named object.
func (k *Keyring) BlobRecipient(object string) age.Recipient {
	return blobKey{key: &k.blobs, object: object}
}

// BlobIdentity returns the age identity that unwraps the file key of object.
func (k *Keyring) BlobIdentity(object string) age.Identity {
	return blobKey{key: &k.blobs, object: object}
}

type blobKey struct {
	key    *[32]byte
	object string
}

func (b blobKey) ad() []byte { return []byte("tizim blob file key v1:" + b.object) }

// Wrap implements age.Recipient.
func (b blobKey) Wrap(fileKey []byte) ([]*age.Stanza, error) {
	aead, err := chacha20poly1305.NewX(b.key[:])
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(fileKey)+aead.Overhead())
	rand.Read(nonce)
	body := aead.Seal(nonce, nonce, fileKey, b.ad())
	return []*age.Stanza{{Type: blobStanza, Args: []string{"v1"}, Body: body}}, nil
}

// Unwrap implements age.Identity.
func (b blobKey) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(b.key[:])
	if err != nil {
		return nil, err
	}
	for _, s := range stanzas {
		if s.Type != blobStanza || len(s.Args) != 1 || s.Args[0] != "v1" {
			continue
		}
		if len(s.Body) < aead.NonceSize()+aead.Overhead() {
			return nil, errors.New("tizim-blob stanza: too short")
		}
		key, err := aead.Open(nil, s.Body[:aead.NonceSize()], s.Body[aead.NonceSize():], b.ad())
		if err != nil {
			// Wrong archive key, a file moved under another name, or an altered header.
			return nil, ErrOpen
		}
		return key, nil
	}
	return nil, age.ErrIncorrectIdentity
}
