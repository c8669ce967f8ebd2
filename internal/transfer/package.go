package transfer

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/tizim/tizim/internal/archive"
)

// Manifest describes an open-data package: every file with its SHA-256, the archive's
// public signing key and the head of its audit log at export time. manifest.sig holds the
// Ed25519 signature of manifest.json's exact bytes, base64.
type Manifest struct {
	Format    string         `json:"format"`
	Created   time.Time      `json:"created"`
	Files     []ManifestFile `json:"files"`
	PublicKey string         `json:"public_key"` // Ed25519, base64
	AuditSeq  int64          `json:"audit_seq"`
	AuditHead string         `json:"audit_head"` // hex SHA-256 of the newest audit entry
}

// ManifestFile is one file of a package.
type ManifestFile struct {
	Name    string `json:"name"`
	SHA256  string `json:"sha256"`
	Bytes   int64  `json:"bytes"`
	Records int    `json:"records"`
}

// PackageFormat names the package layout.
const PackageFormat = "tizim open data v1"

// Signer signs the manifest; the archive's keyring is one.
type Signer interface {
	Sign(msg []byte) []byte
	PublicKey() ed25519.PublicKey
}

// WritePackage writes the public projection into dir (created, must be empty or absent) as
// persons.csv and persons.jsonl, then manifest.json and manifest.sig. Only the public
// projection is read (archive.EachPublic): nothing internal or confidential can reach it.
func WritePackage(ctx context.Context, a *archive.Archive, dir string, who archive.Actor, s Signer, auditSeq int64, auditHead []byte) (*Manifest, error) {
	ents, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	if len(ents) > 0 {
		return nil, fmt.Errorf("%s is not empty: give a new folder for the package", dir)
	}
	// The package is built in a folder beside dir and renamed into place when complete, so a
	// failure leaves no half package behind and the next attempt can use the same name.
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, err
	}
	m := &Manifest{Format: PackageFormat, Created: time.Now().UTC().Truncate(time.Second),
		PublicKey: base64.StdEncoding.EncodeToString(s.PublicKey()), AuditSeq: auditSeq, AuditHead: hex.EncodeToString(auditHead)}
	for _, f := range []struct{ name, format string }{{"persons.csv", "csv"}, {"persons.jsonl", "jsonl"}} {
		mf, err := writePackageFile(ctx, a, filepath.Join(tmp, f.name), f.format, who)
		if err != nil {
			return nil, err
		}
		mf.Name = f.name
		m.Files = append(m.Files, mf)
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	b = append(b, '\n')
	if err := os.WriteFile(filepath.Join(tmp, "manifest.json"), b, 0o644); err != nil {
		return nil, err
	}
	sig := base64.StdEncoding.EncodeToString(s.Sign(b)) + "\n"
	if err := os.WriteFile(filepath.Join(tmp, "manifest.sig"), []byte(sig), 0o644); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp, dir); err != nil { // also replaces an empty dir
		return nil, err
	}
	return m, nil
}

func writePackageFile(ctx context.Context, a *archive.Archive, path, format string, who archive.Actor) (ManifestFile, error) {
	f, err := os.Create(path)
	if err != nil {
		return ManifestFile{}, err
	}
	h := sha256.New()
	bw := bufio.NewWriterSize(io.MultiWriter(f, h), 1<<16)
	cw := &countingWriter{w: bw}
	n, err := Export(ctx, a, cw, Options{Format: format, Public: true, Actor: who})
	if err = errors.Join(err, bw.Flush(), f.Sync(), f.Close()); err != nil {
		return ManifestFile{}, err
	}
	return ManifestFile{SHA256: hex.EncodeToString(h.Sum(nil)), Bytes: cw.n, Records: n}, nil
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}

// VerifyPackage checks a package: the manifest's signature under its public key (which
// must equal wantKey when one is given), every listed file's size and SHA-256, and that no
// file is there that the manifest does not list.
func VerifyPackage(dir string, wantKey ed25519.PublicKey) (*Manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil, err
	}
	sigText, err := os.ReadFile(filepath.Join(dir, "manifest.sig"))
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("manifest.json: %w", err)
	}
	pub, err := base64.StdEncoding.DecodeString(m.PublicKey)
	if err != nil || len(pub) != ed25519.PublicKeySize {
		return nil, errors.New("manifest.json: public_key is not an Ed25519 key")
	}
	if wantKey != nil && !wantKey.Equal(ed25519.PublicKey(pub)) {
		return nil, errors.New("the package was signed with another key than the one given")
	}
	sig, err := base64.StdEncoding.DecodeString(string(trimNL(sigText)))
	if err != nil || !ed25519.Verify(pub, b, sig) {
		return nil, errors.New("the signature does not verify: manifest.json was changed or not signed by this archive")
	}
	listed := map[string]bool{"manifest.json": true, "manifest.sig": true}
	for _, f := range m.Files {
		listed[f.Name] = true
		data, err := os.ReadFile(filepath.Join(dir, filepath.Base(f.Name)))
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(data)
		if hex.EncodeToString(sum[:]) != f.SHA256 || int64(len(data)) != f.Bytes {
			return nil, fmt.Errorf("%s does not match its SHA-256 in the manifest: it was changed", f.Name)
		}
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var extra []string
	for _, e := range ents {
		if !listed[e.Name()] {
			extra = append(extra, e.Name())
		}
	}
	sort.Strings(extra)
	if len(extra) > 0 {
		return nil, fmt.Errorf("files not in the manifest: %v", extra)
	}
	return &m, nil
}

func trimNL(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}
