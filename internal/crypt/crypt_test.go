package crypt

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestKeyfileRoundTrip(t *testing.T) {
	dir := t.TempDir()
	k, inDir, err := Create(dir, Unlock{})
	if err != nil {
		t.Fatal(err)
	}
	if !inDir {
		t.Error("key written inside the data dir was not reported")
	}
	st, err := os.Stat(filepath.Join(dir, DefaultKeyFile))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", st.Mode().Perm())
	}
	k2, err := Open(dir, Unlock{})
	if err != nil {
		t.Fatal(err)
	}
	if k.DatabaseKeyHex() != k2.DatabaseKeyHex() {
		t.Error("reopened keyring derives another database key")
	}
	if _, _, err := Create(dir, Unlock{}); err == nil {
		t.Error("Create over an existing keyring succeeded")
	}
}

func TestPassphrase(t *testing.T) {
	dir := t.TempDir()
	k, inDir, err := Create(dir, Unlock{Passphrase: "correct horse"})
	if err != nil {
		t.Fatal(err)
	}
	if inDir {
		t.Error("passphrase mode wrote a key file")
	}
	if _, err := Open(dir, Unlock{Passphrase: "wrong"}); err == nil {
		t.Error("wrong passphrase accepted")
	}
	if _, err := Open(dir, Unlock{}); err == nil {
		t.Error("missing passphrase accepted")
	}
	k2, err := Open(dir, Unlock{Passphrase: "correct horse"})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(k.PublicKey(), k2.PublicKey()) {
		t.Error("signing key differs after reopening")
	}
	b, _ := os.ReadFile(filepath.Join(dir, keyringFile))
	if bytes.Contains(b, []byte(k.DatabaseKeyHex())) {
		t.Error("keyring file holds a derived key in the clear")
	}
}

func TestWrongKeyFile(t *testing.T) {
	dir, other := t.TempDir(), t.TempDir()
	if _, _, err := Create(dir, Unlock{}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Create(other, Unlock{}); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, Unlock{KeyFile: filepath.Join(other, DefaultKeyFile)}); err == nil {
		t.Error("a key file of another archive was accepted")
	}
}

func TestSealBindsPlace(t *testing.T) {
	k, _ := FromMaster(NewMaster())
	s := k.Seal([]byte("passport 123"), []byte("person:1"))
	if bytes.Contains(s, []byte("passport")) {
		t.Fatal("plaintext visible in sealed value")
	}
	if got, err := k.Open(s, []byte("person:1")); err != nil || string(got) != "passport 123" {
		t.Fatalf("Open = %q, %v", got, err)
	}
	if _, err := k.Open(s, []byte("person:2")); err == nil {
		t.Error("sealed value opened on another record")
	}
	s[len(s)-1] ^= 1
	if _, err := k.Open(s, []byte("person:1")); err == nil {
		t.Error("altered sealed value opened")
	}
	if k.BlindTerm("prc_id", "650102") == k.BlindTerm("phone", "650102") {
		t.Error("blind terms of different kinds collide")
	}
	msg := []byte("checkpoint")
	if !Verify(k.PublicKey(), msg, k.Sign(msg)) {
		t.Error("signature does not verify")
	}
}
