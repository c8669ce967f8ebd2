package app

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/blob"
	"github.com/tizim/tizim/internal/media"
)

// BlobConfig says where evidence files are kept: the blobs folder of the data directory,
// or the S3-compatible bucket of TIZIM_BLOB_URL with the usual AWS credential variables.
type BlobConfig struct {
	URL             string // TIZIM_BLOB_URL: s3://bucket?endpoint=…&region=…; empty: DIR/blobs
	AccessKeyID     string // AWS_ACCESS_KEY_ID
	SecretAccessKey string // AWS_SECRET_ACCESS_KEY
}

func blobConfig(env *Env) BlobConfig {
	return BlobConfig{URL: env.Getenv("TIZIM_BLOB_URL"), AccessKeyID: env.Getenv("AWS_ACCESS_KEY_ID"),
		SecretAccessKey: env.Getenv("AWS_SECRET_ACCESS_KEY")}
}

// openFiles opens the blob store and the archive's evidence-file side.
func (o *Opened) openFiles(c *Config) error {
	var bs blob.Store
	o.blobs = io.NopCloser(nil)
	if c.Blobs.URL == "" {
		l, err := blob.OpenLocal(filepath.Join(c.DataDir, "blobs"))
		if err != nil {
			return err
		}
		bs, o.blobs = l, l
	} else {
		s, err := blob.OpenS3(blob.S3Config{URL: c.Blobs.URL, AccessKeyID: c.Blobs.AccessKeyID, SecretAccessKey: c.Blobs.SecretAccessKey})
		if err != nil {
			return fmt.Errorf("TIZIM_BLOB_URL: %w", err)
		}
		bs = s
	}
	host, _ := os.Hostname()
	o.Files = archive.NewFiles(o.Archive, archive.FilesConfig{Blobs: bs, Tools: media.LookTools(),
		Host: host, PID: os.Getpid(), Alive: processAlive})
	return nil
}

// processAlive reports whether a process with this id runs on this machine: signal 0
// checks without sending anything.
func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = signalZero(p)
	return err == nil || errors.Is(err, os.ErrPermission)
}
