package crypt

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"filippo.io/age"
)

func TestBlobKeyRoundTrip(t *testing.T) {
	k, err := FromMaster(NewMaster())
	if err != nil {
		t.Fatal(err)
	}
	other, _ := FromMaster(NewMaster())
	plain := bytes.Repeat([]byte("appeal "), 20000)
	var enc bytes.Buffer
	w, err := age.Encrypt(&enc, k.BlobRecipient("obj-1"))
	if err != nil {
		t.Fatal(err)
	}
	w.Write(plain)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		id   age.Identity
		ok   bool
	}{
		{"same key and name", k.BlobIdentity("obj-1"), true},
		{"moved under another name", k.BlobIdentity("obj-2"), false},
		{"another archive", other.BlobIdentity("obj-1"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := age.Decrypt(bytes.NewReader(enc.Bytes()), tc.id)
			if !tc.ok {
				if err == nil {
					t.Fatal("decrypted, want an error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(r)
			if err != nil || !bytes.Equal(got, plain) {
				t.Fatalf("got %d bytes (%v), want %d", len(got), err, len(plain))
			}
		})
	}
	// One changed byte in the payload fails authentication.
	bad := bytes.Clone(enc.Bytes())
	bad[len(bad)-100] ^= 1
	r, err := age.Decrypt(bytes.NewReader(bad), k.BlobIdentity("obj-1"))
	if err == nil {
		_, err = io.ReadAll(r)
	}
	if err == nil {
		t.Error("altered file decrypted without error")
	}
	if errors.Is(err, io.EOF) {
		t.Errorf("got %v, want an authentication error", err)
	}
}
