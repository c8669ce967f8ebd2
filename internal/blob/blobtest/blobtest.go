// Package blobtest gives tests real blob stores: a temporary folder always, an in-process
// S3 protocol server (gofakes3, MIT) always, and a standalone S3-compatible server (such as
// versitygw, started by .ci/s3) when TIZIM_TEST_S3 holds its URL. Only tests import it.
package blobtest

import (
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/tizim/tizim/internal/blob"
)

// Backend is a blob store a test can run against, with what a subprocess needs to reach it.
type Backend struct {
	Name  string
	Store blob.Store
	// URL is the TIZIM_BLOB_URL of an S3 backend ("" for the folder); the credentials are
	// in AccessKey and SecretKey.
	URL, AccessKey, SecretKey string
	// Dir is the folder of the local backend.
	Dir string
}

// Backends returns the backends to test on; it logs clearly when the standalone S3
// server is skipped.
func Backends(t testing.TB) []Backend {
	t.Helper()
	out := []Backend{Local(t), Fake(t)}
	if u := os.Getenv("TIZIM_TEST_S3"); u != "" {
		// Each test gets its own prefix, so that its orphan checks see only its objects.
		b := Backend{Name: "s3-server", URL: withPrefix(t, u), AccessKey: os.Getenv("AWS_ACCESS_KEY_ID"), SecretKey: os.Getenv("AWS_SECRET_ACCESS_KEY")}
		b.Store = open(t, b)
		out = append(out, b)
	} else {
		t.Log("standalone S3 server skipped: TIZIM_TEST_S3 is not set")
	}
	return out
}

// Local returns a store on a fresh temporary folder.
func Local(t testing.TB) Backend {
	t.Helper()
	dir := t.TempDir()
	l, err := blob.OpenLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return Backend{Name: "local", Store: l, Dir: dir}
}

// Fake starts an in-process S3 server with an empty bucket and returns a store on it.
func Fake(t testing.TB) Backend {
	t.Helper()
	srv := httptest.NewServer(gofakes3.New(s3mem.New(), gofakes3.WithAutoBucket(true)).Server())
	t.Cleanup(srv.Close)
	b := Backend{Name: "s3-fake", URL: "s3://tizim-test/evidence?endpoint=" + srv.URL + "&region=us-east-1",
		AccessKey: "test", SecretKey: "test"}
	b.Store = open(t, b)
	return b
}

func withPrefix(t testing.TB, raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("TIZIM_TEST_S3: %v", err)
	}
	u.Path = path.Join("/", u.Path, "test-"+blob.NewName()[:12])
	return u.String()
}

func open(t testing.TB, b Backend) blob.Store {
	t.Helper()
	s, err := blob.OpenS3(blob.S3Config{URL: b.URL, AccessKeyID: b.AccessKey, SecretAccessKey: b.SecretKey})
	if err != nil {
		t.Fatal(err)
	}
	return s
}
