package blob

import (
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// s3Object reads an object with ranged GETs. A request per ReadAt would be one round trip
// per 32 KiB of video, so it keeps the last response body open and serves the next ReadAt
// from it when it continues where the previous one stopped (the common case: playback and
// verify read forward); a seek opens a new open-ended range.
type s3Object struct {
	s    *S3
	ctx  context.Context
	key  string
	size int64

	mu   sync.Mutex
	body io.ReadCloser
	pos  int64 // offset of the next byte body yields
}

func (o *s3Object) Size() int64 { return o.size }

func (o *s3Object) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, fmt.Errorf("blob: negative offset")
	}
	if off >= o.size {
		return 0, io.EOF
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.body == nil || o.pos != off {
		if err := o.reopen(off); err != nil {
			return 0, err
		}
	}
	want := p
	if rest := o.size - off; int64(len(want)) > rest {
		want = want[:rest]
	}
	n, err := io.ReadFull(o.body, want)
	o.pos += int64(n)
	if err != nil {
		o.body.Close()
		o.body = nil
		return n, fmt.Errorf("%s: reading %s: %w", o.s, o.key, err)
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func (o *s3Object) reopen(off int64) error {
	if o.body != nil {
		o.body.Close()
		o.body = nil
	}
	rng := fmt.Sprintf("bytes=%d-", off)
	out, err := o.s.c.GetObject(o.ctx, &s3.GetObjectInput{Bucket: &o.s.bucket, Key: &o.key, Range: &rng})
	if err != nil {
		return fmt.Errorf("%s: %w", o.s, err)
	}
	o.body, o.pos = out.Body, off
	return nil
}

func (o *s3Object) Close() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.body != nil {
		err := o.body.Close()
		o.body = nil
		return err
	}
	return nil
}
